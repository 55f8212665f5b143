package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/hashicorp/go-hclog"
	"github.com/schollz/progressbar/v3"
	ucli "github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/host/internal/service"
)

// runHistorical joins, writes OUT (and the saved dataset) and reports.
func (r *run) runHistorical(c *ucli.Context, svc *service.Service, req *pitjoin.Request, a *histArgs) error {
	ctx := c.Context
	began := time.Now()
	resp, err := svc.GetHistoricalFeatures(ctx, req)
	if err != nil {
		return err
	}
	defer resp.Records.Release()
	out, err := createOutput(a.output, resp.Records.Schema())
	if err != nil {
		return err
	}
	log, err := logger(c)
	if err != nil {
		return err
	}
	prog := newRowProgress(r, log.Named("historical"))
	tee := &teeReader{RecordReader: resp.Records, out: out, prog: prog}
	if a.saveAs == "" {
		for tee.Next() {
		}
		err = tee.Err()
	} else {
		_, err = svc.SaveDataset(ctx, datasetOf(req, a), tee)
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

// datasetOf describes the saved dataset of a request.
func datasetOf(req *pitjoin.Request, a *histArgs) registry.Dataset {
	d := registry.Dataset{Name: a.saveAs, Features: req.Features, FeatureService: req.FeatureService,
		FullFeatureNames: req.FullFeatureNames, Entities: a.entities}
	if a.entities == "" {
		d.Entities = fmt.Sprintf("entity-less %s to %s", a.start.Format(time.RFC3339), a.end.Format(time.RFC3339))
	}
	return d
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
