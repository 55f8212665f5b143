package authz

import (
	"fmt"
	"slices"
	"strings"
)

// Action is what a caller wants to do, as Feast names it.
type Action string

// The actions.
const (
	Create       Action = "CREATE"
	Describe     Action = "DESCRIBE"
	Update       Action = "UPDATE"
	Delete       Action = "DELETE"
	ReadOnline   Action = "READ_ONLINE"
	ReadOffline  Action = "READ_OFFLINE"
	WriteOnline  Action = "WRITE_ONLINE"
	WriteOffline Action = "WRITE_OFFLINE"
)

// AllActions lists every action.
var AllActions = []Action{Create, Describe, Update, Delete, ReadOnline, ReadOffline, WriteOnline, WriteOffline}

// actionAliases are the names that stand for several actions.
var actionAliases = map[string][]Action{
	"READ":  {ReadOnline, ReadOffline},
	"WRITE": {WriteOnline, WriteOffline},
	"CRUD":  {Create, Describe, Update, Delete},
	"ALL":   AllActions,
}

// ParseActions reads action names and aliases (READ, WRITE, CRUD, ALL),
// in any case, into the set of actions they stand for, in AllActions
// order without repeats.
func ParseActions(names []string) ([]Action, error) {
	set := map[Action]bool{}
	for _, n := range names {
		u := strings.ToUpper(strings.TrimSpace(n))
		if alias, ok := actionAliases[u]; ok {
			for _, a := range alias {
				set[a] = true
			}
			continue
		}
		if !slices.Contains(AllActions, Action(u)) {
			return nil, fmt.Errorf("unknown action %q (known: %s, or READ, WRITE, CRUD, ALL)", n, actionList(AllActions))
		}
		set[Action(u)] = true
	}
	out := make([]Action, 0, len(set))
	for _, a := range AllActions {
		if set[a] {
			out = append(out, a)
		}
	}
	return out, nil
}

func actionList(actions []Action) string {
	s := make([]string, len(actions))
	for i, a := range actions {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}

// Resource types a permission can name.
const (
	TypeProject        = "project"
	TypeEntity         = "entity"
	TypeDataSource     = "data-source"
	TypeFeatureView    = "feature-view"
	TypeFeatureService = "feature-service"
	TypeSavedDataset   = "saved-dataset"
	TypePermission     = "permission"
)

// ResourceTypes lists every resource type.
var ResourceTypes = []string{TypeProject, TypeEntity, TypeDataSource, TypeFeatureView, TypeFeatureService, TypeSavedDataset, TypePermission}
