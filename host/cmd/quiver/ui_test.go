package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/input"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/proto"
)

// browser launches the Debian chromium headless and returns a page that
// records console errors, exceptions and browser log errors (CSP
// violations among them).
func browser(t *testing.T) (*rod.Page, func() []string) {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed: run `make test`, which installs it (scripts/install-deps.sh chromium)")
	}
	l := launcher.New().Bin(bin).Headless(true).NoSandbox(true).Leakless(false).Set("disable-gpu").
		Set("window-size", "1280,900").UserDataDir(t.TempDir())
	url, err := l.Launch()
	if err != nil {
		t.Fatalf("launching chromium: %v", err)
	}
	t.Cleanup(l.Kill)
	b := rod.New().ControlURL(url)
	if err := b.Connect(); err != nil {
		t.Fatalf("connecting to chromium: %v", err)
	}
	t.Cleanup(func() { _ = b.Close() })
	page, err := b.Page(proto.TargetCreateTarget{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var problems []string
	note := func(s string) { mu.Lock(); problems = append(problems, s); mu.Unlock() }
	go page.EachEvent(
		func(e *proto.RuntimeConsoleAPICalled) {
			if e.Type == proto.RuntimeConsoleAPICalledTypeError || e.Type == proto.RuntimeConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, a.Value.String()+a.Description)
				}
				note("console " + string(e.Type) + ": " + strings.Join(parts, " "))
			}
		},
		func(e *proto.RuntimeExceptionThrown) {
			note("exception: " + e.ExceptionDetails.Text + " " + e.ExceptionDetails.Exception.Description)
		},
		func(e *proto.LogEntryAdded) {
			if e.Entry.Level == proto.LogLogEntryLevelError || e.Entry.Level == proto.LogLogEntryLevelWarning {
				note("log " + string(e.Entry.Level) + ": " + e.Entry.Text + " " + e.Entry.URL)
			}
		},
	)()
	return page.Timeout(time.Minute), func() []string { mu.Lock(); defer mu.Unlock(); return append([]string{}, problems...) }
}

// shows waits for an element matching selector whose text matches the
// regular expression, and returns its text.
func shows(t *testing.T, page *rod.Page, selector, re string) string {
	t.Helper()
	el, err := page.Timeout(15*time.Second).ElementR(selector, re)
	if err != nil {
		body, _ := page.Element("main")
		text := ""
		if body != nil {
			text, _ = body.Text()
		}
		t.Fatalf("no %s matching /%s/ on %s: %v\nthe page says:\n%s", selector, re, page.MustInfo().URL, err, text)
	}
	text, _ := el.Text()
	return text
}

// click clicks the element matching selector whose text matches re (any
// text when re is empty).
func click(t *testing.T, page *rod.Page, selector, re string) {
	t.Helper()
	var el *rod.Element
	var err error
	if re == "" {
		el, err = page.Element(selector)
	} else {
		el, err = page.ElementR(selector, re)
	}
	if err != nil {
		t.Fatalf("no %s matching /%s/: %v", selector, re, err)
	}
	if err := el.Click(proto.InputMouseButtonLeft, 1); err != nil {
		t.Fatalf("clicking %s: %v", selector, err)
	}
}

// typeInto types text into the element matching selector, then Enter if
// enter is set.
func typeInto(t *testing.T, page *rod.Page, selector, text string, enter bool) {
	t.Helper()
	el, err := page.Element(selector)
	if err != nil {
		t.Fatalf("no %s: %v", selector, err)
	}
	if err := el.Input(text); err != nil {
		t.Fatalf("typing into %s: %v", selector, err)
	}
	if enter {
		if err := el.Type(input.Enter); err != nil {
			t.Fatalf("pressing Enter in %s: %v", selector, err)
		}
	}
}

// open goes to the UI's fragment route.
func open(t *testing.T, page *rod.Page, base, route string) {
	t.Helper()
	if err := page.Navigate(base + "/ui/#/" + route); err != nil {
		t.Fatalf("navigate to #/%s: %v", route, err)
	}
}

// screenshot saves the page to $QUIVER_UI_SCREENSHOTS/name.png when that
// folder is given (docs/ui.md's pictures come from there).
func screenshot(t *testing.T, page *rod.Page, name string) {
	t.Helper()
	dir := os.Getenv("QUIVER_UI_SCREENSHOTS")
	if dir == "" {
		return
	}
	if err := page.WaitStable(300 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	png, err := page.Screenshot(true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWebUIBrowsesTheDemoRegistry serves the demo repository (materialized,
// and with driver_hourly_stats applied twice, so it has a diff) and walks
// every page of the UI in a real headless Chromium: each shows the demo's
// objects, the links lead where they say, a description holding markup is
// shown as text, and the browser reports no error at all.
func TestWebUIBrowsesTheDemoRegistry(t *testing.T) {
	t.Parallel()
	dir, repo, env := demoRepo(t)
	runIn(t, repo, env, "apply")
	runIn(t, repo, env, "materialize-incremental", "now", "--views", "driver_hourly_stats")
	runIn(t, repo, env, "get-historical-features", "--entities", "data/driver_stats.parquet", "--features", "driver_hourly_stats:conv_rate",
		"--full-feature-names", "-o", filepath.Join(dir, "training.parquet"), "--save-as", "training_v1")
	features := filepath.Join(repo, "features.yaml")
	raw, err := os.ReadFile(features)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(raw), "    description: How each driver did in the last hour.\n",
		"    description: How each driver did in the last hour, <img src=x id=xss> included.\n", 1)
	if changed == string(raw) {
		t.Fatal("the demo's features.yaml changed: no description of driver_hourly_stats to edit")
	}
	if err := os.WriteFile(features, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	runIn(t, repo, env, "apply")
	_, addr, _ := startServe(t, repo, env, "serve", "--http-addr", "127.0.0.1:0", "--grpc-addr", "127.0.0.1:0")
	base := "http://" + addr
	page, problems := browser(t)

	open(t, page, base, "")
	shows(t, page, "h1", "^Project repo$")
	shows(t, page, `a.card[data-kind="feature-views"]`, `^2\s+Feature views$`)
	shows(t, page, `a.card[data-kind="entities"]`, `^2\s+Entities$`)
	shows(t, page, "#project", "project repo")
	screenshot(t, page, "overview")

	// The navigation bar leads to each list.
	for _, c := range []struct{ nav, h1, row string }{
		{"Entities", "Entities", "doc_chunk"},
		{"Data sources", "Data sources", "driver_hourly_stats_source"},
		{"Feature services", "Feature services", "driver_activity"},
		{"Saved datasets", "Saved datasets", "training_v1"},
		{"Permissions", "Permissions", ""},
		{"Feature views", "Feature views", "driver_hourly_stats"},
	} {
		click(t, page, "nav a", "^"+c.nav+"$")
		shows(t, page, "h1", "^"+c.h1+"$")
		if c.row != "" {
			shows(t, page, "td a", "^"+c.row+"$")
		} else {
			shows(t, page, "main p", "None registered")
		}
	}
	screenshot(t, page, "feature-views")

	// A view's page: schema, freshness, history and the diff of its two versions.
	click(t, page, "td a", "^driver_hourly_stats$")
	shows(t, page, "h1", "^Feature view driver_hourly_stats$")
	shows(t, page, "table.schema td", "^recent_trip_ids$")
	shows(t, page, "#freshness", "Materialized up to .* ago, within the ttl")
	shows(t, page, "table.versions td", "^v2$")
	shows(t, page, "#diff span.add", `<img src=x id=xss> included`)
	shows(t, page, "#diff span.del", `How each driver did in the last hour\."`)
	if has, _, _ := page.Has("#xss"); has {
		t.Error("a description's markup became an element of the page")
	}
	shows(t, page, "dd", "^owner$|ml-platform@example.com")
	screenshot(t, page, "feature-view")

	// A saved dataset's page lists its columns.
	open(t, page, base, "saved-datasets/training_v1")
	shows(t, page, "h1", "^Saved dataset training_v1$")
	shows(t, page, "td", "^driver_hourly_stats__conv_rate$")

	// Links between objects: the view's source, then a service's view.
	open(t, page, base, "feature-services/driver_activity")
	shows(t, page, "h1", "^Feature service driver_activity$")
	shows(t, page, "main li", "driver_hourly_stats:conv_rate")
	open(t, page, base, "data-sources/driver_stats_push")
	shows(t, page, "dd", "^driver_hourly_stats_source$")

	// Search by name and by tag.
	typeInto(t, page, "#search", "team=driver_performance", true)
	shows(t, page, "h1", "^Search: team=driver_performance$")
	if rows, _ := page.Elements("#results tbody tr"); len(rows) != 1 {
		t.Errorf("search by tag team=driver_performance: %d results, want 1", len(rows))
	}
	shows(t, page, "#results td a", "^driver_hourly_stats$")
	open(t, page, base, "search?q=driver")
	shows(t, page, "#results td a", "^driver_activity$")
	shows(t, page, "#results td a", "^driver$")

	// Lineage: source -> view -> service.
	open(t, page, base, "lineage")
	shows(t, page, "h1", "^Lineage$")
	for _, sel := range []string{
		`#lineage rect[data-node="feature-view/docs"]`,
		`#lineage path[data-from="data-source/driver_stats_push"][data-to="feature-view/driver_hourly_stats"]`,
		`#lineage path[data-from="feature-view/driver_hourly_stats"][data-to="feature-service/driver_activity"]`,
		`#lineage path[data-from="data-source/driver_hourly_stats_source"][data-to="data-source/driver_stats_push"]`,
	} {
		if _, err := page.Timeout(10 * time.Second).Element(sel); err != nil {
			t.Errorf("lineage has no %s", sel)
		}
	}
	screenshot(t, page, "lineage")
	// Its boxes are drawn and lead to their objects.
	box, err := page.Element(`#lineage rect[data-node="feature-view/docs"]`)
	if err != nil {
		t.Fatal(err)
	}
	if shape, err := box.Shape(); err != nil || len(shape.Quads) == 0 || shape.Box().Width < 100 {
		t.Fatalf("the lineage box of docs is not drawn: %+v %v", shape, err)
	}
	if err := box.Click(proto.InputMouseButtonLeft, 1); err != nil {
		t.Fatal(err)
	}
	shows(t, page, "h1", "^Feature view docs$")

	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported:\n  %s", strings.Join(p, "\n  "))
	}

	// A page that does not exist, and an object that does not: the browser
	// logs the API's 404 for the object, and nothing else.
	open(t, page, base, "feature-views/nope")
	shows(t, page, "#error", "nope")
	open(t, page, base, "widgets")
	shows(t, page, "h1", "^Not found$")
	for _, p := range problems() {
		if !strings.Contains(p, "404") || !strings.Contains(p, "/api/v1/registry/feature-views/nope") {
			t.Errorf("the browser reported: %s", p)
		}
	}
}

// TestWebUIReadsAsTheTokenItIsGiven serves the demo with static tokens: the
// UI's own files load without one, the registry does not (the page says to
// use the Token button), and with the token typed into the dialog the
// pages read the registry as that caller.
func TestWebUIReadsAsTheTokenItIsGiven(t *testing.T) {
	t.Parallel()
	_, repo, env := demoRepo(t)
	const token = "ui-suite-token-0123456789abcdef"
	sum := sha256.Sum256([]byte(token))
	config := filepath.Join(repo, "quiver.yaml")
	raw, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	locked := strings.Replace(string(raw), "auth:\n  type: no_auth\n",
		"auth:\n  type: static_tokens\n  tokens:\n    - {name: ui, sha256: "+hex.EncodeToString(sum[:])+"}\n", 1)
	if locked == string(raw) {
		t.Fatal("the demo's quiver.yaml changed its auth block")
	}
	if err := os.WriteFile(config, []byte(locked), 0o644); err != nil {
		t.Fatal(err)
	}
	runIn(t, repo, append(env, "QUIVER_TOKEN="+token), "apply")
	_, addr, _ := startServe(t, repo, env, "serve", "--http-addr", "127.0.0.1:0", "--grpc-addr", "127.0.0.1:0")
	page, _ := browser(t)

	open(t, page, "http://"+addr, "feature-views")
	shows(t, page, "#error", "Token button")
	click(t, page, "#token-button", "")
	typeInto(t, page, "#token-input", token, false)
	click(t, page, "#token-save", "")
	shows(t, page, "td a", "^driver_hourly_stats$")
}
