package config

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseRejectsMalformedFilesWithPositions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		yaml string
		want string
	}{
		{"a duplicate top-level key is an error", "project: a\nproject: b\n",
			`quiver.yaml:2:1: key "project" repeated (first at quiver.yaml:1:1)`},
		{"a duplicate key in a block is an error", "project: a\nfeature_server:\n  http_addr: :1\n  http_addr: :2\n",
			`quiver.yaml:4:3: key "http_addr" repeated (first at quiver.yaml:3:3)`},
		{"a duplicate plugin setting is an error", "project: a\nonline_store:\n  type: redis\n  password: x\n  password: y\n",
			`quiver.yaml:5:3: key "password" repeated (first at quiver.yaml:4:3)`},
		{"a duplicate key deep in a setting is an error", "project: a\nonline_store:\n  type: redis\n  tls:\n    ca: x\n    ca: y\n",
			`quiver.yaml:6:5: key "ca" repeated (first at quiver.yaml:5:5)`},
		{"an unterminated reference is an error", "project: a\nonline_store:\n  type: redis\n  password: ab${REDIS_PASSWORD\n",
			`quiver.yaml:4:13: unterminated ${ in value (write ${NAME})`},
		{"a reference with an invalid name is an error", "project: a\nonline_store:\n  type: redis\n  password: ${1X}\n",
			`quiver.yaml:4:13: "${1X}" is not a valid environment variable reference`},
		{"an empty reference is an error", "project: a\nregistry: ${}\n",
			`quiver.yaml:2:11: "${}" is not a valid environment variable reference`},
		{"a syntax error is positioned", "project: a\nonline_store:\n  type: [redis\n",
			`quiver.yaml:3:1: did not find expected ',' or ']'`},
		{"a tab indentation error is positioned", "project: a\nfeature_server:\n\thttp_addr: :1\n",
			`quiver.yaml:3:1: found character that cannot start any token`},
		{"a second document is an error", "project: a\n---\nproject: b\n",
			`quiver.yaml:2:1: quiver.yaml must hold one YAML document`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("/repo", "quiver.yaml", []byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func TestParseExpandsEveryWellFormedReference(t *testing.T) {
	t.Setenv("QUIVER_TEST_A", "x")
	t.Setenv("QUIVER_TEST_B", "y")
	cfg, err := Parse("/repo", "quiver.yaml", []byte("project: a\nonline_store:\n  type: redis\n  dsn: ${QUIVER_TEST_A}:$5-${QUIVER_TEST_B}$\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(cfg.OnlineStore.Settings); got != `{"dsn":"x:$5-y$"}` {
		t.Errorf("settings = %s", got)
	}
}

func TestParseStopsExpandingAliasesThatExplode(t *testing.T) {
	t.Parallel()
	doc := "project: a\nonline_store:\n  type: redis\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 1; i < 10; i++ {
		doc += fmt.Sprintf("  a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	done := make(chan error, 1)
	go func() { _, err := Parse("/repo", "quiver.yaml", []byte(doc)); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "too many values") {
			t.Errorf("err = %v, want too many values", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Parse did not return within 10s")
	}
}

func TestParseRejectsAProjectNameOverTheLengthLimit(t *testing.T) {
	t.Parallel()
	_, err := Parse("/repo", "quiver.yaml", []byte("project: "+strings.Repeat("p", 300)+"\n"))
	if err == nil || !strings.Contains(err.Error(), "quiver.yaml:1:10: project ") || !strings.Contains(err.Error(), "(300 characters) is too long") {
		t.Errorf("err = %v", err)
	}
}
