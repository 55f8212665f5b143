package pitjoin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// DefaultTimestampColumn is the entity timestamp column looked for first.
const DefaultTimestampColumn = "event_timestamp"

// Request asks for a training set by feature names.
type Request struct {
	// Project and Repo are the feature repository. Required.
	Project string
	Repo    *model.Repo
	// Features are "view:feature" (or "view") references; or FeatureService
	// names a feature service. One of them is required.
	Features       []string
	FeatureService string
	// FullFeatureNames names output columns view__feature.
	FullFeatureNames bool
	// Entities are the entity rows; the engine releases them. Nil selects
	// entity-less mode over [Start, End].
	Entities array.RecordReader
	// TimestampColumn names the entity time column; optional (default
	// event_timestamp, else the entity table's only timestamp column).
	TimestampColumn string
	// JoinKeyMaps maps, per view, an entity column to a view join key. Optional.
	JoinKeyMaps map[string]map[string]string
	// Start and End bound event time in entity-less mode (both inclusive).
	Start, End time.Time
}

// Response is a training set.
type Response struct {
	// Records stream the rows; the caller releases them. A record is
	// valid until the next call to Next.
	Records array.RecordReader
	// Pushdown reports that the offline store computed the join.
	Pushdown bool
}

// Plan resolves a request's features against the repository: the views
// to join with their sources, in order of first mention. Unknown names
// are apierr.Invalid.
func Plan(req *Request, sourceSpec func(*model.DataSource) types.DataSourceSpec) (*offlinestore.HistoricalFeaturesRequest, error) {
	var refs []model.FeatureRef
	var err error
	switch {
	case req.FeatureService != "" && len(req.Features) > 0:
		return nil, apierr.Invalid("give features or a feature service, not both")
	case req.FeatureService != "":
		refs, err = req.Repo.ResolveService(req.FeatureService)
	case len(req.Features) == 0:
		return nil, apierr.Invalid("no features requested; give features (view:feature) or a feature service")
	default:
		refs, err = req.Repo.ResolveFeatures(req.Features)
	}
	var unknown *model.UnknownError
	if errors.As(err, &unknown) {
		return nil, apierr.Invalid("%s", unknown.Error()).About(unknown.Object())
	} else if err != nil {
		return nil, err
	}
	out := &offlinestore.HistoricalFeaturesRequest{Project: req.Project, FullFeatureNames: req.FullFeatureNames}
	index := map[string]int{}
	for _, ref := range refs {
		i, ok := index[ref.View]
		if !ok {
			v, err := viewRef(req, ref.View, sourceSpec)
			if err != nil {
				return nil, err
			}
			i = len(out.Views)
			index[ref.View] = i
			out.Views = append(out.Views, v)
		}
		out.Views[i].Features = append(out.Views[i].Features, ref.Feature)
	}
	return out, nil
}

// viewRef returns a view's reference without features.
func viewRef(req *Request, name string, sourceSpec func(*model.DataSource) types.DataSourceSpec) (offlinestore.ViewRef, error) {
	v := req.Repo.FeatureViews[name]
	spec, err := req.Repo.ViewSpec(v)
	if err != nil {
		return offlinestore.ViewRef{}, err
	}
	src, err := req.Repo.BatchSource(v)
	if err != nil {
		return offlinestore.ViewRef{}, err
	}
	ss := sourceSpec(src)
	ss.FieldMapping = composedMapping(src, v)
	return offlinestore.ViewRef{View: spec, Source: ss, JoinKeyMap: req.JoinKeyMaps[name]}, nil
}

// composedMapping is the source's field mapping followed by the view's.
func composedMapping(src *model.DataSource, v *model.FeatureView) map[string]string {
	out := map[string]string{}
	raw := map[string]string{}
	for from, to := range src.FieldMapping {
		out[from], raw[to] = to, from
	}
	for from, to := range v.FieldMapping {
		if r, ok := raw[from]; ok {
			from = r
		}
		out[from] = to
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// TimestampColumn picks the entity time column: the given name, else
// event_timestamp, else the only timestamp column.
func TimestampColumn(schema *arrow.Schema, given string) (string, error) {
	if given != "" {
		return given, nil
	}
	if len(schema.FieldIndices(DefaultTimestampColumn)) > 0 {
		return DefaultTimestampColumn, nil
	}
	var found []string
	for _, f := range schema.Fields() {
		if f.Type.ID() == arrow.TIMESTAMP {
			found = append(found, f.Name)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	return "", apierr.Invalid("the entity table has no %s column and %d other timestamp columns %v; name the timestamp column", DefaultTimestampColumn, len(found), found)
}

// GetHistoricalFeatures builds a training set: it resolves and validates
// the request, then has the store compute the join when it advertises
// pushdown, else joins in the host.
func (e *Engine) GetHistoricalFeatures(ctx context.Context, store offlinestore.Store,
	sourceSpec func(*model.DataSource) types.DataSourceSpec, req *Request) (resp *Response, err error) {
	defer func() {
		if err != nil && req.Entities != nil {
			req.Entities.Release()
		}
	}()
	hreq, err := Plan(req, sourceSpec)
	if err != nil {
		return nil, err
	}
	if req.Entities == nil {
		if req.Entities, err = e.entityless(ctx, store, hreq, req.Start, req.End); err != nil {
			return nil, err
		}
	}
	hreq.Entities = req.Entities
	if hreq.EntityTimestampColumn, err = TimestampColumn(req.Entities.Schema(), req.TimestampColumn); err != nil {
		return nil, err
	}
	if err := Validate(hreq, req.Entities.Schema()); err != nil {
		return nil, err
	}
	if hs, ok := store.(offlinestore.StoreWithHistoricalFeatures); ok && offlinestore.CapabilitiesOf(store).HistoricalPushdown {
		pr, err := hs.HistoricalFeatures(ctx, hreq)
		req.Entities.Release()
		req.Entities = nil
		if err != nil {
			return nil, fmt.Errorf("historical features pushdown: %w", err)
		}
		return &Response{Records: pr.Records, Pushdown: true}, nil
	}
	rd, err := e.Join(ctx, store, hreq)
	if err != nil {
		return nil, err
	}
	req.Entities.Release()
	req.Entities = nil
	return &Response{Records: rd}, nil
}
