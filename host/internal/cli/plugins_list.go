package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/pluginhost"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// Lock states of a listed plugin.
const (
	lockOK         = "ok"
	lockMismatch   = "mismatch"
	lockNotLocked  = "not_locked"
	lockNoLockFile = "no_lock_file"
)

// pluginListing is one row of `quiver plugins list`.
type pluginListing struct {
	Name         string           `json:"name"`
	File         string           `json:"file"`
	Version      string           `json:"version,omitempty"`
	Online       bool             `json:"online"`
	Offline      bool             `json:"offline"`
	Capabilities capabilityReport `json:"capabilities"`
	SHA256       string           `json:"sha256,omitempty"`
	Lock         string           `json:"lock"`
	// Note says why the binary was not queried (not locked); not an error.
	Note  string `json:"note,omitempty"`
	Error string `json:"error,omitempty"`
}

// capabilityReport flattens what a plugin's stores advertised.
type capabilityReport struct {
	VectorSearch       bool     `json:"vector_search"`
	Filters            bool     `json:"filters"`
	Text               bool     `json:"text"`
	Metrics            []string `json:"metrics"`
	KeyTTL             bool     `json:"key_ttl"`
	HistoricalPushdown bool     `json:"historical_pushdown"`
	EntityFilter       bool     `json:"entity_filter"`
}

func pluginsListCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:  "list",
		Usage: "show every plugin's lock status and, launching the trusted ones, its version, stores and capabilities",
		Flags: []ucli.Flag{
			pluginsDirFlag(),
			&ucli.BoolFlag{Name: flagTrustUnlocked, Usage: "also launch binaries the lock file does not list (or all, without a lock file) to query them"},
			outputFlag(),
		},
		Action: r.pluginsList,
	}
}

func (r *run) pluginsList(c *ucli.Context) error {
	format, err := outputFormat(c)
	if err != nil {
		return err
	}
	dir, err := existingPluginsDir(c)
	if err != nil {
		return err
	}
	bins, err := pluginhost.Discover(dir)
	if err != nil {
		return err
	}
	lock, err := pluginhost.ReadLock(dir)
	if err != nil && !errors.Is(err, pluginhost.ErrNoLockFile) {
		return err
	}
	m, err := r.manager(c, lock, dir)
	if err != nil {
		return err
	}
	rows := make([]pluginListing, len(bins))
	failed := 0
	for i, b := range bins {
		rows[i] = inspect(c, m, lock, b, c.Bool(flagTrustUnlocked))
		if rows[i].Error != "" {
			failed++
		}
	}
	if format == "json" {
		err = r.printListJSON(dir, rows)
	} else {
		err = r.printListTable(dir, rows)
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d plugins could not be inspected", failed, len(rows))
	}
	return nil
}

func capabilitiesOf(on onlinestore.Capabilities, off offlinestore.Capabilities) capabilityReport {
	r := capabilityReport{
		VectorSearch:       on.VectorSearch,
		Filters:            on.VectorSearch && on.Vector.Filters,
		Text:               on.VectorSearch && on.Vector.TextQuery,
		Metrics:            []string{},
		KeyTTL:             on.KeyTTL,
		HistoricalPushdown: off.HistoricalPushdown,
		EntityFilter:       off.EntityFilter,
	}
	if on.VectorSearch {
		for _, m := range on.Vector.Metrics {
			r.Metrics = append(r.Metrics, m.String())
		}
	}
	return r
}

// String renders the capabilities for the table, e.g.
// "vector_search(metrics=l2,cosine filters text) key_ttl".
func (r capabilityReport) String() string {
	var parts []string
	if r.VectorSearch {
		opts := []string{"metrics=" + strings.Join(r.Metrics, ",")}
		if r.Filters {
			opts = append(opts, "filters")
		}
		if r.Text {
			opts = append(opts, "text")
		}
		parts = append(parts, "vector_search("+strings.Join(opts, " ")+")")
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{r.KeyTTL, "key_ttl"}, {r.HistoricalPushdown, "historical_pushdown"}, {r.EntityFilter, "entity_filter"}} {
		if f.on {
			parts = append(parts, f.name)
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " ")
}

func (r *run) printListJSON(dir string, rows []pluginListing) error {
	enc := json.NewEncoder(r.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		PluginsDir string          `json:"plugins_dir"`
		Plugins    []pluginListing `json:"plugins"`
	}{dir, rows})
}

func (r *run) printListTable(dir string, rows []pluginListing) error {
	if len(rows) == 0 {
		fmt.Fprintf(r.stderr, "no plugins (%s* executables) in %s\n", pluginhost.BinaryPrefix, dir)
		return nil
	}
	w := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tFILE\tVERSION\tSTORES\tCAPABILITIES\tLOCK")
	for _, row := range rows {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", row.Name, row.File, orDash(row.Version),
			storeKinds(row), row.Capabilities, row.Lock)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	for _, row := range rows {
		if row.Note != "" {
			fmt.Fprintf(r.stderr, "quiver: plugin %s: %s\n", row.Name, row.Note)
		}
		if row.Error != "" {
			fmt.Fprintf(r.stderr, "quiver: plugin %s: %s\n", row.Name, row.Error)
		}
	}
	return nil
}

// storeKinds names the stores (online, offline) a listed plugin serves.
func storeKinds(row pluginListing) string {
	switch {
	case row.Online && row.Offline:
		return "online,offline"
	case row.Online:
		return "online"
	case row.Offline:
		return "offline"
	}
	return "-"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
