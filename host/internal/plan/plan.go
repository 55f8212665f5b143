package plan

import (
	"encoding/json"
	"fmt"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// ObjectChange is one object to create, update or delete.
type ObjectChange struct {
	Op   registry.Op
	Kind model.Kind
	Name string
	// Object is the desired object; nil for deletions.
	Object any
}

// Plan is what apply will do.
type Plan struct {
	Project string
	// Changes lists the object changes in dependency order (deletions last).
	Changes []ObjectChange
	// Kept lists objects the files no longer define that stay because
	// pruning is off.
	Kept []ObjectChange
	// Unchanged counts objects that stay as they are.
	Unchanged int
	// Final is the repository as it will be after apply.
	Final *model.Repo
	// Infra is the online store request; nil when the store need not change.
	Infra *onlinestore.ApplyInfraRequest
	// InfraCreate and InfraDelete name the online views whose store
	// infrastructure is created/updated or removed.
	InfraCreate, InfraDelete []string
	// keep asks the store to keep every online view of Final (nil when
	// there is none): what apply sends when Infra is nil.
	keep *onlinestore.ApplyInfraRequest
}

// ApplyRequest is the online store request apply sends: Infra when the
// plan changes the store; else, so that apply restores what a teardown
// removed, a request to keep every online view and its entities. It is
// nil when the project has no online view and nothing to delete.
func (p *Plan) ApplyRequest() *onlinestore.ApplyInfraRequest {
	if p.Infra != nil {
		return p.Infra
	}
	return p.keep
}

// Compute plans the move from current (the registry) to desired (the files).
func Compute(desired, current *model.Repo, prune bool) (*Plan, error) {
	p := &Plan{Project: desired.Project, Final: model.NewRepo(desired.Project)}
	var deletes []ObjectChange
	for _, kind := range model.Kinds {
		for _, name := range desired.Names(kind) {
			obj := desired.Object(kind, name)
			p.Final.Add(obj)
			old := current.Object(kind, name)
			switch {
			case old == nil:
				p.Changes = append(p.Changes, ObjectChange{Op: registry.OpCreate, Kind: kind, Name: name, Object: obj})
			case !sameJSON(old, obj):
				p.Changes = append(p.Changes, ObjectChange{Op: registry.OpUpdate, Kind: kind, Name: name, Object: obj})
			default:
				p.Unchanged++
			}
		}
		for _, name := range current.Names(kind) {
			if desired.Object(kind, name) != nil {
				continue
			}
			if prune {
				deletes = append(deletes, ObjectChange{Op: registry.OpDelete, Kind: kind, Name: name})
			} else {
				p.Kept = append(p.Kept, ObjectChange{Kind: kind, Name: name, Object: current.Object(kind, name)})
				p.Final.Add(current.Object(kind, name))
			}
		}
	}
	// Delete dependents before what they depend on.
	for i := len(deletes) - 1; i >= 0; i-- {
		p.Changes = append(p.Changes, deletes[i])
	}
	if err := p.planInfra(current); err != nil {
		return nil, err
	}
	return p, nil
}

func sameJSON(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// planInfra works out the online store request from the view changes.
func (p *Plan) planInfra(current *model.Repo) error {
	req := &onlinestore.ApplyInfraRequest{Project: p.Project}
	for _, name := range p.Final.Names(model.KindFeatureView) {
		v := p.Final.FeatureViews[name]
		if !v.Online {
			continue
		}
		spec, err := p.Final.ViewSpec(v)
		if err != nil {
			return err
		}
		req.ViewsToKeep = append(req.ViewsToKeep, spec)
		if old := current.FeatureViews[name]; old == nil || !old.Online || !sameSpec(current, old, spec) {
			p.InfraCreate = append(p.InfraCreate, name)
		}
	}
	for _, name := range current.Names(model.KindFeatureView) {
		old := current.FeatureViews[name]
		nv := p.Final.FeatureViews[name]
		if old.Online && (nv == nil || !nv.Online) {
			spec, err := current.ViewSpec(old)
			if err != nil {
				spec = types.FeatureViewSpec{Name: name}
			}
			req.ViewsToDelete = append(req.ViewsToDelete, spec)
			p.InfraDelete = append(p.InfraDelete, name)
		}
	}
	for _, name := range p.Final.Names(model.KindEntity) {
		req.EntitiesToKeep = append(req.EntitiesToKeep, p.Final.Entities[name].EntitySpec())
	}
	for _, name := range current.Names(model.KindEntity) {
		if p.Final.Entities[name] == nil {
			req.EntitiesToDelete = append(req.EntitiesToDelete, current.Entities[name].EntitySpec())
		}
	}
	if len(req.ViewsToKeep) > 0 {
		p.keep = &onlinestore.ApplyInfraRequest{Project: p.Project, ViewsToKeep: req.ViewsToKeep, EntitiesToKeep: req.EntitiesToKeep}
	}
	if len(p.InfraCreate) > 0 || len(p.InfraDelete) > 0 {
		p.Infra = req
	}
	return nil
}

func sameSpec(repo *model.Repo, v *model.FeatureView, spec types.FeatureViewSpec) bool {
	old, err := repo.ViewSpec(v)
	return err == nil && sameJSON(old, spec)
}

// RegistryChanges returns the changes to hand to registry.Apply.
func (p *Plan) RegistryChanges() []registry.Change {
	out := make([]registry.Change, len(p.Changes))
	for i, c := range p.Changes {
		out[i] = registry.Change{Op: c.Op, Kind: c.Kind, Name: c.Name, Object: c.Object}
	}
	return out
}

// Empty reports whether apply has nothing to do.
func (p *Plan) Empty() bool { return len(p.Changes) == 0 && p.Infra == nil }

// String summarizes the plan in one line.
func (p *Plan) String() string {
	var c, u, d int
	for _, ch := range p.Changes {
		switch ch.Op {
		case registry.OpCreate:
			c++
		case registry.OpUpdate:
			u++
		case registry.OpDelete:
			d++
		}
	}
	return fmt.Sprintf("%d to create, %d to update, %d to delete, %d unchanged", c, u, d, p.Unchanged)
}
