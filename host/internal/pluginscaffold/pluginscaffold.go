package pluginscaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"go/format"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
)

//go:embed templates
var templates embed.FS

// GoVersion is the go directive of the generated go.mod: that of the sdk
// module, the least a plugin can build with.
const GoVersion = "1.26.0"

// files maps each template to the file it becomes; NAME in a path is the
// plugin's name.
var files = []struct{ tmpl, path string }{
	{"go.mod.tmpl", "go.mod"},
	{"doc.go.tmpl", "doc.go"},
	{"conformance_test.go.tmpl", "conformance_test.go"},
	{"store/doc.go.tmpl", "NAMEstore/doc.go"},
	{"store/store.go.tmpl", "NAMEstore/store.go"},
	{"cmd/main.go.tmpl", "cmd/quiver-plugin-NAME/main.go"},
	{"testdata/config.json.tmpl", "testdata/config.json"},
	{"testdata/bad_config.json.tmpl", "testdata/bad_config.json"},
	{"README.md.tmpl", "README.md"},
}

// Options say what to write.
type Options struct {
	// Name is the plugin's name: the store type of quiver.yaml and the end
	// of the binary's name, quiver-plugin-<Name>. Required; see CheckName.
	Name string
	// Dir is the folder to create. Optional; default quiver-plugin-<Name>.
	// It must not exist or be empty.
	Dir string
	// Module is the module path. Optional; default
	// example.com/quiver-plugin-<Name>.
	Module string
	// Version is the version of the sdk and conformance modules go.mod
	// requires. Optional; default DevVersion.
	Version string
}

// Result says what Write wrote.
type Result struct {
	Dir    string   // the folder, as given
	Module string   // the module path
	Files  []string // the files written, relative to Dir, slash-separated
}

// ErrNotEmpty is returned when the target folder exists and holds files.
var ErrNotEmpty = errors.New("folder exists and is not empty")

// builtinTypes are the store types quiver serves itself, never from a
// plugin: sqliteonline.Type and fileoffline.Name (not imported here: the
// latter would link DuckDB into this package).
var builtinTypes = map[string]bool{"sqlite": true, "file": true}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// CheckName returns why name cannot name a plugin, or nil. A name is a
// lower-case letter followed by at most 62 lower-case letters, digits and
// underscores (it names Go packages and the binary), is no Go keyword, and
// is no store type quiver has built in.
func CheckName(name string) error {
	switch {
	case !nameRE.MatchString(name):
		return fmt.Errorf("plugin name %q: want a lower-case letter followed by at most 62 lower-case letters, digits or underscores (e.g. dynamo or my_kv)", name)
	case token.IsKeyword(name):
		return fmt.Errorf("plugin name %q is a Go keyword and cannot name the plugin's Go package; choose another", name)
	case builtinTypes[name]:
		return fmt.Errorf("plugin name %q is a store type built into quiver, which would never launch the plugin; choose another", name)
	}
	return nil
}

var versionRE = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// Write creates the plugin module in o.Dir. Nothing is overwritten: a
// folder that exists and is not empty is refused. When writing fails, the
// files written so far are removed.
func Write(o Options) (*Result, error) {
	if err := CheckName(o.Name); err != nil {
		return nil, err
	}
	if o.Dir == "" {
		o.Dir = "quiver-plugin-" + o.Name
	}
	if o.Module == "" {
		o.Module = "example.com/quiver-plugin-" + o.Name
	}
	if err := checkModulePath(o.Module); err != nil {
		return nil, err
	}
	if o.Version == "" {
		o.Version = DevVersion
	}
	if !versionRE.MatchString(o.Version) {
		return nil, fmt.Errorf("version %q of the sdk and conformance modules: want a module version such as v1.2.3", o.Version)
	}
	rendered, err := render(o)
	if err != nil {
		return nil, err
	}
	created, err := prepareDir(o.Dir)
	if err != nil {
		return nil, err
	}
	res := &Result{Dir: o.Dir, Module: o.Module}
	for _, f := range rendered {
		p := filepath.Join(o.Dir, filepath.FromSlash(f.path))
		err := os.MkdirAll(filepath.Dir(p), 0o755)
		if err == nil {
			err = os.WriteFile(p, f.data, 0o644)
		}
		if err != nil {
			undo(o.Dir, created, res.Files)
			return nil, fmt.Errorf("quiver plugins new: writing %s: %w", p, err)
		}
		res.Files = append(res.Files, f.path)
	}
	return res, nil
}

// renderedFile is one file's path and content.
type renderedFile struct {
	path string
	data []byte
}

// render fills in every template; Go files are gofmt-ed.
func render(o Options) ([]renderedFile, error) {
	data := map[string]string{"Name": o.Name, "Module": o.Module, "Version": o.Version, "GoVersion": GoVersion}
	out := make([]renderedFile, 0, len(files))
	for _, f := range files {
		t, err := template.New(f.tmpl).Option("missingkey=error").ParseFS(templates, "templates/"+f.tmpl)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := t.ExecuteTemplate(&b, filepath.Base(f.tmpl), data); err != nil {
			return nil, err
		}
		content := b.Bytes()
		if strings.HasSuffix(f.path, ".go") {
			if content, err = format.Source(content); err != nil {
				return nil, fmt.Errorf("template %s: %w", f.tmpl, err)
			}
		}
		out = append(out, renderedFile{path: strings.ReplaceAll(f.path, "NAME", o.Name), data: content})
	}
	return out, nil
}

// checkModulePath returns why p cannot be a module path, or nil: the go
// command checks more, this catches what would break the generated files.
func checkModulePath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") || strings.Contains(p, "//") ||
		strings.ContainsAny(p, " \t\n\"`\\") {
		return fmt.Errorf("module path %q: want a path such as example.com/quiver-plugin-x", p)
	}
	return nil
}

// prepareDir creates dir, or accepts it when it exists and is empty; it
// reports whether it created it.
func prepareDir(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return false, fmt.Errorf("quiver plugins new: %w", err)
		}
		return true, nil
	case err != nil:
		return false, fmt.Errorf("quiver plugins new: %s: %w", dir, err)
	case len(entries) > 0:
		return false, fmt.Errorf("quiver plugins new: %s: %w (it has %d entries); choose a new or empty folder with --dir", dir, ErrNotEmpty, len(entries))
	}
	return false, nil
}

// undo removes what a failed Write wrote.
func undo(dir string, created bool, written []string) {
	if created {
		_ = os.RemoveAll(dir)
		return
	}
	for _, f := range written {
		_ = os.Remove(filepath.Join(dir, filepath.FromSlash(f)))
	}
}
