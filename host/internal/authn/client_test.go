package authn

import (
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/quiverfs/quiver/host/internal/config"
)

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func TestClientTokenByType(t *testing.T) {
	ctx := context.Background()
	t.Setenv(EnvToken, "")
	if tok, err := ClientToken(ctx, config.Auth{Type: config.AuthNone}); tok != "" || err != nil {
		t.Errorf("no_auth: %q, %v", tok, err)
	}
	if _, err := ClientToken(ctx, config.Auth{Type: config.AuthStaticTokens}); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("static_tokens without QUIVER_TOKEN: %v", err)
	}
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte("sa-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	kube := config.Auth{Type: config.AuthKubernetes, Kubernetes: config.Kubernetes{TokenFile: file}}
	if tok, err := ClientToken(ctx, kube); tok != "sa-token" || err != nil {
		t.Errorf("kubernetes: %q, %v", tok, err)
	}
	kube.Kubernetes.TokenFile = file + ".missing"
	if _, err := ClientToken(ctx, kube); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("kubernetes without a token file: %v", err)
	}
	t.Setenv(EnvToken, "env-token")
	for _, typ := range []string{config.AuthNone, config.AuthStaticTokens, config.AuthKubernetes, config.AuthOIDC} {
		if tok, err := ClientToken(ctx, config.Auth{Type: typ}); tok != "env-token" || err != nil {
			t.Errorf("%s with QUIVER_TOKEN: %q, %v", typ, tok, err)
		}
	}
	t.Setenv(EnvToken, "bad token")
	if _, err := ClientToken(ctx, config.Auth{}); err == nil {
		t.Error("a QUIVER_TOKEN a header cannot carry was accepted")
	}
}
