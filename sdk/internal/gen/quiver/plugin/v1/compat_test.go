package pluginv1_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	_ "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
)

// released is the plugin protocol v1 as released: every message field,
// enum value and RPC a plugin or host built against v1 may rely on.
const released = "testdata/v1_released.json"

var updateReleased = flag.Bool("update-released", false, "rewrite "+released+" from the current protocol (only when releasing)")

// surface is what compatibility is judged on, keyed by full names.
type surface struct {
	// Fields maps "Message.number" to "name kind cardinality [type]".
	Fields map[string]string `json:"fields"`
	// EnumValues maps "Enum.number" to the value's name.
	EnumValues map[string]string `json:"enum_values"`
	// Methods maps "Service.Method" to "in -> out" with stream markers.
	Methods map[string]string `json:"methods"`
}

// currentSurface describes package quiver.plugin.v1 as compiled in.
func currentSurface() surface {
	s := surface{Fields: map[string]string{}, EnumValues: map[string]string{}, Methods: map[string]string{}}
	protoregistry.GlobalFiles.RangeFilesByPackage("quiver.plugin.v1", func(fd protoreflect.FileDescriptor) bool {
		addMessages(s, fd.Messages())
		addEnums(s, fd.Enums())
		for i := range fd.Services().Len() {
			svc := fd.Services().Get(i)
			for j := range svc.Methods().Len() {
				m := svc.Methods().Get(j)
				s.Methods[string(m.FullName())] = fmt.Sprintf("%s%s -> %s%s", stream(m.IsStreamingClient()), m.Input().FullName(),
					stream(m.IsStreamingServer()), m.Output().FullName())
			}
		}
		return true
	})
	return s
}

func addMessages(s surface, msgs protoreflect.MessageDescriptors) {
	for i := range msgs.Len() {
		m := msgs.Get(i)
		for j := range m.Fields().Len() {
			f := m.Fields().Get(j)
			desc := fmt.Sprintf("%s %s %s", f.Name(), f.Kind(), f.Cardinality())
			switch {
			case f.Message() != nil:
				desc += " " + string(f.Message().FullName())
			case f.Enum() != nil:
				desc += " " + string(f.Enum().FullName())
			}
			if o := f.ContainingOneof(); o != nil && !o.IsSynthetic() {
				desc += " oneof " + string(o.Name())
			}
			s.Fields[fmt.Sprintf("%s.%d", m.FullName(), f.Number())] = desc
		}
		addMessages(s, m.Messages())
		addEnums(s, m.Enums())
	}
}

func addEnums(s surface, enums protoreflect.EnumDescriptors) {
	for i := range enums.Len() {
		e := enums.Get(i)
		for j := range e.Values().Len() {
			v := e.Values().Get(j)
			s.EnumValues[fmt.Sprintf("%s.%d", e.FullName(), v.Number())] = string(v.Name())
		}
	}
}

func stream(on bool) string {
	if on {
		return "stream "
	}
	return ""
}

// breaks lists what of old is missing or different in cur; additions are
// compatible and not listed.
func breaks(old, cur surface) []string {
	var out []string
	check := func(what string, o, c map[string]string) {
		for k, v := range o {
			got, ok := c[k]
			switch {
			case !ok:
				out = append(out, fmt.Sprintf("%s %s (%s) was removed", what, k, v))
			case got != v:
				out = append(out, fmt.Sprintf("%s %s changed from %q to %q", what, k, v, got))
			}
		}
	}
	check("field", old.Fields, cur.Fields)
	check("enum value", old.EnumValues, cur.EnumValues)
	check("method", old.Methods, cur.Methods)
	sort.Strings(out)
	return out
}

// TestProtocolV1KeepsEveryReleasedField fails when a field, enum value or
// RPC of the released v1 protocol is removed, renumbered, renamed or
// retyped. New ones may be added; a change that breaks must go to v2.
func TestProtocolV1KeepsEveryReleasedField(t *testing.T) {
	cur := currentSurface()
	if len(cur.Fields) == 0 || len(cur.Methods) == 0 {
		t.Fatal("found no quiver.plugin.v1 descriptors")
	}
	if *updateReleased {
		b, _ := json.MarshalIndent(cur, "", "  ")
		if err := os.WriteFile(released, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(released)
	if err != nil {
		t.Fatal(err)
	}
	var old surface
	if err := json.Unmarshal(b, &old); err != nil {
		t.Fatalf("%s: %v", filepath.Base(released), err)
	}
	for _, problem := range breaks(old, cur) {
		t.Errorf("protocol v1 broken: %s", problem)
	}
}

func TestBreaksFindsEveryIncompatibleChange(t *testing.T) {
	t.Parallel()
	old := currentSurface()
	mutations := map[string]func(s surface){
		"field removed":      func(s surface) { delete(s.Fields, anyKey(s.Fields)) },
		"field retyped":      func(s surface) { k := anyKey(s.Fields); s.Fields[k] += "x" },
		"enum value renamed": func(s surface) { k := anyKey(s.EnumValues); s.EnumValues[k] += "_OLD" },
		"method removed":     func(s surface) { delete(s.Methods, anyKey(s.Methods)) },
	}
	for name, mutate := range mutations {
		cur := currentSurface()
		mutate(cur)
		if got := breaks(old, cur); len(got) != 1 {
			t.Errorf("%s: breaks = %v, want one problem", name, got)
		}
	}
	added := currentSurface()
	added.Fields["quiver.plugin.v1.New.1"] = "x string optional"
	if got := breaks(old, added); len(got) != 0 {
		t.Errorf("an added field is reported as breaking: %v", got)
	}
}

// anyKey returns the smallest key of m.
func anyKey(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys[0]
}
