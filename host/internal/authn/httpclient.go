package authn

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// maxResponseBytes bounds what is read of a discovery document, a key set
// or a TokenReview answer.
const maxResponseBytes = 1 << 20

// newHTTPClient returns a client whose every request, body included, ends
// within timeout, trusting the system's CAs plus those in caFile (PEM, if
// set), or checking no certificate when insecure.
func newHTTPClient(timeout time.Duration, insecure bool, caFile string) (*http.Client, error) {
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: insecure} //nolint:gosec // verify_ssl: false asks for it
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("reading CA certificates: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%s holds no PEM certificate", caFile)
		}
		tlsCfg.RootCAs = pool
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = tlsCfg
	tr.ResponseHeaderTimeout = timeout
	tr.TLSHandshakeTimeout = timeout
	return &http.Client{Timeout: timeout, Transport: tr}, nil
}

// httpError is a failed request: safe to show (the URL is configuration,
// the body is cut and not shown).
type httpError struct {
	url    string
	status int
}

func (e *httpError) Error() string { return fmt.Sprintf("GET %s: HTTP %d", e.url, e.status) }

// getJSON GETs url and decodes its JSON body, of at most maxResponseBytes,
// into v.
func getJSON(ctx context.Context, c *http.Client, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return fmt.Errorf("GET %s: reading the answer: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return &httpError{url: url, status: resp.StatusCode}
	}
	if len(body) > maxResponseBytes {
		return fmt.Errorf("GET %s: the answer is over %d bytes", url, maxResponseBytes)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("GET %s: the answer is not the JSON expected: %w", url, err)
	}
	return nil
}
