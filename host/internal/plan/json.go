package plan

import "github.com/quiverfs/quiver/host/internal/model"

// JSON is a plan for programs (`quiver plan -o json`).
type JSON struct {
	Project string `json:"project"`
	// Changes are the registry changes, in the order apply makes them.
	Changes []ChangeJSON `json:"changes"`
	// Kept are objects the files no longer define that stay (no --prune).
	Kept      []ChangeJSON `json:"kept"`
	Unchanged int          `json:"unchanged"`
	// OnlineStore is the online store's type; its lists name the views
	// whose storage apply creates or updates, and removes.
	OnlineStore      string   `json:"online_store"`
	OnlineCreate     []string `json:"online_create_or_update"`
	OnlineDelete     []string `json:"online_delete"`
	ChangesTheStores bool     `json:"changes_the_online_store"`
	ChangesAnything  bool     `json:"changes_anything"`
}

// ChangeJSON is one object change.
type ChangeJSON struct {
	Op   string     `json:"op"`
	Kind model.Kind `json:"kind"`
	Name string     `json:"name"`
}

// JSON returns the plan for programs; onlineStore is the store's type.
func (p *Plan) JSON(onlineStore string) JSON {
	out := JSON{Project: p.Project, Changes: changesJSON(p.Changes), Kept: changesJSON(p.Kept), Unchanged: p.Unchanged,
		OnlineStore: onlineStore, OnlineCreate: []string{}, OnlineDelete: []string{},
		ChangesTheStores: p.Infra != nil, ChangesAnything: !p.Empty()}
	if p.Infra != nil {
		out.OnlineCreate = append(out.OnlineCreate, p.InfraCreate...)
		out.OnlineDelete = append(out.OnlineDelete, p.InfraDelete...)
	}
	return out
}

func changesJSON(cs []ObjectChange) []ChangeJSON {
	out := make([]ChangeJSON, len(cs))
	for i, c := range cs {
		out[i] = ChangeJSON{Op: string(c.Op), Kind: c.Kind, Name: c.Name}
	}
	return out
}
