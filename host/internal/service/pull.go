package service

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/host/internal/textclip"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// SourcePull asks for rows of a registered data source under the source's
// own column names, as Feast's offline store methods
// pull_latest_from_table_or_query and pull_all_from_table_or_query do.
type SourcePull struct {
	// Source names a file, BigQuery or push source (a push source reads
	// its batch source).
	Source string
	// JoinKeys and Features are source column names.
	JoinKeys, Features []string
	// TimestampField and CreatedTimestampColumn must be the source's own
	// (empty: the source's).
	TimestampField, CreatedTimestampColumn string
	// Start and End bound event time, [Start, End); zero is unbounded.
	Start, End time.Time
	// Latest keeps the latest row of each join key only.
	Latest bool
}

// The bounds of an unbounded pull.
var (
	pullFrom  = time.Unix(0, 0).UTC()
	pullUntil = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

// PullSource streams the rows of req's source, after checking READ_OFFLINE
// on it. The caller releases the reader.
func (s *Service) PullSource(ctx context.Context, req *SourcePull) (array.RecordReader, error) {
	repo := s.opts.Repos.Repo()
	src, err := s.batchSource(ctx, repo, req.Source)
	if err != nil {
		return nil, err
	}
	if req.TimestampField != "" && req.TimestampField != src.TimestampField {
		return nil, apierr.Invalid("data source %s's timestamp field is %q, not %q", src.Name, src.TimestampField, textclip.Clip(req.TimestampField, 80))
	}
	if req.CreatedTimestampColumn != "" && req.CreatedTimestampColumn != src.CreatedTimestampColumn {
		return nil, apierr.Invalid("data source %s's created timestamp column is %q, not %q", src.Name, src.CreatedTimestampColumn, textclip.Clip(req.CreatedTimestampColumn, 80))
	}
	if req.Latest && len(req.JoinKeys) == 0 {
		return nil, apierr.Invalid("pull_latest_from_table_or_query needs join_key_columns")
	}
	start, end := req.Start, req.End
	if start.IsZero() {
		start = pullFrom
	}
	if end.IsZero() {
		end = pullUntil
	}
	if end.Before(start) {
		return nil, apierr.Invalid("end_date %s is before start_date %s", end.Format(time.RFC3339), start.Format(time.RFC3339))
	}
	store, err := s.offlineStore(ctx)
	if err != nil {
		return nil, fmt.Errorf("opening the offline store: %w", err)
	}
	spec := s.sourceColumnsSpec(src)
	if err := s.checkColumns(ctx, store, spec, append(append([]string{}, req.JoinKeys...), req.Features...)); err != nil {
		return nil, err
	}
	pull := &offlinestore.PullRequest{Project: repo.Project, Source: spec, JoinKeys: req.JoinKeys, FeatureColumns: req.Features,
		Start: start, End: end}
	var resp *offlinestore.PullResponse
	if req.Latest {
		resp, err = store.PullLatest(ctx, pull)
	} else {
		resp, err = store.PullRange(ctx, pull)
	}
	if err != nil {
		return nil, fmt.Errorf("pulling from data source %s: %w", src.Name, err)
	}
	return resp.Records, nil
}

// SourceColumns lists a registered data source's columns under its own
// names, after checking READ_OFFLINE on it.
func (s *Service) SourceColumns(ctx context.Context, name string) ([]types.Field, error) {
	src, err := s.batchSource(ctx, s.opts.Repos.Repo(), name)
	if err != nil {
		return nil, err
	}
	store, err := s.offlineStore(ctx)
	if err != nil {
		return nil, fmt.Errorf("opening the offline store: %w", err)
	}
	resp, err := store.GetSourceSchema(ctx, &offlinestore.GetSourceSchemaRequest{Source: s.sourceColumnsSpec(src)})
	if err != nil {
		return nil, fmt.Errorf("reading the schema of data source %s: %w", src.Name, err)
	}
	return resp.Columns, nil
}

// batchSource finds a data source the offline store reads and checks
// READ_OFFLINE on it; a push source stands for its batch source.
func (s *Service) batchSource(ctx context.Context, repo *model.Repo, name string) (*model.DataSource, error) {
	src, ok := repo.DataSources[name]
	if !ok {
		if ds, err := s.datasetSource(ctx, name); ds != nil || err != nil {
			return ds, err
		}
		return nil, apierr.NotFound("unknown data source %q", textclip.Clip(name, 80)).About(apierr.DataSource)
	}
	if err := s.check(ctx, sourceReadAccess(src)); err != nil {
		return nil, err
	}
	if src.Kind == model.SourcePush {
		batch, ok := repo.DataSources[src.BatchSource]
		if !ok {
			return nil, apierr.Invalid("push source %s has no batch source to read", src.Name)
		}
		src = batch
	}
	if src.Kind == model.SourceRequest {
		return nil, apierr.Invalid("data source %s is a request source: it has no rows to read", src.Name)
	}
	return src, nil
}

// datasetSource is the saved dataset stored at locator, read as a data
// source, after checking READ_OFFLINE on the dataset; nil when no dataset
// is stored there. Feast's client reads a saved dataset back
// (get_saved_dataset(...).to_df()) through a source named after the
// dataset's storage: the file path the registry gives (relative to the
// repository, or absolute) or the table.
func (s *Service) datasetSource(ctx context.Context, locator string) (*model.DataSource, error) {
	if locator == "" {
		return nil, nil
	}
	list, err := s.fs.Registry.Datasets(ctx, s.Project())
	if err != nil {
		return nil, err
	}
	for _, d := range list {
		src := &model.DataSource{Name: d.Name, TimestampField: pitjoin.DefaultTimestampColumn}
		switch path, table := d.Storage["path"], d.Storage["table"]; {
		case path != "" && (locator == path || filepath.Join(s.fs.Config.Dir, locator) == filepath.Clean(path)):
			src.Kind, src.Path = model.SourceFile, path
		case table != "" && locator == table:
			src.Kind, src.Table = model.SourceBigQuery, table
		default:
			continue
		}
		if err := s.check(ctx, datasetAccess(authz.ReadOffline, d.Name)); err != nil {
			return nil, err
		}
		return src, nil
	}
	return nil, nil
}

// sourceColumnsSpec is src's spec without its field mapping, so that
// columns keep the source's own names (Feast's client maps them).
func (s *Service) sourceColumnsSpec(src *model.DataSource) types.DataSourceSpec {
	spec := s.fs.SourceSpec(src)
	spec.FieldMapping = nil
	return spec
}

// checkColumns refuses a column the source does not have, before the
// store is asked to read it.
func (s *Service) checkColumns(ctx context.Context, store offlinestore.Store, spec types.DataSourceSpec, cols []string) error {
	resp, err := store.GetSourceSchema(ctx, &offlinestore.GetSourceSchemaRequest{Source: spec})
	if err != nil {
		return fmt.Errorf("reading the schema of data source %s: %w", spec.Name, err)
	}
	have := make(map[string]bool, len(resp.Columns))
	for _, c := range resp.Columns {
		have[c.Name] = true
	}
	for _, c := range cols {
		if !have[c] {
			return apierr.Invalid("data source %s has no column %q", spec.Name, textclip.Clip(c, 80))
		}
	}
	return nil
}
