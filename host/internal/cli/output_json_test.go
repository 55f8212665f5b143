package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/sdk/pluginclient"
)

// TestVersionAsJSON: quiver version -o json names the version, the plugin
// protocol and the platform.
func TestVersionAsJSON(t *testing.T) {
	t.Parallel()
	var v map[string]any
	okJSON(t, &v, t.TempDir(), "version", "-o", "json")
	if v["version"] != Version || v["plugin_protocol_version"] != json.Number(strconv.Itoa(int(pluginclient.ProtocolVersion))) ||
		v["platform"] != runtime.GOOS+"/"+runtime.GOARCH {
		t.Errorf("version -o json: %v", v)
	}
	if r := quiver(t, t.TempDir(), "version", "-o", "yaml"); r.code == 0 || !strings.Contains(r.stderr, "table or json") {
		t.Errorf("version -o yaml: exit %d, %s", r.code, r.stderr)
	}
}

// TestPlanAsJSON: plan -o json lists the changes apply would make, then
// none once applied.
func TestPlanAsJSON(t *testing.T) {
	t.Parallel()
	dir := newTestRepo(t)
	var p struct {
		Project string `json:"project"`
		Changes []struct {
			Op, Kind, Name string
		} `json:"changes"`
		OnlineCreate    []string `json:"online_create_or_update"`
		ChangesAnything bool     `json:"changes_anything"`
	}
	okJSON(t, &p, dir, "plan", "-o", "json")
	if p.Project != "demo" || !p.ChangesAnything || len(p.Changes) == 0 || len(p.OnlineCreate) == 0 {
		t.Fatalf("plan -o json before apply: %+v", p)
	}
	found := false
	for _, c := range p.Changes {
		found = found || (c.Op == "create" && c.Kind == "feature-view" && c.Name == "driver_hourly_stats")
	}
	if !found {
		t.Errorf("plan -o json does not create driver_hourly_stats: %+v", p.Changes)
	}
	ok(t, dir, "apply")
	p.Changes, p.OnlineCreate = nil, nil
	okJSON(t, &p, dir, "plan", "-o", "json")
	if p.ChangesAnything || len(p.Changes) != 0 {
		t.Errorf("plan -o json after apply: %+v", p)
	}
}

// TestPluginsVerifyAsJSON: plugins verify -o json lists the verified
// binaries and the problems, and exits 1 when there is one.
func TestPluginsVerifyAsJSON(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	scriptPlugin(t, dir, "known")
	lockOnly(t, dir, "known")
	var v struct {
		Verified []struct{ Name string }
		Problems []string
	}
	okJSON(t, &v, dir, "plugins", "verify", "-o", "json")
	if len(v.Verified) != 1 || v.Verified[0].Name != "known" || len(v.Problems) != 0 {
		t.Fatalf("verify -o json: %+v", v)
	}
	if err := os.WriteFile(filepath.Join(dir, "plugins", "quiver-plugin-known"), []byte("#!/bin/sh\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	r := quiver(t, dir, "plugins", "verify", "-o", "json")
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || r.code != 1 || len(v.Problems) != 1 || len(v.Verified) != 0 {
		t.Errorf("verify -o json of a changed binary: exit %d, %+v (%v)", r.code, v, err)
	}
}
