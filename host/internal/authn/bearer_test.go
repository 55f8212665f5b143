package authn

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"google.golang.org/grpc/metadata"
)

func TestBearerTokenAcceptsOneToken68(t *testing.T) {
	t.Parallel()
	for header, want := range map[string]string{
		"Bearer abc":                     "abc",
		"bearer abc":                     "abc",
		"BEARER abc":                     "abc",
		"Bearer    abc":                  "abc",
		"  Bearer abc \t":                "abc",
		"Bearer a-b.c_d~e+f/g==":         "a-b.c_d~e+f/g==",
		"Bearer eyJhbGciOi.eyJzdWIi.sig": "eyJhbGciOi.eyJzdWIi.sig",
		"Bearer " + strings.Repeat("x", MaxTokenBytes): strings.Repeat("x", MaxTokenBytes),
	} {
		got, err := BearerToken(header)
		if err != nil || got != want {
			t.Errorf("BearerToken(%.40q) = %.40q, %v; want %.40q", header, got, err, want)
		}
	}
}

func TestBearerTokenRejectsEverythingElse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ header, reason string }{
		{"", ReasonNoCredentials},
		{"   ", ReasonNoCredentials},
		{"Bearer", ReasonMalformedHeader},
		{"Bearer ", ReasonMalformedHeader},
		{"Bearer  ", ReasonMalformedHeader},
		{"Bearer a b", ReasonMalformedHeader},
		{"Bearer a\tb", ReasonMalformedHeader},
		{"Bearer\tabc", ReasonScheme},
		{"Basic dXNlcjpwYXNz", ReasonScheme},
		{"Token abc", ReasonScheme},
		{"Bearerabc", ReasonScheme},
		{"abc", ReasonScheme},
		{"Bearer a=b", ReasonBadCharacters},
		{"Bearer ===", ReasonBadCharacters},
		{"Bearer a,b", ReasonBadCharacters},
		{"Bearer a\"b", ReasonBadCharacters},
		{"Bearer caf\u00e9", ReasonBadCharacters},
		{"Bearer a\x00b", ReasonBadCharacters},
		{"Bearer a\nb", ReasonBadCharacters},
		{"Bearer " + strings.Repeat("x", MaxTokenBytes+1), ReasonTooLarge},
		{strings.Repeat(" ", maxHeaderBytes+1), ReasonTooLarge},
	} {
		tok, err := BearerToken(tc.header)
		if tok != "" || !errors.Is(err, ErrUnauthenticated) {
			t.Errorf("BearerToken(%.40q) = %.40q, %v; want an unauthenticated error", tc.header, tok, err)
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Reason != tc.reason {
			t.Errorf("BearerToken(%.40q): reason %v, want %q", tc.header, err, tc.reason)
		}
		if errors.Is(err, ErrNoCredentials) != (tc.reason == ReasonNoCredentials) {
			t.Errorf("BearerToken(%.40q): errors.Is(ErrNoCredentials) = %v", tc.header, errors.Is(err, ErrNoCredentials))
		}
	}
}

func TestBearerErrorsDoNotHoldTheHeader(t *testing.T) {
	t.Parallel()
	for _, h := range []string{"Basic c2VjcmV0LXBhc3N3b3Jk", "Bearer secret-token extra", "Bearer secret\"token"} {
		_, err := BearerToken(h)
		if err == nil || strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "c2VjcmV0") {
			t.Errorf("BearerToken(%q) error %v", h, err)
		}
	}
}

func TestHTTPAndGRPCTokensWantExactlyOneValue(t *testing.T) {
	t.Parallel()
	h := http.Header{}
	if _, err := HTTPToken(h); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("no header: %v", err)
	}
	h.Add("Authorization", "Bearer one")
	if tok, err := HTTPToken(h); tok != "one" || err != nil {
		t.Errorf("one header: %q, %v", tok, err)
	}
	h.Add("Authorization", "Bearer two")
	if _, err := HTTPToken(h); !errors.Is(err, ErrUnauthenticated) || !strings.Contains(err.Error(), ReasonManyHeaders) {
		t.Errorf("two headers: %v", err)
	}

	if _, err := GRPCToken(nil); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("no metadata: %v", err)
	}
	md := metadata.Pairs("Authorization", "Bearer one") // keys are lowercased
	if tok, err := GRPCToken(md); tok != "one" || err != nil {
		t.Errorf("one value: %q, %v", tok, err)
	}
	md.Append("authorization", "Bearer two")
	if _, err := GRPCToken(md); !errors.Is(err, ErrUnauthenticated) || errors.Is(err, ErrNoCredentials) {
		t.Errorf("two values: %v", err)
	}
}

// FuzzBearerToken checks that BearerToken never panics, that what it
// accepts is a token68 of bounded size found in the header, which a
// canonical header gives back unchanged, and that every refusal wraps
// ErrUnauthenticated without echoing the header.
func FuzzBearerToken(f *testing.F) {
	for _, s := range []string{"", "Bearer abc", "bearer a.b.c", "Basic x", "Bearer a b", "Bearer ==", "Bearer a==",
		"Bearer \x00", " Bearer  x "} { // size bounds: TestBearerTokenRejectsEverythingElse (a 16 KiB seed slows fuzzing ~20x)
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		tok, err := BearerToken(header)
		if err != nil {
			if tok != "" || !errors.Is(err, ErrUnauthenticated) {
				t.Fatalf("BearerToken(%q) = %q, %v", header, tok, err)
			}
			// The message is one of a fixed few: nothing of the header.
			var e *Error
			if !errors.As(err, &e) || !bearerReasons[e.Reason] || err.Error() != "unauthenticated: "+e.Reason {
				t.Fatalf("BearerToken(%q): unexpected error %q", header, err)
			}
			return
		}
		if tok == "" || len(tok) > MaxTokenBytes || !strings.Contains(header, tok) || CheckToken(tok) != nil {
			t.Fatalf("BearerToken(%q) accepted %q", header, tok)
		}
		if again, err := BearerToken("Bearer " + tok); again != tok || err != nil {
			t.Fatalf("the canonical header of %q gives %q, %v", tok, again, err)
		}
	})
}

var bearerReasons = map[string]bool{ReasonNoCredentials: true, ReasonMalformedHeader: true, ReasonScheme: true,
	ReasonTooLarge: true, ReasonBadCharacters: true}
