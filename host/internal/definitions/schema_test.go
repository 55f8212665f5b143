package definitions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/scaffold"
	"github.com/quiverfs/quiver/sdk/types"
)

// schemaPath is the published JSON Schema of definition files.
const schemaPath = "../../../docs/schema/definitions.schema.json"

// loadSchema returns the schema document and the compiled schema.
func loadSchema(t *testing.T) (map[string]any, *jsonschema.Schema) {
	t.Helper()
	f, err := os.Open(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", schemaPath, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	id := doc.(map[string]any)["$id"].(string)
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatalf("compiling %s: %v", schemaPath, err)
	}
	return doc.(map[string]any), sch
}

// yamlDocuments converts each YAML document of a file to a JSON value the
// validator takes, as the YAML language server sees it.
func yamlDocuments(t *testing.T, path string) []any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []any
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		b, err := json.Marshal(jsonable(v))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, inst)
	}
}

// jsonable turns maps with non-string keys into maps with string keys.
func jsonable(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = jsonable(e)
		}
		return v
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[fmt.Sprint(k)] = jsonable(e)
		}
		return m
	case []any:
		for i, e := range v {
			v[i] = jsonable(e)
		}
	}
	return v
}

func TestSchemaAcceptsGoodDefinitionFiles(t *testing.T) {
	t.Parallel()
	_, sch := loadSchema(t)
	repo := filepath.Join(t.TempDir(), "demo")
	if _, err := scaffold.Init(scaffold.Options{Dir: repo, Drivers: 2, Days: 1}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"testdata/good/features.yaml", filepath.Join(repo, "features.yaml")} {
		for i, doc := range yamlDocuments(t, path) {
			if err := sch.Validate(doc); err != nil {
				t.Errorf("%s, document %d: %v", path, i+1, err)
			}
		}
	}
}

func TestSchemaRejectsWhatTheParserRejects(t *testing.T) {
	t.Parallel()
	_, sch := loadSchema(t)
	docs := yamlDocuments(t, "testdata/bad/features.yaml")
	err := sch.Validate(docs[0])
	if err == nil {
		t.Fatal("testdata/bad/features.yaml is valid")
	}
	text := err.Error()
	for _, want := range []string{
		"/entities/0/value_type",                     // int65
		"/entities/1",                                // colour
		"/data_sources/0",                            // file source without path
		"/feature_views/0/ttl",                       // yesterday
		"/feature_views/0/online",                    // maybe
		"/feature_views/0/schema/2/vector/dimension", // 0
		"/feature_views/0/schema/2/vector/metric",    // manhattan
	} {
		if !strings.Contains(text, "at '"+want+"': ") {
			t.Errorf("no error at %s in:\n%s", want, text)
		}
	}
}

func TestSchemaCoversEveryKeyTheParserAccepts(t *testing.T) {
	t.Parallel()
	doc, _ := loadSchema(t)
	defs := doc["$defs"].(map[string]any)
	schemaOf := map[string]any{
		"file": doc, "entity": defs["entity"], "data source": defs["dataSource"], "feature view": defs["featureView"],
		"feature service": defs["featureService"], "field": defs["field"], "vector": defs["vector"],
		"permission": defs["permission"], "policy": defs["policy"],
	}
	keys := parserKeys()
	if len(keys) != len(schemaOf) {
		t.Fatalf("parser key lists = %v, want one per %v", keys, schemaOf)
	}
	for what, sub := range schemaOf {
		got := schemaKeys(defs, sub)
		if d := cmp.Diff(keys[what], got); d != "" {
			t.Errorf("keys of %s (-parser +schema):\n%s", what, d)
		}
	}
}

// schemaKeys lists the property names a schema object allows, following
// $ref, allOf, anyOf, oneOf and if/then, in sorted order.
func schemaKeys(defs map[string]any, s any) []string {
	set := map[string]bool{}
	var walk func(s any)
	walk = func(s any) {
		m, ok := s.(map[string]any)
		if !ok {
			return
		}
		for k := range asMap(m["properties"]) {
			set[k] = true
		}
		if ref, ok := m["$ref"].(string); ok {
			walk(defs[strings.TrimPrefix(ref, "#/$defs/")])
		}
		for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
			for _, sub := range asSlice(m[kw]) {
				walk(sub)
			}
		}
		walk(m["then"])
	}
	walk(s)
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }
func asSlice(v any) []any        { s, _ := v.([]any); return s }

func TestSchemaDtypesAreTheParsersTypes(t *testing.T) {
	t.Parallel()
	doc, _ := loadSchema(t)
	defs := doc["$defs"].(map[string]any)
	enum := map[string]bool{}
	for _, def := range []string{"scalarDtype", "listDtype"} {
		for _, name := range asSlice(asMap(defs[def])["enum"]) {
			s := name.(string)
			enum[s] = true
			vt, err := types.ParseValueType(s)
			if err != nil || vt.IsList() != (def == "listDtype") {
				t.Errorf("%s lists %q, which parses as %v, %v", def, s, vt, err)
			}
		}
	}
	feast := map[string]string{"bool": "Bool", "int32": "Int32", "int64": "Int64", "float32": "Float32",
		"float64": "Float64", "string": "String", "bytes": "Bytes", "timestamp": "UnixTimestamp"}
	for _, vt := range types.AllValueTypes {
		names := []string{vt.String(), feast[vt.String()]}
		if vt.IsList() {
			names[1] = "Array(" + feast[vt.Elem().String()] + ")"
		}
		for _, n := range names {
			if parsed, err := types.ParseValueType(n); err == nil && parsed == vt && !enum[n] {
				t.Errorf("the parser accepts dtype %q but the schema does not", n)
			}
		}
	}
}

func TestSchemaTTLAgreesWithTheParser(t *testing.T) {
	t.Parallel()
	_, sch := loadSchema(t)
	for _, ttl := range []any{"0", 0, 3600, "3600", "90s", "15m", "1h30m", "1.5h", "300ms", "1d", "2w", "1.5d",
		"yesterday", "-1h", "1 day", "1y", "", "h"} {
		view := map[string]any{"name": "v", "source": "s", "ttl": ttl,
			"schema": []any{map[string]any{"name": "f", "dtype": "int64"}}}
		b, _ := json.Marshal(map[string]any{"feature_views": []any{view}})
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		_, parseErr := model.ParseDuration(fmt.Sprint(ttl))
		if schemaErr := sch.Validate(inst); (schemaErr == nil) != (parseErr == nil) {
			t.Errorf("ttl %#v: schema says %v, parser says %v", ttl, schemaErr, parseErr)
		}
	}
}

func TestSchemaAcceptsTheDocumentedExamples(t *testing.T) {
	t.Parallel()
	_, sch := loadSchema(t)
	data, err := os.ReadFile("../../../docs/definitions.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := 0
	for i, block := range strings.Split(string(data), "```yaml\n")[1:] {
		block, _, _ = strings.Cut(block, "```")
		if strings.HasPrefix(block, "project:") {
			if _, err := config.Parse("/repo", "quiver.yaml", []byte(block)); err != nil {
				t.Errorf("the quiver.yaml example of docs/definitions.md: %v", err)
			}
			continue
		}
		if _, isSection := sectionKinds[strings.SplitN(block, ":", 2)[0]]; !isSection {
			continue // a part of quiver.yaml or a comment line
		}
		path := filepath.Join(t.TempDir(), fmt.Sprintf("example%d.yaml", i))
		if err := os.WriteFile(path, []byte(block), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, doc := range yamlDocuments(t, path) {
			examples++
			if err := sch.Validate(doc); err != nil {
				t.Errorf("example %d of docs/definitions.md:\n%s\n%v", i+1, block, err)
			}
		}
	}
	if examples < 5 {
		t.Errorf("found %d examples in docs/definitions.md, want one per object kind", examples)
	}
}
