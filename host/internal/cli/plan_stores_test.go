package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func TestPlanRejectsStoreSettingsThatApplyWouldReject(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		config string
		plugin string // a quiver-plugin-<plugin> binary to put in plugins/, unlocked
		want   string // a regexp over stderr
	}{
		{name: "an unknown sqlite setting",
			config: "project: demo\nonline_store:\n  type: sqlite\n  colour: blue\n",
			want:   `(?m)^quiver\.yaml:4:3: online_store: .*unknown setting "colour"`},
		{name: "an unknown file offline setting",
			config: "project: demo\noffline_store:\n  type: file\n  colour: blue\n",
			want:   `(?m)^quiver\.yaml:4:3: offline_store: .*unknown config key "colour"`},
		{name: "an online store type with no plugin binary",
			config: "project: demo\nonline_store:\n  type: nosuch\n",
			want:   `(?m)^quiver\.yaml:3:9: online_store: store type "nosuch" is not embedded \(sqlite\) and has no plugin: .*plugins directory .* does not exist`},
		{name: "an offline store type with no plugin binary",
			config: "project: demo\noffline_store:\n  type: nosuch\n",
			want:   `(?m)^quiver\.yaml:3:9: offline_store: store type "nosuch" is not embedded \(file\) and has no plugin: .*plugins directory .* does not exist`},
		{name: "a plugin type with no binary in the plugins directory",
			config: "project: demo\nonline_store:\n  type: nosuch\n", plugin: "fake",
			want: `(?m)^quiver\.yaml:3:9: online_store: .*no plugin: plugin nosuch: no executable quiver-plugin-nosuch`},
		{name: "a plugin binary that is not locked",
			config: "project: demo\nonline_store:\n  type: fake\n", plugin: "fake",
			want: `(?m)^quiver\.yaml:3:9: online_store: .*quiver plugins lock`},
		{name: "the root as the sqlite path",
			config: "project: demo\nonline_store:\n  type: sqlite\n  path: /\n",
			want:   `(?m)^quiver\.yaml:4:3: online_store: .*"path": .* is a directory`},
		{name: "a directory as the sqlite path",
			config: "project: demo\nonline_store:\n  type: sqlite\n  path: data\n",
			want:   `(?m)^quiver\.yaml:4:3: online_store: .*"path": .* is a directory`},
		{name: "a sqlite path whose folder cannot be created",
			config: "project: demo\nonline_store:\n  type: sqlite\n  path: data/driver_stats.parquet/online.db\n",
			want:   `(?m)^quiver\.yaml:4:3: online_store: .*"path": cannot create .* is not a directory`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := newTestRepo(t)
			writeFile(t, dir, "quiver.yaml", tc.config)
			if tc.plugin != "" {
				bin := filepath.Join(dir, "plugins", "quiver-plugin-"+tc.plugin)
				ran := filepath.Join(dir, "ran")
				if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(bin, []byte("#!/bin/sh\ntouch "+ran+"\n"), 0o755); err != nil {
					t.Fatal(err)
				}
				defer func() {
					if _, err := os.Stat(ran); err == nil {
						t.Errorf("the unlocked plugin was run")
					}
				}()
			}
			for _, cmd := range []string{"plan", "apply"} {
				r := quiver(t, dir, cmd)
				if r.code != 1 {
					t.Errorf("%s: exit %d, want 1\n%s%s", cmd, r.code, r.stdout, r.stderr)
				}
				if cmd == "plan" && !regexp.MustCompile(tc.want).MatchString(r.stderr) {
					t.Errorf("plan: stderr does not match %s:\n%s", tc.want, r.stderr)
				}
			}
		})
	}
}

func TestPlanCreatesNoOnlineStoreFile(t *testing.T) {
	t.Parallel()
	dir := newTestRepo(t)
	writeFile(t, dir, "quiver.yaml", "project: demo\nonline_store:\n  type: sqlite\n  path: data/sub/online.db\n")
	ok(t, dir, "plan")
	if _, err := os.Stat(filepath.Join(dir, "data", "sub")); !os.IsNotExist(err) {
		t.Errorf("plan created the online store's folder (stat: %v)", err)
	}
}
