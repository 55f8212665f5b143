package service

import (
	"context"
	"fmt"
	"os"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/localstore/fileoffline"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/serving/frame"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// PushedSuffix is appended to a file batch source's path to name the
// directory that offline pushes write to; the file store reads it with the
// file.
const PushedSuffix = fileoffline.PushedSuffix

// offlineDest is where an offline push writes.
type offlineDest struct {
	store offlinestore.Store
	spec  types.DataSourceSpec
}

// offlineDestination resolves the destination of an offline push: the
// batch source behind the push source. For a file source the destination
// must be a directory (the file store writes one new Parquet file per
// push): a source whose path is a directory receives the files itself, so
// later pulls of the source include the pushed rows; a source that is a
// single Parquet file (or a glob) gets its pushes in the directory
// <path>.pushed next to it instead.
// A batch source (a view's own file or BigQuery source) is its own
// destination.
func (s *Service) offlineDestination(ctx context.Context, repo *model.Repo, src *model.DataSource) (*offlineDest, error) {
	batch := src
	if src.Kind == model.SourcePush {
		var ok bool
		if batch, ok = repo.DataSources[src.BatchSource]; !ok {
			return nil, apierr.Invalid("push source %s has no batch source, so it cannot be pushed offline", src.Name)
		}
	}
	if batch.Kind != model.SourceFile && batch.Kind != model.SourceBigQuery {
		return nil, apierr.Invalid("data source %s is a %s source: the offline store cannot write to it", batch.Name, batch.Kind)
	}
	store, err := s.offlineStore(ctx)
	if err != nil {
		return nil, fmt.Errorf("opening the offline store: %w", err)
	}
	spec := s.fs.SourceSpec(batch)
	if batch.Kind == model.SourceFile {
		opts := make(map[string]string, len(spec.Options))
		for k, v := range spec.Options {
			opts[k] = v
		}
		opts["path"] = PushDir(opts["path"])
		spec.Options = opts
	}
	return &offlineDest{store: store, spec: spec}, nil
}

// PushDir returns the directory offline pushes to a file source at path go
// to: path itself when it is a directory, else path + PushedSuffix.
func PushDir(path string) string {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return path
	}
	return path + PushedSuffix
}

// writeOffline appends the table to the destination as one Arrow record.
func (s *Service) writeOffline(ctx context.Context, project string, dest *offlineDest, t *frame.Table) (int64, error) {
	rec := t.Record()
	defer rec.Release()
	rr, err := array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
	if err != nil {
		return 0, err
	}
	defer rr.Release()
	resp, err := dest.store.WriteBatch(ctx, &offlinestore.WriteBatchRequest{Project: project, Destination: dest.spec, Records: rr})
	if err != nil {
		return 0, fmt.Errorf("writing rows to the offline store (%s): %w", dest.spec.Name, err)
	}
	return resp.RowsWritten, nil
}
