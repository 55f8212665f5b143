package authn

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quiverfs/quiver/host/internal/config"
)

// fakeAPIServer is a TLS server on loopback that answers TokenReviews as
// the Kubernetes API server does (authentication.k8s.io/v1), for the
// tokens it knows. It is not a real API server: this package is not
// tested against a real cluster here.
type fakeAPIServer struct {
	srv     *httptest.Server
	reviews atomic.Int32
	caFile  string
}

const fakeSAToken = "server-sa-token"

func startFakeAPIServer(t *testing.T) *fakeAPIServer {
	t.Helper()
	f := &fakeAPIServer{}
	f.srv = httptest.NewTLSServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	f.caFile = filepath.Join(t.TempDir(), "ca.crt")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.srv.Certificate().Raw})
	if err := os.WriteFile(f.caFile, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fakeAPIServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/apis/authentication.k8s.io/v1/tokenreviews" {
		http.NotFound(w, r)
		return
	}
	switch r.Header.Get("Authorization") {
	case "Bearer " + fakeSAToken:
	case "Bearer no-rights":
		http.Error(w, `{"kind":"Status","reason":"Forbidden"}`, http.StatusForbidden)
		return
	default:
		http.Error(w, `{"kind":"Status","reason":"Unauthorized"}`, http.StatusUnauthorized)
		return
	}
	f.reviews.Add(1)
	var tr tokenReview
	if err := json.NewDecoder(r.Body).Decode(&tr); err != nil || tr.Kind != "TokenReview" || tr.APIVersion != "authentication.k8s.io/v1" {
		http.Error(w, "bad review", http.StatusBadRequest)
		return
	}
	st := tokenReviewStatus{}
	switch tr.Spec.Token {
	case "pod-token":
		st = tokenReviewStatus{Authenticated: true, User: userInfo{Username: "system:serviceaccount:team-a:reader",
			Groups: []string{"system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"}}}
	case "user-token":
		st = tokenReviewStatus{Authenticated: true, User: userInfo{Username: "alice", Groups: []string{"devs"}}}
	case "nameless-token":
		st = tokenReviewStatus{Authenticated: true}
	}
	if tr.Spec.Token == "audience-blind-token" {
		// As an API server that ignores spec.audiences: it vouches for
		// the token but for its own audience only.
		st = tokenReviewStatus{Authenticated: true, User: userInfo{Username: "alice"}, Audiences: []string{"https://kubernetes.default.svc"}}
	} else if len(tr.Spec.Audiences) > 0 {
		// As the API server: with audiences asked for, a token is valid
		// only for those it was issued for (here: "quiver").
		if slices.Contains(tr.Spec.Audiences, "quiver") {
			st.Audiences = []string{"quiver"}
		} else {
			st = tokenReviewStatus{}
		}
	}
	tr.Status = st
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(tr)
}

func (f *fakeAPIServer) cfg(t *testing.T, saToken string) config.Kubernetes {
	t.Helper()
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(saToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return config.Kubernetes{APIServerURL: f.srv.URL, TokenFile: tokenFile, CAFile: f.caFile,
		Timeout: 2 * time.Second, CacheTTL: config.DefaultTokenReviewTTL}
}

func TestKubernetesTokenReview(t *testing.T) {
	t.Parallel()
	f := startFakeAPIServer(t)
	k, err := NewKubernetes(f.cfg(t, fakeSAToken))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id, err := k.Authenticate(ctx, "pod-token")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ident(id), [4]string{"system:serviceaccount:team-a:reader", "",
		"system:serviceaccounts,system:serviceaccounts:team-a,system:authenticated", "team-a"}; got != want {
		t.Errorf("service account: %q, want %q", got, want)
	}
	if id, err := k.Authenticate(ctx, "user-token"); err != nil || ident(id) != [4]string{"alice", "", "devs", ""} {
		t.Errorf("user: %+v, %v", id, err)
	}
	_, err = k.Authenticate(ctx, "forged-token")
	refused(t, "an unknown token", err, "forged-token", ReasonReviewRejected)
	_, err = k.Authenticate(ctx, "nameless-token")
	refused(t, "a review without a username", err, "nameless-token", ReasonNoUsername)
	if _, err := k.Authenticate(ctx, ""); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("empty token: %v", err)
	}
}

func TestKubernetesCachesAcceptedReviews(t *testing.T) {
	t.Parallel()
	f := startFakeAPIServer(t)
	k, err := NewKubernetes(f.cfg(t, fakeSAToken))
	if err != nil {
		t.Fatal(err)
	}
	var off atomic.Int64
	k.now = func() time.Time { return time.Now().Add(time.Duration(off.Load())) }
	for range 3 {
		if _, err := k.Authenticate(context.Background(), "pod-token"); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		_, _ = k.Authenticate(context.Background(), "forged-token")
	}
	if got := f.reviews.Load(); got != 3 {
		t.Errorf("%d reviews, want 3 (one for the accepted token, one per refused try)", got)
	}
	off.Store(int64(config.DefaultTokenReviewTTL))
	if _, err := k.Authenticate(context.Background(), "pod-token"); err != nil || f.reviews.Load() != 4 {
		t.Errorf("after the TTL: %v, %d reviews, want a new one", err, f.reviews.Load())
	}
}

func TestKubernetesAudiences(t *testing.T) {
	t.Parallel()
	f := startFakeAPIServer(t)
	cfg := f.cfg(t, fakeSAToken)
	cfg.Audiences = []string{"quiver"}
	k, err := NewKubernetes(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if id, err := k.Authenticate(context.Background(), "user-token"); err != nil || id.Name != "alice" {
		t.Errorf("audience quiver: %+v, %v", id, err)
	}
	_, err = k.Authenticate(context.Background(), "audience-blind-token")
	refused(t, "a review for another audience", err, "audience-blind-token", ReasonReviewNoAudience)
	cfg.Audiences = []string{"other"}
	k, _ = NewKubernetes(cfg)
	_, err = k.Authenticate(context.Background(), "user-token")
	refused(t, "another audience", err, "user-token", ReasonReviewRejected)
}

func TestKubernetesUnavailable(t *testing.T) {
	t.Parallel()
	f := startFakeAPIServer(t)
	k, err := NewKubernetes(f.cfg(t, "no-rights"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = k.Authenticate(context.Background(), "pod-token")
	if !errors.Is(err, ErrUnavailable) || !errors.Is(err, ErrUnauthenticated) || !strings.Contains(err.Error(), "HTTP 403") {
		t.Errorf("a server without the right to review: %v", err)
	}

	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	down := f.cfg(t, fakeSAToken)
	down.APIServerURL = "https://" + ln.Addr().String()
	ln.Close()
	k, err = NewKubernetes(down)
	if err != nil {
		t.Fatal(err)
	}
	_, err = k.Authenticate(context.Background(), "pod-token")
	refused(t, "API server down", err, "pod-token", ReasonReviewFailed)
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("API server down: %v, want ErrUnavailable", err)
	}

	// A CA that did not sign the server's certificate.
	wrongCA := f.cfg(t, fakeSAToken)
	wrongCA.CAFile = unrelatedCA(t)
	k, err = NewKubernetes(wrongCA)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Authenticate(context.Background(), "pod-token"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("an API server whose certificate the CA did not sign: %v", err)
	}
}

func TestNewKubernetesNeedsAnAPIServerAndItsToken(t *testing.T) {
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	t.Setenv("KUBERNETES_SERVICE_PORT", "")
	if _, err := NewKubernetes(config.Kubernetes{}); err == nil || !strings.Contains(err.Error(), "api_server_url") {
		t.Errorf("outside a cluster: %v", err)
	}
	f := startFakeAPIServer(t)
	cfg := f.cfg(t, fakeSAToken)
	cfg.TokenFile += ".missing"
	if _, err := NewKubernetes(cfg); err == nil || !strings.Contains(err.Error(), "service account token") {
		t.Errorf("no token file: %v", err)
	}
	// In a cluster the address comes from the environment.
	host, port, _ := net.SplitHostPort(strings.TrimPrefix(f.srv.URL, "https://"))
	t.Setenv("KUBERNETES_SERVICE_HOST", host)
	t.Setenv("KUBERNETES_SERVICE_PORT", port)
	cfg = f.cfg(t, fakeSAToken)
	cfg.APIServerURL = ""
	k, err := NewKubernetes(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if id, err := k.Authenticate(context.Background(), "user-token"); err != nil || id.Name != "alice" {
		t.Errorf("in-cluster address: %+v, %v", id, err)
	}
}

func TestServiceAccountNamespace(t *testing.T) {
	t.Parallel()
	for user, want := range map[string]string{
		"system:serviceaccount:team-a:reader": "team-a",
		"system:serviceaccount:team-a":        "",
		"system:serviceaccount::reader":       "",
		"system:serviceaccount:a:b:c":         "",
		"alice":                               "",
		"system:serviceaccounts:team-a":       "",
	} {
		if got, _ := serviceAccountNamespace(user); got != want {
			t.Errorf("%q: %q, want %q", user, got, want)
		}
	}
}

// unrelatedCA writes a fresh self-signed CA certificate (PEM) that signed
// nothing else.
func unrelatedCA(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "unrelated CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "unrelated.crt")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
