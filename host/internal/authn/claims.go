package authn

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/config"
)

// mapClaims turns a verified token's claims (a JSON object) into an
// identity:
//
//   - Name: the first of cfg.UsernameClaims that is a non-empty string
//     (default preferred_username, upn, azp, sub); none is an error.
//   - Roles: cfg.RolesClaim (default roles) plus, unless
//     cfg.IgnoreClientRoles, resource_access.<client_id>.roles (Keycloak's
//     client roles).
//   - Groups: cfg.GroupsClaim (default groups).
//   - Namespaces: cfg.NamespacesClaim (default namespaces).
//
// A claim name is looked up as it is first; when there is no such claim
// and it holds dots, it is read as a path into nested objects, so
// realm_access.roles names Keycloak's realm roles while a claim called
// https://example.com/roles is still found whole. A list claim may hold
// one string or an array of strings; any other type is an error (the
// token is refused rather than read as granting less or more). Empty
// strings are dropped and repeats kept once.
func mapClaims(payload []byte, cfg config.OIDC) (authz.Identity, error) {
	var claims map[string]any
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if err := dec.Decode(&claims); err != nil || claims == nil {
		return authz.Identity{}, fail(ReasonMalformedClaims)
	}
	var id authz.Identity
	for _, c := range cfg.UsernameClaims {
		if s, ok := lookup(claims, c).(string); ok && s != "" {
			id.Name = s
			break
		}
	}
	if id.Name == "" {
		return authz.Identity{}, fail(ReasonNoUsername)
	}
	var ok bool
	var roles, clientRoles []string
	if roles, ok = stringsClaim(claims, cfg.RolesClaim); !ok {
		return authz.Identity{}, fail(ReasonMalformedClaims)
	}
	if !cfg.IgnoreClientRoles && cfg.ClientID != "" {
		if ra, present := claims["resource_access"]; present {
			ram, isObj := ra.(map[string]any)
			if !isObj {
				return authz.Identity{}, fail(ReasonMalformedClaims)
			}
			if client, present := ram[cfg.ClientID]; present {
				cm, isObj := client.(map[string]any)
				if !isObj {
					return authz.Identity{}, fail(ReasonMalformedClaims)
				}
				if clientRoles, ok = toStrings(cm["roles"]); !ok {
					return authz.Identity{}, fail(ReasonMalformedClaims)
				}
			}
		}
	}
	id.Roles = dedupe(append(roles, clientRoles...))
	if id.Groups, ok = stringsClaim(claims, cfg.GroupsClaim); !ok {
		return authz.Identity{}, fail(ReasonMalformedClaims)
	}
	if id.Namespaces, ok = stringsClaim(claims, cfg.NamespacesClaim); !ok {
		return authz.Identity{}, fail(ReasonMalformedClaims)
	}
	id.Groups, id.Namespaces = dedupe(id.Groups), dedupe(id.Namespaces)
	return id, nil
}

// lookup returns the claim called name, or the value at name read as a
// dotted path when there is no such claim; nil when neither is there.
func lookup(claims map[string]any, name string) any {
	if name == "" {
		return nil
	}
	if v, ok := claims[name]; ok {
		return v
	}
	if !strings.Contains(name, ".") {
		return nil
	}
	var cur any = claims
	for _, part := range strings.Split(name, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		if cur, ok = m[part]; !ok {
			return nil
		}
	}
	return cur
}

// stringsClaim returns the strings of the claim called name; false when it
// is there but neither a string nor an array of strings.
func stringsClaim(claims map[string]any, name string) ([]string, bool) {
	return toStrings(lookup(claims, name))
}

func toStrings(v any) ([]string, bool) {
	switch v := v.(type) {
	case nil:
		return nil, true
	case string:
		return []string{v}, true
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// dedupe drops empty strings and repeats, keeping the first order.
func dedupe(in []string) []string {
	var out []string
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
