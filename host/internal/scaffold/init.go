package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/quiverfs/quiver/host/internal/model"
)

// The size of the demo data: a few thousand drivers over three weeks.
const (
	DefaultDrivers = 2000
	DefaultDays    = 21
)

// DataFile is where Init writes the sample data, relative to the repository.
const DataFile = "data/driver_stats.parquet"

// ErrNotEmpty is returned when the target folder exists and holds files.
var ErrNotEmpty = errors.New("folder exists and is not empty")

// Options says what Init creates.
type Options struct {
	// Dir is the folder to create. Required; it must not exist or be empty.
	Dir string
	// Project is the project name. Optional: default ProjectName(Dir).
	Project string
	// Now is when the sample data ends: its last rows are at Now truncated
	// to the hour. Optional: default time.Now().
	Now time.Time
	// Drivers and Days size the sample data. Optional: default
	// DefaultDrivers and DefaultDays.
	Drivers, Days int
}

// Result says what Init created.
type Result struct {
	Dir     string
	Project string
	// Files are the created files, relative to Dir, in creation order.
	Files []string
	// Rows is the number of rows of the sample data, for drivers
	// FirstDriverID to LastDriver; First and End are its first and last hour.
	Rows       int
	LastDriver int
	First, End time.Time
}

var validProject = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// Init creates a feature repository in opts.Dir: quiver.yaml, features.yaml,
// README.md and the sample data. A folder that exists and is not empty is
// refused with ErrNotEmpty. On failure nothing Init created is left behind.
func Init(opts Options) (res *Result, err error) {
	opts, err = withDefaults(opts)
	if err != nil {
		return nil, err
	}
	created, err := prepareDir(opts.Dir)
	if err != nil {
		return nil, err
	}
	end := opts.Now.UTC().Truncate(time.Hour)
	res = &Result{Dir: opts.Dir, Project: opts.Project, Rows: DriverStatsRows(opts.Drivers, opts.Days),
		LastDriver: FirstDriverID + opts.Drivers - 1, First: end.Add(-time.Duration(opts.Days*24-1) * time.Hour), End: end}
	defer func() {
		if err != nil {
			cleanUp(opts.Dir, created, res.Files)
		}
	}()
	info := repoInfo{Project: opts.Project, Drivers: opts.Drivers, Days: opts.Days, Rows: res.Rows,
		First: FirstDriverID, Last: res.LastDriver, End: res.End, DataFile: DataFile}
	for _, f := range []struct{ name, text string }{
		{"quiver.yaml", render(quiverYAML, info)},
		{"features.yaml", render(featuresYAML, info)},
		{"README.md", render(readme, info)},
		{".gitignore", gitignore},
	} {
		if err := os.WriteFile(filepath.Join(opts.Dir, f.name), []byte(f.text), 0o644); err != nil {
			return nil, fmt.Errorf("quiver init: %w", err)
		}
		res.Files = append(res.Files, f.name)
	}
	if err := os.MkdirAll(filepath.Join(opts.Dir, filepath.Dir(DataFile)), 0o755); err != nil {
		return nil, fmt.Errorf("quiver init: %w", err)
	}
	if err := GenerateDriverStats(filepath.Join(opts.Dir, DataFile), opts.Drivers, opts.Days, DemoFeatureCount, res.End); err != nil {
		return nil, fmt.Errorf("quiver init: %w", err)
	}
	res.Files = append(res.Files, DataFile)
	if err := writeEmptyDocs(filepath.Join(opts.Dir, DocsFile)); err != nil {
		return nil, fmt.Errorf("quiver init: %w", err)
	}
	res.Files = append(res.Files, DocsFile)
	return res, nil
}

func withDefaults(opts Options) (Options, error) {
	if strings.TrimSpace(opts.Dir) == "" {
		return opts, errors.New("quiver init: a folder is required")
	}
	if opts.Project == "" {
		opts.Project = ProjectName(opts.Dir)
	} else if err := model.CheckName(opts.Project); err != nil {
		return opts, fmt.Errorf("quiver init: project %w", err)
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Drivers == 0 {
		opts.Drivers = DefaultDrivers
	}
	if opts.Days == 0 {
		opts.Days = DefaultDays
	}
	return opts, nil
}

// ProjectName derives a project name from a folder: its base name with
// every character but letters, digits and _ replaced by _ ("my-repo" gives
// "my_repo"); "quiver_demo" when nothing usable is left.
func ProjectName(dir string) string {
	base := filepath.Base(dir)
	if abs, err := filepath.Abs(dir); err == nil {
		base = filepath.Base(abs)
	}
	name := strings.Map(func(r rune) rune {
		if r < 128 && validProject.MatchString(string(r)) {
			return r
		}
		return '_'
	}, base)
	if strings.Trim(name, "_") == "" {
		return "quiver_demo"
	}
	return name
}

// prepareDir creates dir, or accepts it when it exists and is empty.
// created reports whether Init made the folder.
func prepareDir(dir string) (created bool, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return false, fmt.Errorf("quiver init: %w", err)
		}
		return true, nil
	case err != nil:
		return false, fmt.Errorf("quiver init: %s is not a usable folder: %w", dir, err)
	case len(entries) > 0:
		return false, fmt.Errorf("quiver init: %s: %w (it has %d entries); choose a new or empty folder", dir, ErrNotEmpty, len(entries))
	}
	return false, nil
}

// cleanUp removes what a failed Init created.
func cleanUp(dir string, created bool, files []string) {
	if created {
		os.RemoveAll(dir)
		return
	}
	for _, f := range files {
		os.Remove(filepath.Join(dir, f))
	}
	os.RemoveAll(filepath.Join(dir, filepath.Dir(DataFile)))
}
