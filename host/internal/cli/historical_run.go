package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/hashicorp/go-hclog"
	"github.com/schollz/progressbar/v3"
	ucli "github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// runHistorical joins, writes OUT (and the saved dataset) and reports.
func (r *run) runHistorical(c *ucli.Context, fs *featurestore.FeatureStore, engine *pitjoin.Engine, req *pitjoin.Request, a *histArgs) error {
	ctx := c.Context
	began := time.Now()
	offline, err := fs.Offline(ctx)
	if err != nil {
		return err
	}
	if a.entities != "" {
		if req.Entities, err = engine.OpenEntityFile(ctx, a.entities, req.TimestampColumn); err != nil {
			return err
		}
	}
	resp, err := engine.GetHistoricalFeatures(ctx, offline, fs.SourceSpec, req)
	if err != nil {
		return err
	}
	defer resp.Records.Release()
	out, err := createOutput(a.output, resp.Records.Schema())
	if err != nil {
		return err
	}
	prog := newRowProgress(r, fs.Logger.Named("historical"))
	tee := &teeReader{RecordReader: resp.Records, out: out, prog: prog}
	if a.saveAs == "" {
		for tee.Next() {
		}
		err = tee.Err()
	} else {
		err = r.saveDataset(ctx, fs, offline, tee, a, req)
	}
	prog.done()
	if err != nil {
		out.Abort()
		return err
	}
	if err := out.Commit(); err != nil {
		return err
	}
	where := "joined in the host"
	if resp.Pushdown {
		where = "joined by the offline store"
	}
	fmt.Fprintf(r.stdout, "Wrote %d rows x %d columns to %s (%s) in %s.\n", tee.rows, resp.Records.Schema().NumFields(),
		a.output, where, time.Since(began).Round(time.Millisecond))
	if a.saveAs != "" {
		fmt.Fprintf(r.stdout, "Saved dataset %s.\n", a.saveAs)
	}
	return nil
}

// saveDataset streams the result into the offline store while tee writes
// OUT, then registers the dataset.
func (r *run) saveDataset(ctx context.Context, fs *featurestore.FeatureStore, offline offlinestore.Store, tee *teeReader, a *histArgs, req *pitjoin.Request) error {
	storage := map[string]string{"table": "quiver_dataset_" + a.saveAs}
	if fs.Config.OfflineStore.Type == "file" {
		storage = map[string]string{"path": filepath.Join(fs.Config.Dir, "data", "saved_datasets", a.saveAs)}
	}
	dest := types.DataSourceSpec{Name: a.saveAs, Options: storage}
	if _, err := offline.WriteBatch(ctx, &offlinestore.WriteBatchRequest{Project: fs.Project(), Destination: dest, Records: tee}); err != nil {
		return fmt.Errorf("saving dataset %s: %w", a.saveAs, err)
	}
	if err := tee.Err(); err != nil {
		return err
	}
	d := registry.Dataset{Name: a.saveAs, Features: req.Features, FeatureService: req.FeatureService,
		FullFeatureNames: req.FullFeatureNames, Entities: a.entities, Storage: storage, Rows: tee.rows}
	if a.entities == "" {
		d.Entities = fmt.Sprintf("entity-less %s to %s", a.start.Format(time.RFC3339), a.end.Format(time.RFC3339))
	}
	for _, f := range tee.Schema().Fields() {
		d.Columns = append(d.Columns, registry.DatasetColumn{Name: f.Name, Type: f.Type.String()})
	}
	return fs.Registry.SaveDataset(ctx, fs.Project(), d)
}

// teeReader passes records on while writing each to the output file.
type teeReader struct {
	array.RecordReader
	out  *outputFile
	prog *rowProgress
	rows int64
	err  error
}

// Next writes the current record to the output before handing it on.
func (t *teeReader) Next() bool {
	if t.err != nil || !t.RecordReader.Next() {
		return false
	}
	rec := t.RecordReader.RecordBatch()
	if t.err = t.out.Write(rec); t.err != nil {
		t.err = fmt.Errorf("writing %s: %w", t.out.path, t.err)
		return false
	}
	t.rows += rec.NumRows()
	t.prog.add(rec.NumRows())
	return true
}

// Err returns the first error of the join or of the output.
func (t *teeReader) Err() error {
	if t.err != nil {
		return t.err
	}
	return t.RecordReader.Err()
}

// RecordBatch returns the current record.
func (t *teeReader) RecordBatch() arrow.RecordBatch { return t.RecordReader.RecordBatch() }

// rowProgress shows rows written: a counter on a terminal, log lines otherwise.
type rowProgress struct {
	bar  *progressbar.ProgressBar
	out  *os.File
	log  hclog.Logger
	rows int64
	last time.Time
}

func newRowProgress(r *run, log hclog.Logger) *rowProgress {
	p := &rowProgress{log: log, last: time.Now()}
	if f, ok := r.stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.out = f
		p.bar = progressbar.NewOptions64(-1, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription("rows written"),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("rows"),
			progressbar.OptionThrottle(100*time.Millisecond))
	}
	return p
}

func (p *rowProgress) add(n int64) {
	p.rows += n
	if p.bar != nil {
		_ = p.bar.Add64(n)
	} else if time.Since(p.last) >= 10*time.Second {
		p.last = time.Now()
		p.log.Info("writing training set", "rows", p.rows)
	}
}

func (p *rowProgress) done() {
	if p.bar != nil {
		_ = p.bar.Finish()
		fmt.Fprintln(p.out)
	}
}
