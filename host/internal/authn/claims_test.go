package authn

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/config"
)

func defaultClaimsConfig() config.OIDC {
	return config.OIDC{ClientID: "quiver", UsernameClaims: config.DefaultUsernameClaims,
		RolesClaim: "roles", GroupsClaim: "groups", NamespacesClaim: "namespaces"}
}

func TestMapClaims(t *testing.T) {
	t.Parallel()
	cfg := defaultClaimsConfig()
	for _, tc := range []struct {
		name, claims                  string
		cfg                           func(*config.OIDC)
		user, roles, groups, nss, err string
	}{
		{name: "preferred_username first", claims: `{"preferred_username":"alice","upn":"u","azp":"a","sub":"s"}`, user: "alice"},
		{name: "then upn", claims: `{"upn":"u","azp":"a","sub":"s"}`, user: "u"},
		{name: "then azp", claims: `{"preferred_username":"","azp":"a","sub":"s"}`, user: "a"},
		{name: "then sub", claims: `{"sub":"s"}`, user: "s"},
		{name: "a non-string username is skipped", claims: `{"preferred_username":7,"sub":"s"}`, user: "s"},
		{name: "no username", claims: `{"email":"e"}`, err: ReasonNoUsername},
		{name: "roles, client roles, groups, namespaces",
			claims: `{"sub":"s","roles":["reader"],"resource_access":{"quiver":{"roles":["writer","reader"]},"other":{"roles":["admin"]}},"groups":["ds","ds"],"namespaces":["team-a"]}`,
			user:   "s", roles: "reader,writer", groups: "ds", nss: "team-a"},
		{name: "client roles ignored when asked", claims: `{"sub":"s","resource_access":{"quiver":{"roles":["writer"]}}}`,
			cfg: func(c *config.OIDC) { c.IgnoreClientRoles = true }, user: "s"},
		{name: "a single string is a list of one", claims: `{"sub":"s","groups":"ds","roles":"r"}`, user: "s", roles: "r", groups: "ds"},
		{name: "a dotted path", claims: `{"sub":"s","realm_access":{"roles":["r1"]}}`,
			cfg: func(c *config.OIDC) { c.RolesClaim = "realm_access.roles" }, user: "s", roles: "r1"},
		{name: "a claim with dots in its name", claims: `{"sub":"s","https://x.io/ns":["n1"]}`,
			cfg: func(c *config.OIDC) { c.NamespacesClaim = "https://x.io/ns" }, user: "s", nss: "n1"},
		{name: "custom username claim", claims: `{"sub":"s","email":"e@x"}`,
			cfg: func(c *config.OIDC) { c.UsernameClaims = []string{"email"} }, user: "e@x"},
		{name: "a claim turned off", claims: `{"sub":"s","groups":["g"]}`,
			cfg: func(c *config.OIDC) { c.GroupsClaim = "" }, user: "s"},
		{name: "roles of the wrong type", claims: `{"sub":"s","roles":{"a":1}}`, err: ReasonMalformedClaims},
		{name: "a role of the wrong type", claims: `{"sub":"s","roles":["a",1]}`, err: ReasonMalformedClaims},
		{name: "resource_access of the wrong type", claims: `{"sub":"s","resource_access":[]}`, err: ReasonMalformedClaims},
		{name: "client entry of the wrong type", claims: `{"sub":"s","resource_access":{"quiver":"x"}}`, err: ReasonMalformedClaims},
		{name: "namespaces of the wrong type", claims: `{"sub":"s","namespaces":true}`, err: ReasonMalformedClaims},
		{name: "not an object", claims: `[1]`, err: ReasonMalformedClaims},
		{name: "null", claims: `null`, err: ReasonMalformedClaims},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			if tc.cfg != nil {
				tc.cfg(&c)
			}
			id, err := mapClaims([]byte(tc.claims), c)
			if tc.err != "" {
				var e *Error
				if !errors.As(err, &e) || e.Reason != tc.err || !errors.Is(err, ErrUnauthenticated) {
					t.Fatalf("err = %v, want reason %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := []string{id.Name, strings.Join(id.Roles, ","), strings.Join(id.Groups, ","), strings.Join(id.Namespaces, ",")}
			want := []string{tc.user, tc.roles, tc.groups, tc.nss}
			if !slices.Equal(got, want) {
				t.Errorf("identity %q, want %q", got, want)
			}
		})
	}
}

// FuzzMapClaims feeds arbitrary JSON (or not) as claims: no panic; an
// accepted identity has a name and only non-empty, distinct strings.
func FuzzMapClaims(f *testing.F) {
	for _, s := range []string{`{"sub":"s"}`, `{"preferred_username":"a","roles":["r"],"groups":"g","namespaces":["n","n"]}`,
		`{"sub":"s","resource_access":{"quiver":{"roles":["w"]}}}`, `{"sub":"s","realm_access":{"roles":[1]}}`,
		`[]`, `null`, `{`, `{"sub":7}`, `{"sub":"s","roles":[null]}`} {
		f.Add([]byte(s))
	}
	cfg := defaultClaimsConfig()
	cfg.RolesClaim = "realm_access.roles"
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, c := range []config.OIDC{defaultClaimsConfig(), cfg} {
			id, err := mapClaims(data, c)
			if err != nil {
				if !errors.Is(err, ErrUnauthenticated) {
					t.Fatalf("error %v does not wrap ErrUnauthenticated", err)
				}
				continue
			}
			if id.Name == "" {
				t.Fatalf("accepted an identity without a name from %q", data)
			}
			for _, list := range [][]string{id.Roles, id.Groups, id.Namespaces} {
				seen := map[string]bool{}
				for _, s := range list {
					if s == "" || seen[s] {
						t.Fatalf("list %q has an empty or repeated value", list)
					}
					seen[s] = true
				}
			}
		}
	})
}
