package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/scaffold"
)

// initCommand is `quiver init DIR [--project NAME]`: a new feature
// repository with deterministic sample data ending at the current hour.
func initCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:      "init",
		Usage:     "create a new feature repository with sample data",
		ArgsUsage: "DIR",
		Description: "Creates DIR (which must not exist or be empty) with quiver.yaml, features.yaml, a README\n" +
			"and data/driver_stats.parquet: hourly statistics of 2,000 drivers (driver_id 1001 upward)\n" +
			"over 21 days, ending at the current hour. The data is the same for the same hour.",
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: "project", Usage: "project `NAME` (default: DIR's name with every character " +
				"but letters, digits and _ replaced by _)"},
		},
		Action: func(c *ucli.Context) error { return runInit(c, r) },
	}
}

func runInit(c *ucli.Context, r *run) error {
	if c.NArg() != 1 {
		return fmt.Errorf("quiver init needs exactly one DIR argument, got %d; run `quiver init --help`", c.NArg())
	}
	dir := c.Args().First()
	started := time.Now()
	res, err := scaffold.Init(scaffold.Options{Dir: dir, Project: c.String("project"), Now: started})
	if err != nil {
		return err
	}
	printInit(r.stdout, res, started, time.Since(started))
	return nil
}

// printInit tells what init created and what to run next.
func printInit(w io.Writer, res *scaffold.Result, now time.Time, took time.Duration) {
	const stamp = "2006-01-02T15:04:05Z"
	fmt.Fprintf(w, "Created feature repository %q in %s (%.1fs):\n", res.Project, res.Dir, took.Seconds())
	describe := map[string]string{
		"quiver.yaml":   "configuration: embedded SQLite online store, parquet offline store",
		"features.yaml": "entity driver, feature view driver_hourly_stats, feature service driver_activity",
		"README.md":     "what is here and the commands to try",
		".gitignore":    "keeps the registry and online store out of git",
		scaffold.DataFile: fmt.Sprintf("%s rows: drivers %d-%d, hourly from %s to %s", thousands(res.Rows),
			scaffold.FirstDriverID, res.LastDriver, res.First.Format(stamp), res.End.Format(stamp)),
	}
	for _, f := range res.Files {
		fmt.Fprintf(w, "  %-27s %s\n", filepath.ToSlash(f), describe[f])
	}
	fmt.Fprintf(w, "\nNext:\n  cd %s\n  quiver apply\n  quiver materialize-incremental %s\n"+
		"  quiver get-online-features --features driver_hourly_stats:conv_rate,driver_hourly_stats:acc_rate --entity driver_id=%d\n"+
		"  quiver serve\n", res.Dir, now.UTC().Format("2006-01-02T15:04:05"), scaffold.FirstDriverID)
}

// thousands renders n with comma separators, e.g. 1,008,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
