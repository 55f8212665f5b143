package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	ucli "github.com/urfave/cli/v2"
	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/service"
)

const (
	flagIdentity = "identity"
	flagAction   = "action"
	flagResource = "resource"
)

// maxIdentityFile bounds an --identity file.
const maxIdentityFile = 64 << 10

// permissionsCommand is `quiver permissions list|check|explain`, like
// `feast permissions`.
func permissionsCommand(r *run) *ucli.Command {
	questionFlags := []ucli.Flag{
		&ucli.StringFlag{Name: flagIdentity, Usage: "the caller: a YAML or JSON `FILE` with name, roles, groups, namespaces", Required: true},
		&ucli.StringSliceFlag{Name: flagAction, Usage: "`ACTION` asked (repeatable; READ, WRITE, CRUD and ALL expand)", Required: true},
		&ucli.StringFlag{Name: flagResource, Usage: "the resource `KIND/NAME`, e.g. feature-view/driver_stats or project/demo", Required: true},
		outputFlag(),
	}
	return &ucli.Command{
		Name:   "permissions",
		Usage:  "list the permissions and check what an identity may do (docs/permissions.md)",
		Action: unknownCommand,
		Subcommands: []*ucli.Command{
			{Name: "list", Usage: "list the registered permissions", Flags: []ucli.Flag{outputFlag()},
				Action: func(c *ucli.Context) error { return r.list(c, model.KindPermission) }},
			{Name: "check", Usage: "say whether an identity may do actions on a resource", Flags: questionFlags,
				Action: func(c *ucli.Context) error { return r.explainAccess(c, false) }},
			{Name: "explain", Usage: "check, and show each permission's part in the answer", Flags: questionFlags,
				Action: func(c *ucli.Context) error { return r.explainAccess(c, true) }},
		},
	}
}

// explainAccess runs check (verbose: explain). A denial is exit status 1.
func (r *run) explainAccess(c *ucli.Context, verbose bool) error {
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	id, err := readIdentity(c.String(flagIdentity))
	if err != nil {
		return err
	}
	actions, err := authz.ParseActions(splitList(c.StringSlice(flagAction)))
	if err != nil {
		return fmt.Errorf("--%s: %w", flagAction, err)
	}
	kind, name, ok := strings.Cut(c.String(flagResource), "/")
	if !ok || kind == "" || name == "" {
		return fmt.Errorf("invalid --%s %q; use KIND/NAME, e.g. feature-view/driver_stats", flagResource, c.String(flagResource))
	}
	return r.withService(c, service.Options{}, func(svc *service.Service) error {
		ex, err := svc.ExplainAccess(c.Context, id, actions, kind, name)
		if err != nil {
			return err
		}
		if format == "json" {
			if err := writeJSON(r, ex); err != nil {
				return err
			}
		} else {
			r.printExplanation(ex, verbose)
		}
		if !ex.Allowed {
			return ucli.Exit("", 1)
		}
		return nil
	})
}

func (r *run) printExplanation(ex *service.Explanation, verbose bool) {
	verdict := "DENIED"
	if ex.Allowed {
		verdict = "ALLOWED"
	}
	acts := make([]string, len(ex.Actions))
	for i, a := range ex.Actions {
		acts[i] = string(a)
	}
	fmt.Fprintf(r.stdout, "%s: %s may %s %s: %s\n", verdict, orDash(ex.Identity.Name), strings.Join(acts, "+"), ex.Resource, ex.Reason)
	if !ex.AuthEnabled {
		fmt.Fprintln(r.stdout, "Note: quiver.yaml has auth: no_auth, so the servers enforce no permission; this is what they would decide with authentication on.")
	}
	if !verbose {
		return
	}
	if len(ex.Verdicts) == 0 {
		fmt.Fprintln(r.stdout, "No permission is defined.")
		return
	}
	w := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "PERMISSION\tTYPE\tNAME\tTAGS\tACTIONS\tPOLICY ADMITS")
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	for _, v := range ex.Verdicts {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", v.Permission, yes(v.Type), yes(v.Name), yes(v.Tags), yes(v.Actions), yes(v.Admits))
	}
	w.Flush()
}

// identityFile is what --identity holds.
type identityFile struct {
	Name       string   `yaml:"name"`
	Roles      []string `yaml:"roles"`
	Groups     []string `yaml:"groups"`
	Namespaces []string `yaml:"namespaces"`
}

// readIdentity reads an identity file (YAML or JSON, known keys only).
func readIdentity(path string) (authz.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return authz.Identity{}, fmt.Errorf("--%s: %w", flagIdentity, err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if n, err := buf.ReadFrom(io.LimitReader(f, maxIdentityFile+1)); err != nil {
		return authz.Identity{}, fmt.Errorf("--%s: %w", flagIdentity, err)
	} else if n > maxIdentityFile {
		return authz.Identity{}, fmt.Errorf("--%s: %s is larger than %d KiB", flagIdentity, path, maxIdentityFile>>10)
	}
	dec := yaml.NewDecoder(&buf)
	dec.KnownFields(true)
	var idf identityFile
	if err := dec.Decode(&idf); err != nil {
		return authz.Identity{}, fmt.Errorf("%s: %v (want name, roles, groups, namespaces)", path, err)
	}
	return authz.Identity{Name: idf.Name, Roles: idf.Roles, Groups: idf.Groups, Namespaces: idf.Namespaces}, nil
}
