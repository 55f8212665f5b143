package definitions

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/yamlstrict"
)

// ConfigFile is the repository's configuration file, not a definition file.
const ConfigFile = "quiver.yaml"

// Definitions is what the definition files of a repository hold, with the
// position of every object and key for later messages.
type Definitions struct {
	Repo *model.Repo
	pos  map[model.Kind]map[string]where
}

// Pos returns the position of an object, or of one of its keys' values when key is set.
func (d *Definitions) Pos(kind model.Kind, name, key string) model.Position {
	w := d.pos[kind][name]
	if p, ok := w.keys[key]; ok && key != "" {
		return p
	}
	return w.obj
}

// Load reads every *.yaml / *.yml file under dir (but quiver.yaml, hidden
// folders and folders named data or plugins) and validates the result. It
// returns all problems found, as Problems.
func Load(dir, project string) (*Definitions, error) {
	files, err := definitionFiles(dir)
	if err != nil {
		return nil, err
	}
	d := &Definitions{Repo: model.NewRepo(project), pos: map[model.Kind]map[string]where{}}
	var problems Problems
	for _, f := range files {
		if err := d.readFile(dir, f, &problems); err != nil {
			return nil, err
		}
	}
	d.validate(&problems)
	if len(problems) > 0 {
		problems.Sort()
		return d, problems
	}
	return d, nil
}

func definitionFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := e.Name()
		if e.IsDir() {
			if path != dir && (strings.HasPrefix(name, ".") || name == "data" || name == "plugins") {
				return filepath.SkipDir
			}
			return nil
		}
		if (strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) && path != filepath.Join(dir, ConfigFile) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading feature repository %s: %w", dir, err)
	}
	return files, nil
}

func (d *Definitions) readFile(dir, path string, problems *Problems) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	rel, _ := filepath.Rel(dir, path)
	d.readData(rel, data, problems)
	return nil
}

// readData reads the YAML documents of one definition file, named file in
// messages.
func (d *Definitions) readData(file string, data []byte, problems *Problems) {
	c := collector{file: file, problems: problems}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			line, msg := yamlstrict.SyntaxError(err)
			*problems = append(*problems, Problem{Pos: model.Position{File: file, Line: line, Column: 1}, Message: msg})
			return
		}
		yamlstrict.DuplicateKeys(&doc, func(dup, first *yaml.Node) {
			c.add(dup, "key %q repeated (first at %s:%d:%d)", dup.Value, file, first.Line, first.Column)
		})
		if len(doc.Content) == 1 {
			d.readDocument(c, doc.Content[0])
		}
	}
}

func (d *Definitions) readDocument(c collector, root *yaml.Node) {
	if root.Kind != yaml.MappingNode {
		c.add(root, "a definition file must be a mapping with entities, data_sources, feature_views, feature_services or permissions")
		return
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		kind, ok := sectionKinds[k.Value]
		if !ok {
			c.add(k, "unknown section %q (known: data_sources, entities, feature_services, feature_views, permissions)", k.Value)
			continue
		}
		if v.Kind != yaml.SequenceNode {
			c.add(v, "%s must be a list, got %s", k.Value, nodeKind(v))
			continue
		}
		for _, item := range v.Content {
			d.readObject(c, kind, item)
		}
	}
}

var sectionKinds = map[string]model.Kind{
	"entities": model.KindEntity, "data_sources": model.KindDataSource,
	"feature_views": model.KindFeatureView, "feature_services": model.KindFeatureService,
	"permissions": model.KindPermission,
}

func (d *Definitions) readObject(c collector, kind model.Kind, n *yaml.Node) {
	var name string
	var w where
	var ok bool
	var obj any
	switch kind {
	case model.KindEntity:
		var e *model.Entity
		e, w, ok = decodeEntity(c, n)
		name, obj = e.Name, e
	case model.KindDataSource:
		var s *model.DataSource
		s, w, ok = decodeDataSource(c, n)
		name, obj = s.Name, s
	case model.KindFeatureView:
		var v *model.FeatureView
		v, w, ok = decodeFeatureView(c, n)
		name, obj = v.Name, v
	case model.KindFeatureService:
		var s *model.FeatureService
		s, w, ok = decodeFeatureService(c, n)
		name, obj = s.Name, s
	case model.KindPermission:
		var p *model.Permission
		p, w, ok = decodePermission(c, n)
		name, obj = p.Name, p
	}
	if !ok {
		return
	}
	if name == "" {
		c.add(n, "%s needs a name", kind)
		return
	}
	if prev, dup := d.pos[kind][name]; dup {
		c.add(n, "duplicate %s %q (first defined at %s:%d:%d)", kind, name, prev.obj.File, prev.obj.Line, prev.obj.Column)
		return
	}
	if d.pos[kind] == nil {
		d.pos[kind] = map[string]where{}
	}
	d.pos[kind][name] = w
	d.Repo.Add(obj)
}
