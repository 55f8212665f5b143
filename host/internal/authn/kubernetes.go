package authn

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/config"
)

// Kubernetes is the kubernetes authenticator, as Feast's: the token is
// sent in a TokenReview (authentication.k8s.io/v1) to the API server,
// which says whether it is valid and whose it is. The server presents its
// own service-account token to do so (it needs the RBAC right to create
// tokenreviews). The identity is the review's username and groups; a
// service account (system:serviceaccount:NS:NAME) gets namespace NS. No
// roles are read (Feast reads them from RoleBindings; not done here).
//
// Accepted reviews are cached for CacheTTL by the token's SHA-256, so a
// busy caller costs one review per CacheTTL.
type Kubernetes struct {
	client    *http.Client
	reviewURL string
	tokenFile string
	audiences []string
	ttl       time.Duration
	now       func() time.Time

	mu        sync.Mutex
	saToken   string
	saTokenAt time.Time
	cache     map[[sha256.Size]byte]cachedReview
}

type cachedReview struct {
	id      authz.Identity
	expires time.Time
}

// maxCachedReviews bounds the review cache; when full it is emptied.
const maxCachedReviews = 4096

// saTokenMaxAge is how long the service-account token read from its file
// is used before the file is read again (the kubelet rotates it).
const saTokenMaxAge = time.Minute

// NewKubernetes returns the authenticator of cfg. It reads the service
// account token and the CA file, and fails when there is no API server to
// ask (api_server_url unset outside a cluster); it does not call the API
// server.
func NewKubernetes(cfg config.Kubernetes) (*Kubernetes, error) {
	base := cfg.APIServerURL
	if base == "" {
		host, port := os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")
		if host == "" || port == "" {
			return nil, errors.New("kubernetes: not running in a cluster (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are unset): set auth.api_server_url")
		}
		base = "https://" + net.JoinHostPort(host, port)
	}
	if cfg.TokenFile == "" {
		cfg.TokenFile = config.DefaultKubeTokenFile
	}
	if cfg.CAFile == "" {
		cfg.CAFile = config.DefaultKubeCAFile
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = config.DefaultAuthTimeout
	}
	caFile := cfg.CAFile
	if strings.HasPrefix(base, "http://") {
		caFile = "" // no TLS to check
	}
	client, err := newHTTPClient(cfg.Timeout, false, caFile)
	if err != nil {
		return nil, fmt.Errorf("kubernetes: ca_file: %w", err)
	}
	k := &Kubernetes{
		client:    client,
		reviewURL: strings.TrimRight(base, "/") + "/apis/authentication.k8s.io/v1/tokenreviews",
		tokenFile: cfg.TokenFile,
		audiences: slices.Clone(cfg.Audiences),
		ttl:       cfg.CacheTTL,
		now:       time.Now,
		cache:     map[[sha256.Size]byte]cachedReview{},
	}
	if _, err := k.serviceAccountToken(); err != nil {
		return nil, err
	}
	return k, nil
}

// serviceAccountToken returns the server's own token, read again from its
// file once it is saTokenMaxAge old.
func (k *Kubernetes) serviceAccountToken() (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.saToken != "" && k.now().Sub(k.saTokenAt) < saTokenMaxAge {
		return k.saToken, nil
	}
	b, err := os.ReadFile(k.tokenFile)
	if err != nil {
		return "", fmt.Errorf("kubernetes: reading the service account token: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("kubernetes: the service account token file %s is empty", k.tokenFile)
	}
	k.saToken, k.saTokenAt = tok, k.now()
	return tok, nil
}

// The TokenReview request and answer, as much as is used.
type tokenReview struct {
	APIVersion string            `json:"apiVersion"`
	Kind       string            `json:"kind"`
	Spec       tokenReviewSpec   `json:"spec"`
	Status     tokenReviewStatus `json:"status,omitempty"`
}

type tokenReviewSpec struct {
	Token     string   `json:"token"`
	Audiences []string `json:"audiences,omitempty"`
}

type tokenReviewStatus struct {
	Authenticated bool     `json:"authenticated"`
	User          userInfo `json:"user"`
	Audiences     []string `json:"audiences,omitempty"`
}

type userInfo struct {
	Username string   `json:"username"`
	Groups   []string `json:"groups"`
}

// Authenticate asks the API server about token, or reuses an accepted
// review younger than the cache TTL.
func (k *Kubernetes) Authenticate(ctx context.Context, token string) (authz.Identity, error) {
	if err := CheckToken(token); err != nil {
		return authz.Identity{}, err
	}
	key := sha256.Sum256([]byte(token))
	if id, ok := k.cached(key); ok {
		return id, nil
	}
	st, err := k.review(ctx, token)
	if err != nil {
		return authz.Identity{}, err
	}
	if !st.Authenticated {
		return authz.Identity{}, fail(ReasonReviewRejected)
	}
	if len(k.audiences) > 0 && !slices.ContainsFunc(st.Audiences, func(a string) bool { return slices.Contains(k.audiences, a) }) {
		return authz.Identity{}, fail(ReasonReviewNoAudience)
	}
	if st.User.Username == "" {
		return authz.Identity{}, fail(ReasonNoUsername)
	}
	id := authz.Identity{Name: st.User.Username, Groups: dedupe(st.User.Groups)}
	if ns, ok := serviceAccountNamespace(st.User.Username); ok {
		id.Namespaces = []string{ns}
	}
	k.store(key, id)
	return cloneIdentity(id), nil
}

// serviceAccountNamespace returns NS of system:serviceaccount:NS:NAME.
func serviceAccountNamespace(username string) (string, bool) {
	rest, ok := strings.CutPrefix(username, "system:serviceaccount:")
	if !ok {
		return "", false
	}
	ns, name, ok := strings.Cut(rest, ":")
	if !ok || ns == "" || name == "" || strings.Contains(name, ":") {
		return "", false
	}
	return ns, true
}

func (k *Kubernetes) review(ctx context.Context, token string) (*tokenReviewStatus, error) {
	sa, err := k.serviceAccountToken()
	if err != nil {
		return nil, unavailable(ReasonReviewFailed)
	}
	body, err := json.Marshal(tokenReview{
		APIVersion: "authentication.k8s.io/v1", Kind: "TokenReview",
		Spec: tokenReviewSpec{Token: token, Audiences: k.audiences},
	})
	if err != nil {
		return nil, unavailable(ReasonReviewFailed)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, k.reviewURL, bytes.NewReader(body))
	if err != nil {
		return nil, unavailable(ReasonReviewFailed)
	}
	req.Header.Set("Authorization", "Bearer "+sa)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := k.client.Do(req)
	if err != nil {
		return nil, unavailable(ReasonReviewFailed)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil || len(b) > maxResponseBytes {
		return nil, unavailable(ReasonReviewFailed)
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		// 401/403: the server's own token may not create tokenreviews.
		return nil, unavailable(fmt.Sprintf("%s (API server answered HTTP %d)", ReasonReviewFailed, resp.StatusCode))
	}
	var out tokenReview
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, unavailable(ReasonReviewFailed)
	}
	return &out.Status, nil
}

func (k *Kubernetes) cached(key [sha256.Size]byte) (authz.Identity, bool) {
	if k.ttl <= 0 {
		return authz.Identity{}, false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	c, ok := k.cache[key]
	if !ok || !k.now().Before(c.expires) {
		return authz.Identity{}, false
	}
	return cloneIdentity(c.id), true
}

func (k *Kubernetes) store(key [sha256.Size]byte, id authz.Identity) {
	if k.ttl <= 0 {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	t := k.now()
	if len(k.cache) >= maxCachedReviews {
		for key, c := range k.cache {
			if !t.Before(c.expires) {
				delete(k.cache, key)
			}
		}
		if len(k.cache) >= maxCachedReviews {
			clear(k.cache)
		}
	}
	k.cache[key] = cachedReview{id: cloneIdentity(id), expires: t.Add(k.ttl)}
}
