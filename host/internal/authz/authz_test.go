package authz

import (
	"context"
	"errors"
	"strings"
	"testing"
)

type recorder struct{ got *Request }

func (r *recorder) Authorize(_ context.Context, req *Request) error {
	r.got = req
	return errors.New("denied")
}

func TestCheckPassesTheCallerActionsAndResources(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	ctx := WithIdentity(context.Background(), Identity{Name: "ann", Roles: []string{"reader"}})
	err := Check(ctx, rec, []Action{Describe, Update}, Resource{Kind: "feature-view", Name: "stats"})
	if err == nil || rec.got.Identity.Name != "ann" || len(rec.got.Actions) != 2 || rec.got.Resources[0].Name != "stats" {
		t.Fatalf("Check = %v with request %+v", err, rec.got)
	}
	if err := Check(context.Background(), AllowAll{}, []Action{Delete}); err != nil {
		t.Errorf("AllowAll denied: %v", err)
	}
}

func TestParseActionsExpandsAliases(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"READ":             "READ_ONLINE, READ_OFFLINE",
		"write":            "WRITE_ONLINE, WRITE_OFFLINE",
		"CRUD":             "CREATE, DESCRIBE, UPDATE, DELETE",
		"ALL":              actionList(AllActions),
		"DESCRIBE,READ":    "DESCRIBE, READ_ONLINE, READ_OFFLINE",
		"read_online,READ": "READ_ONLINE, READ_OFFLINE",
	} {
		got, err := ParseActions(strings.Split(in, ","))
		if err != nil || actionList(got) != want {
			t.Errorf("ParseActions(%s) = %s, %v; want %s", in, actionList(got), err, want)
		}
	}
	if _, err := ParseActions([]string{"QUERY"}); err == nil || !strings.Contains(err.Error(), `unknown action "QUERY"`) {
		t.Errorf("ParseActions(QUERY) = %v", err)
	}
}

func TestCompileRejectsWhatCannotBeEnforced(t *testing.T) {
	t.Parallel()
	ok := PermissionSpec{Name: "p", Actions: []string{"READ"}, Policy: Policy{Roles: []string{"r"}}}
	for _, tc := range []struct {
		name string
		edit func(*PermissionSpec)
		want string
	}{
		{"unknown type", func(s *PermissionSpec) { s.Types = []string{"table"} }, `unknown resource type "table"`},
		{"bad pattern", func(s *PermissionSpec) { s.NamePatterns = []string{"("} }, `name pattern "("`},
		{"huge pattern", func(s *PermissionSpec) { s.NamePatterns = []string{strings.Repeat("a", 2000)} }, "longer than"},
		{"no action", func(s *PermissionSpec) { s.Actions = nil }, "at least one action"},
		{"unknown action", func(s *PermissionSpec) { s.Actions = []string{"EXECUTE"} }, `unknown action "EXECUTE"`},
		{"empty policy", func(s *PermissionSpec) { s.Policy = Policy{} }, "needs roles, groups or namespaces"},
		{"roles and groups", func(s *PermissionSpec) { s.Policy.Groups = []string{"g"} }, "not both"},
	} {
		spec := ok
		tc.edit(&spec)
		if _, err := Compile(spec); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Compile = %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := Compile(ok); err != nil {
		t.Errorf("a valid permission: %v", err)
	}
}

// TestDecide is the rule, written down: a resource is allowed when a
// permission covering its type, its whole name, its required tags and
// ALL the requested actions admits the caller.
func TestDecide(t *testing.T) {
	t.Parallel()
	must := func(s PermissionSpec) *Permission {
		p, err := Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	set := NewSet(
		must(PermissionSpec{Name: "read-drivers", Types: []string{TypeFeatureView}, NamePatterns: []string{"driver_.*", "trips"},
			Actions: []string{"READ", "DESCRIBE"}, Policy: Policy{Roles: []string{"reader"}}}),
		must(PermissionSpec{Name: "risk-team", RequiredTags: map[string]string{"team": "risk", "tier": "1"},
			Actions: []string{"ALL"}, Policy: Policy{Groups: []string{"risk"}, Namespaces: []string{"risk-ns"}}}),
		must(PermissionSpec{Name: "writers", Types: []string{TypeFeatureView}, Actions: []string{"WRITE_ONLINE"},
			Policy: Policy{Namespaces: []string{"etl"}}}),
	)
	reader := Identity{Name: "ann", Roles: []string{"reader"}}
	riskGroup := Identity{Name: "bob", Groups: []string{"risk"}}
	riskNS := Identity{Name: "cy", Namespaces: []string{"risk-ns"}}
	etl := Identity{Name: "etl", Namespaces: []string{"etl"}}
	nobody := Identity{Name: "dee", Roles: []string{"writer"}, Groups: []string{"ops"}}
	view := func(name string, tags map[string]string) Resource {
		return Resource{Kind: TypeFeatureView, Name: name, Tags: tags}
	}
	riskTags := map[string]string{"team": "risk", "tier": "1", "extra": "x"}
	for _, tc := range []struct {
		name    string
		id      Identity
		actions []Action
		res     Resource
		allowed bool
		by      string
	}{
		{"role and pattern", reader, []Action{ReadOnline}, view("driver_stats", nil), true, "read-drivers"},
		{"second pattern", reader, []Action{ReadOffline}, view("trips", nil), true, "read-drivers"},
		{"pattern must match the whole name", reader, []Action{ReadOnline}, view("trips_daily", nil), false, ""},
		{"pattern anchored at the start", reader, []Action{ReadOnline}, view("old_driver_stats", nil), false, ""},
		{"every requested action must be covered", reader, []Action{Describe, Update}, view("driver_stats", nil), false, ""},
		{"two covered actions", reader, []Action{Describe, ReadOnline}, view("driver_stats", nil), true, "read-drivers"},
		{"type outside the permission", reader, []Action{ReadOnline}, Resource{Kind: TypeFeatureService, Name: "driver_svc"}, false, ""},
		{"role missing", nobody, []Action{ReadOnline}, view("driver_stats", nil), false, ""},
		{"required tags all present", riskGroup, []Action{Delete}, view("anything", riskTags), true, "risk-team"},
		{"combined policy: namespace alone suffices", riskNS, []Action{Delete}, Resource{Kind: TypeProject, Name: "p", Tags: riskTags}, true, "risk-team"},
		{"a required tag missing", riskGroup, []Action{Delete}, view("anything", map[string]string{"team": "risk"}), false, ""},
		{"a required tag with another value", riskGroup, []Action{Delete}, view("anything", map[string]string{"team": "risk", "tier": "2"}), false, ""},
		{"no tags at all", riskGroup, []Action{Delete}, view("anything", nil), false, ""},
		{"namespace policy", etl, []Action{WriteOnline}, view("driver_stats", nil), true, "writers"},
		{"namespace policy, other action", etl, []Action{WriteOffline}, view("driver_stats", nil), false, ""},
	} {
		d := set.Decide(tc.id, tc.actions, tc.res)
		if d.Allowed != tc.allowed || d.GrantedBy != tc.by {
			t.Errorf("%s: allowed=%v by %q (%s); want allowed=%v by %q", tc.name, d.Allowed, d.GrantedBy, d.Reason(), tc.allowed, tc.by)
		}
	}
	if d := NewSet().Decide(nobody, []Action{Delete}, view("x", nil)); !d.Allowed {
		t.Errorf("an empty set denied: %s", d.Reason())
	}
}

func TestEnforcer(t *testing.T) {
	t.Parallel()
	p, err := Compile(PermissionSpec{Name: "readers", Actions: []string{"READ_ONLINE"}, Policy: Policy{Roles: []string{"reader"}}})
	if err != nil {
		t.Fatal(err)
	}
	res := Resource{Kind: TypeFeatureView, Name: "v"}
	read := []Action{ReadOnline}
	ann := WithIdentity(context.Background(), Identity{Name: "ann", Roles: []string{"reader"}})
	bob := WithIdentity(context.Background(), Identity{Name: "bob"})
	anon := context.Background()
	withPerms := &Enforcer{AuthEnabled: true, Permissions: func() *Set { return NewSet(p) }}
	noPerms := &Enforcer{AuthEnabled: true, Permissions: func() *Set { return NewSet() }}
	off := &Enforcer{AuthEnabled: false, Permissions: func() *Set { return NewSet(p) }}
	var denied *Denied
	for _, tc := range []struct {
		name  string
		e     *Enforcer
		ctx   context.Context
		check func(error) bool
	}{
		{"granted", withPerms, ann, func(err error) bool { return err == nil }},
		{"no permission grants bob", withPerms, bob, func(err error) bool {
			return errors.As(err, &denied) && err.Error() == "bob may not READ_ONLINE feature-view v: the policies of readers do not admit the caller"
		}},
		{"anonymous with auth on", withPerms, anon, func(err error) bool { return errors.Is(err, ErrUnauthenticated) }},
		{"anonymous, no permissions, auth on", noPerms, anon, func(err error) bool { return errors.Is(err, ErrUnauthenticated) }},
		{"authenticated, no permissions", noPerms, bob, func(err error) bool { return err == nil }},
		{"auth off enforces nothing", off, anon, func(err error) bool { return err == nil }},
	} {
		if err := Check(tc.ctx, tc.e, read, res); !tc.check(err) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
