package plan

import (
	"fmt"
	"io"

	"github.com/quiverfs/quiver/host/internal/registry"
)

var opSigns = map[registry.Op]string{registry.OpCreate: "+", registry.OpUpdate: "~", registry.OpDelete: "-"}

// Render prints the plan for people: one line per object change, then the
// store infrastructure changes, then a summary.
func (p *Plan) Render(w io.Writer, onlineStore string) {
	fmt.Fprintf(w, "Project %s\n", p.Project)
	if p.Empty() && len(p.Kept) == 0 {
		fmt.Fprintln(w, "No changes: the registry and the stores match the definitions.")
		return
	}
	fmt.Fprintln(w, "\nRegistry:")
	for _, c := range p.Changes {
		fmt.Fprintf(w, "  %s %-7s %-16s %s\n", opSigns[c.Op], c.Op, c.Kind, c.Name)
	}
	for _, k := range p.Kept {
		fmt.Fprintf(w, "  = kept    %-16s %s (not in the files; apply --prune deletes it)\n", k.Kind, k.Name)
	}
	if p.Infra != nil {
		fmt.Fprintf(w, "\nOnline store (%s):\n", onlineStore)
		for _, v := range p.InfraCreate {
			fmt.Fprintf(w, "  + create or update storage of feature view %s\n", v)
		}
		for _, v := range p.InfraDelete {
			fmt.Fprintf(w, "  - delete storage and data of feature view %s\n", v)
		}
	}
	fmt.Fprintf(w, "\nPlan: %s.\n", p)
}
