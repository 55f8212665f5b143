package ingest

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/embed"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// Options say what to ingest where.
type Options struct {
	Store    onlinestore.Store     // required
	Embedder embed.Embedder        // required
	Project  string                // required
	View     types.FeatureViewSpec // required: the documents view
	Paths    []string              // files or folders (their .md, .markdown and .txt files)
	// ChunkSize and Overlap are in characters; ChunkSize defaults to 1000.
	ChunkSize, Overlap int
	// Progress receives one line per file; optional.
	Progress io.Writer
	// Now stamps the rows; optional, default time.Now.
	Now func() time.Time
}

// Result counts what was written.
type Result struct {
	Files  int
	Chunks int
}

// batchRows bounds the chunks embedded and written at once.
const batchRows = 128

// Run ingests every file of opts.Paths.
func Run(ctx context.Context, opts Options) (*Result, error) {
	lay, err := newLayout(opts.View, opts.Embedder)
	if err != nil {
		return nil, err
	}
	files, err := collect(opts.Paths)
	if err != nil {
		return nil, err
	}
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = 1000
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	stamp := now().UTC()
	res := &Result{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return res, err
		}
		chunks := Split(string(raw), opts.ChunkSize, opts.Overlap)
		for start := 0; start < len(chunks); start += batchRows {
			batch := chunks[start:min(start+batchRows, len(chunks))]
			if err := write(ctx, opts, lay, f, start, batch, stamp); err != nil {
				return res, fmt.Errorf("ingesting %s: %w", f, err)
			}
		}
		res.Files++
		res.Chunks += len(chunks)
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "ingest: %s: %d chunks (%d files, %d chunks so far)\n", f, len(chunks), res.Files, res.Chunks)
		}
	}
	return res, nil
}

// write embeds and writes chunks first..first+len(batch) of file.
func write(ctx context.Context, opts Options, lay *layout, file string, first int, batch []string, stamp time.Time) error {
	resp, err := opts.Embedder.Embed(ctx, &embed.Request{Texts: batch})
	if err != nil {
		return err
	}
	rows := make([]onlinestore.WriteRow, len(batch))
	for i, text := range batch {
		rows[i], err = lay.row(file, first+i, text, resp.Vectors[i], stamp)
		if err != nil {
			return err
		}
	}
	_, err = opts.Store.WriteBatch(ctx, &onlinestore.WriteBatchRequest{Project: opts.Project,
		FeatureView: opts.View.Name, FeatureNames: lay.names, Rows: rows})
	return err
}

// collect expands folders into their text files, sorted, and checks files exist.
func collect(paths []string) ([]string, error) {
	if len(paths) == 0 {
		return nil, apierr.Invalid("name at least one file or folder to ingest")
	}
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".md", ".markdown", ".txt":
				if !d.IsDir() {
					out = append(out, path)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
