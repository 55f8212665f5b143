package service

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/host/internal/textclip"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// Datasets returns the saved datasets by name, leaving out those the
// caller may not DESCRIBE.
func (s *Service) Datasets(ctx context.Context) ([]registry.Dataset, error) {
	list, err := s.fs.Registry.Datasets(ctx, s.Project())
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, d := range list {
		if ok, err := s.allowed(ctx, datasetAccess(authz.Describe, d.Name)); err != nil {
			return nil, err
		} else if ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// Dataset returns one saved dataset, after asking for DESCRIBE on it.
func (s *Service) Dataset(ctx context.Context, name string) (*registry.Dataset, error) {
	if err := s.check(ctx, datasetAccess(authz.Describe, name)); err != nil {
		return nil, err
	}
	d, err := s.fs.Registry.GetDataset(ctx, s.Project(), name)
	if errors.Is(err, registry.ErrNotFound) {
		return nil, apierr.NotFound("no dataset named %q in project %s", textclip.Clip(name, 80), s.Project()).About(apierr.SavedDataset)
	}
	return d, err
}

// PrepareDataset checks, before any work, that a dataset may be saved
// under name: a valid name, CREATE allowed, and not taken.
func (s *Service) PrepareDataset(ctx context.Context, name string) error {
	if err := model.CheckName(name); err != nil {
		return apierr.Invalid("%v", err)
	}
	if err := s.check(ctx, datasetAccess(authz.Create, name)); err != nil {
		return err
	}
	_, err := s.fs.Registry.GetDataset(ctx, s.Project(), name)
	switch {
	case err == nil:
		return apierr.Invalid("a saved dataset named %q already exists", name)
	case errors.Is(err, registry.ErrNotFound):
		return nil
	}
	return err
}

// SaveDataset streams records into the offline store as dataset d (its
// Storage, Rows and Columns are filled in here) and registers it. The
// caller has called PrepareDataset and keeps ownership of records.
func (s *Service) SaveDataset(ctx context.Context, d registry.Dataset, records array.RecordReader) (*registry.Dataset, error) {
	if err := s.check(ctx, datasetAccess(authz.Create, d.Name)); err != nil {
		return nil, err
	}
	offline, err := s.offlineStore(ctx)
	if err != nil {
		return nil, err
	}
	d.Storage = map[string]string{"table": "quiver_dataset_" + d.Name}
	if s.fs.Config.OfflineStore.Type == "file" {
		d.Storage = map[string]string{"path": filepath.Join(s.fs.Config.Dir, "data", "saved_datasets", d.Name)}
	}
	counted := &rowCounter{RecordReader: records}
	dest := types.DataSourceSpec{Name: d.Name, Options: d.Storage}
	if _, err := offline.WriteBatch(ctx, &offlinestore.WriteBatchRequest{Project: s.Project(), Destination: dest, Records: counted}); err != nil {
		return nil, fmt.Errorf("saving dataset %s: %w", d.Name, err)
	}
	if err := records.Err(); err != nil {
		return nil, err
	}
	d.Rows = counted.rows
	d.MinEventTime, d.MaxEventTime = counted.minTime, counted.maxTime
	for _, f := range records.Schema().Fields() {
		d.Columns = append(d.Columns, registry.DatasetColumn{Name: f.Name, Type: f.Type.String()})
	}
	if err := s.fs.Registry.SaveDataset(ctx, s.Project(), d); err != nil {
		return nil, err
	}
	return &d, nil
}

// rowCounter counts the rows read through it, and the range of their
// event timestamps.
type rowCounter struct {
	array.RecordReader
	rows             int64
	minTime, maxTime *time.Time
}

func (r *rowCounter) Next() bool {
	if !r.RecordReader.Next() {
		return false
	}
	rec := r.RecordReader.RecordBatch()
	r.rows += rec.NumRows()
	if idx := rec.Schema().FieldIndices(pitjoin.DefaultTimestampColumn); len(idx) == 1 {
		if col, ok := rec.Column(idx[0]).(*array.Timestamp); ok {
			r.observe(col)
		}
	}
	return true
}

// observe widens the event time range to the values of col.
func (r *rowCounter) observe(col *array.Timestamp) {
	toTime, err := col.DataType().(*arrow.TimestampType).GetToTimeFunc()
	if err != nil {
		return
	}
	for i := 0; i < col.Len(); i++ {
		if col.IsNull(i) {
			continue
		}
		t := toTime(col.Value(i)).UTC()
		if r.minTime == nil || t.Before(*r.minTime) {
			r.minTime = &t
		}
		if r.maxTime == nil || t.After(*r.maxTime) {
			r.maxTime = &t
		}
	}
}

func (r *rowCounter) RecordBatch() arrow.RecordBatch { return r.RecordReader.RecordBatch() }
