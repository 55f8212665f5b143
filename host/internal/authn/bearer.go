package authn

import (
	"net/http"
	"strings"

	"google.golang.org/grpc/metadata"
)

// MaxTokenBytes bounds a bearer token. Tokens of an OIDC issuer with many
// groups run to a few KiB; nothing legitimate comes near this.
const MaxTokenBytes = 16 << 10

// maxHeaderBytes bounds the whole Authorization value: the scheme, the
// spaces after it and the token.
const maxHeaderBytes = MaxTokenBytes + 64

// BearerToken returns the token of an HTTP Authorization header value of
// the form "Bearer <token68>" (RFC 6750): the scheme in any case, one or
// more spaces, exactly one token of at most MaxTokenBytes. Spaces and tabs
// around the value are ignored. An empty value gives an error wrapping
// ErrNoCredentials; anything else malformed one wrapping
// ErrUnauthenticated. The error never holds the value.
func BearerToken(header string) (string, error) {
	if len(header) > maxHeaderBytes {
		return "", fail(ReasonTooLarge)
	}
	header = strings.Trim(header, " \t")
	if header == "" {
		return "", noCredentials()
	}
	scheme, rest, found := strings.Cut(header, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", fail(ReasonScheme)
	}
	token := strings.TrimLeft(rest, " ")
	if !found || token == "" || strings.ContainsAny(token, " \t") {
		return "", fail(ReasonMalformedHeader)
	}
	if err := CheckToken(token); err != nil {
		return "", err
	}
	return token, nil
}

// CheckToken reports whether token can travel in a Bearer header: at most
// MaxTokenBytes of the token68 characters (letters, digits, - . _ ~ + /,
// then = padding only at the end). An empty token gives an error wrapping
// ErrNoCredentials.
func CheckToken(token string) error {
	switch {
	case token == "":
		return noCredentials()
	case len(token) > MaxTokenBytes:
		return fail(ReasonTooLarge)
	}
	body := strings.TrimRight(token, "=")
	if body == "" {
		return fail(ReasonBadCharacters)
	}
	for i := 0; i < len(body); i++ {
		if !token68[body[i]] {
			return fail(ReasonBadCharacters)
		}
	}
	return nil
}

var token68 = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "-._~+/" {
		t[c] = true
	}
	return t
}()

// HTTPToken returns the bearer token of a request's headers: the one
// Authorization header, parsed by BearerToken. No header gives an error
// wrapping ErrNoCredentials; more than one an error.
func HTTPToken(h http.Header) (string, error) {
	return oneValue(h.Values("Authorization"))
}

// GRPCToken returns the bearer token of a gRPC call's incoming metadata:
// the one value of the "authorization" key, parsed by BearerToken. No
// value gives an error wrapping ErrNoCredentials; more than one an error.
func GRPCToken(md metadata.MD) (string, error) {
	return oneValue(md.Get("authorization"))
}

func oneValue(values []string) (string, error) {
	switch len(values) {
	case 0:
		return "", noCredentials()
	case 1:
		return BearerToken(values[0])
	}
	return "", fail(ReasonManyHeaders)
}
