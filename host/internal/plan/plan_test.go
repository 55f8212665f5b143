package plan

import (
	"bytes"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/sdk/types"
)

func repoWith(views ...*model.FeatureView) *model.Repo {
	r := model.NewRepo("p")
	r.Add(&model.Entity{Name: "driver", JoinKeys: []string{"driver_id"}, ValueType: types.Int64})
	r.Add(&model.DataSource{Name: "src", Kind: model.SourceFile, Path: "x.parquet", TimestampField: "ts"})
	for _, v := range views {
		r.Add(v)
	}
	return r
}

func fv(name string, online bool, features ...string) *model.FeatureView {
	v := &model.FeatureView{Name: name, Entities: []string{"driver"}, Source: "src", Online: online}
	for _, f := range features {
		v.Schema = append(v.Schema, model.Field{Name: f, DType: types.Float32})
	}
	return v
}

func TestComputeCreatesUpdatesAndPrunes(t *testing.T) {
	t.Parallel()
	current := repoWith(fv("a", true, "x"), fv("b", true, "y"), fv("c", true, "z"))
	desired := repoWith(fv("a", true, "x"), fv("b", true, "y", "y2"), fv("d", true, "w"))
	tests := []struct {
		prune       bool
		wantChanges string
		wantDelete  []string
	}{
		{false, "update feature-view b;create feature-view d", nil},
		{true, "update feature-view b;create feature-view d;delete feature-view c", []string{"c"}},
	}
	for _, tt := range tests {
		p, err := Compute(desired, current, tt.prune)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range p.Changes {
			got = append(got, string(c.Op)+" "+string(c.Kind)+" "+c.Name)
		}
		if strings.Join(got, ";") != tt.wantChanges {
			t.Errorf("prune=%v: changes = %q, want %q", tt.prune, strings.Join(got, ";"), tt.wantChanges)
		}
		if strings.Join(p.InfraDelete, ",") != strings.Join(tt.wantDelete, ",") {
			t.Errorf("prune=%v: infra delete = %v, want %v", tt.prune, p.InfraDelete, tt.wantDelete)
		}
		if strings.Join(p.InfraCreate, ",") != "b,d" {
			t.Errorf("prune=%v: infra create = %v, want [b d]", tt.prune, p.InfraCreate)
		}
		wantKeep := 3 // a, b, d (+ c when not pruning)
		if !tt.prune {
			wantKeep = 4
		}
		if len(p.Infra.ViewsToKeep) != wantKeep {
			t.Errorf("prune=%v: %d views to keep, want %d", tt.prune, len(p.Infra.ViewsToKeep), wantKeep)
		}
	}
}

func TestTurningAViewOfflineDeletesItsStorage(t *testing.T) {
	t.Parallel()
	p, err := Compute(repoWith(fv("a", false, "x")), repoWith(fv("a", true, "x")), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 1 || p.Changes[0].Op != registry.OpUpdate || strings.Join(p.InfraDelete, ",") != "a" {
		t.Fatalf("plan = %+v", p)
	}
	var out bytes.Buffer
	p.Render(&out, "sqlite")
	if !strings.Contains(out.String(), "- delete storage and data of feature view a") {
		t.Errorf("render:\n%s", out.String())
	}
}

func TestNoChangesIsEmpty(t *testing.T) {
	t.Parallel()
	p, err := Compute(repoWith(fv("a", true, "x")), repoWith(fv("a", true, "x")), true)
	if err != nil || !p.Empty() || p.Unchanged != 3 {
		t.Fatalf("plan = %+v, %v; want empty with 3 unchanged", p, err)
	}
}
