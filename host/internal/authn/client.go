package authn

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/quiverfs/quiver/host/internal/config"
)

// The environment variables a client reads.
const (
	// EnvToken holds a token to send as it is, whatever the auth type.
	EnvToken = "QUIVER_TOKEN"
	// EnvClientSecret holds the OIDC client secret of the
	// client-credentials flow. It is never read from quiver.yaml.
	EnvClientSecret = "QUIVER_OIDC_CLIENT_SECRET"
)

// ClientToken returns the bearer token a client of a server configured
// with cfg sends:
//
//   - QUIVER_TOKEN, when set, for any type;
//   - no_auth: none ("" and no error);
//   - oidc: an access token from the issuer's token endpoint by the
//     client-credentials flow, as client cfg.OIDC.ClientID with the secret
//     in QUIVER_OIDC_CLIENT_SECRET;
//   - kubernetes: the service-account token in cfg.Kubernetes.TokenFile
//     (the pod's own, by default);
//   - static_tokens, and the cases above without their source: an error
//     wrapping ErrNoCredentials that says what to set.
func ClientToken(ctx context.Context, cfg config.Auth) (string, error) {
	if tok, ok := os.LookupEnv(EnvToken); ok && tok != "" {
		if err := CheckToken(tok); err != nil {
			return "", fmt.Errorf("%s: %w", EnvToken, err)
		}
		return tok, nil
	}
	switch cfg.Type {
	case "", config.AuthNone:
		return "", nil
	case config.AuthOIDC:
		return clientCredentials(ctx, cfg.OIDC)
	case config.AuthKubernetes:
		path := cfg.Kubernetes.TokenFile
		if path == "" {
			path = config.DefaultKubeTokenFile
		}
		b, err := os.ReadFile(path)
		if err != nil || strings.TrimSpace(string(b)) == "" {
			return "", needToken(cfg.Type, fmt.Sprintf("or run where %s holds a service account token", path))
		}
		return strings.TrimSpace(string(b)), nil
	}
	return "", needToken(cfg.Type, "")
}

func needToken(typ, more string) error {
	msg := "auth type " + typ + ": set " + EnvToken
	if more != "" {
		msg += " " + more
	}
	return fmt.Errorf("%s: %w", msg, ErrNoCredentials)
}

// clientCredentials runs the client-credentials flow against the token
// endpoint that the issuer's discovery document names.
func clientCredentials(ctx context.Context, cfg config.OIDC) (string, error) {
	secret := os.Getenv(EnvClientSecret)
	if secret == "" {
		return "", needToken(config.AuthOIDC, "or "+EnvClientSecret+" for the client-credentials flow")
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = config.DefaultAuthTimeout
	}
	client, err := newHTTPClient(timeout, cfg.InsecureSkipVerify, cfg.CACertPath)
	if err != nil {
		return "", fmt.Errorf("oidc: ca_cert_path: %w", err)
	}
	d, err := discover(ctx, client, cfg.DiscoveryURL)
	if err != nil {
		return "", err
	}
	if d.TokenEndpoint == "" {
		return "", fmt.Errorf("oidc: discovery: %s names no token_endpoint", cfg.DiscoveryURL)
	}
	cc := clientcredentials.Config{ClientID: cfg.ClientID, ClientSecret: secret, TokenURL: d.TokenEndpoint, Scopes: cfg.Scopes}
	tok, err := cc.Token(context.WithValue(ctx, oauth2.HTTPClient, client))
	if err != nil {
		// The issuer's answer is not echoed whole: only its error code.
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			code := re.ErrorCode
			if code == "" {
				code = fmt.Sprintf("HTTP %d", re.Response.StatusCode)
			}
			return "", fmt.Errorf("oidc: the token endpoint %s refused client %q: %s", d.TokenEndpoint, cfg.ClientID, code)
		}
		return "", fmt.Errorf("oidc: the client-credentials flow at %s failed: %w", d.TokenEndpoint, err)
	}
	if err := CheckToken(tok.AccessToken); err != nil {
		return "", fmt.Errorf("oidc: the token endpoint's access token: %w", err)
	}
	return tok.AccessToken, nil
}
