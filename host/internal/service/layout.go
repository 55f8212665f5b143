package service

import (
	"time"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/serving/frame"
	"github.com/quiverfs/quiver/sdk/types"
)

// DefaultEventColumn is the event timestamp column of a df whose sources
// name none, as in Feast.
const DefaultEventColumn = "event_timestamp"

// layout is layoutOf with the event time window of the service's
// configuration applied to every row.
func (s *Service) layout(repo *model.Repo, v *model.FeatureView) (*frame.Layout, error) {
	l, err := layoutOf(repo, v)
	if err != nil {
		return nil, err
	}
	now := s.now()
	l.CheckTime = func(t time.Time) error { return s.fs.Config.Ingestion.Check(t, now) }
	return l, nil
}

// layoutOf says how view v reads a df: its fields, its timestamp columns
// (from its source, else the batch source behind it) and the field
// mappings of its sources and itself, applied in that order.
func layoutOf(repo *model.Repo, v *model.FeatureView) (*frame.Layout, error) {
	keys, err := repo.JoinKeys(v)
	if err != nil {
		return nil, err
	}
	feats := repo.Features(v)
	l := &frame.Layout{View: v.Name, JoinKeys: keys, Features: make([]types.Field, len(feats))}
	for i, f := range feats {
		l.Features[i] = f.Spec()
	}
	var maps []map[string]string
	for _, src := range sourceChain(repo, v) {
		if l.EventColumn == "" {
			l.EventColumn = src.TimestampField
		}
		if l.CreatedColumn == "" {
			l.CreatedColumn = src.CreatedTimestampColumn
		}
		maps = append(maps, src.FieldMapping)
	}
	if l.EventColumn == "" {
		l.EventColumn = DefaultEventColumn
	}
	maps = append(maps, v.FieldMapping)
	l.Rename = chainMappings(maps)
	return l, nil
}

// sourceChain returns the view's source and, for a push source, the batch
// source behind it.
func sourceChain(repo *model.Repo, v *model.FeatureView) []*model.DataSource {
	var out []*model.DataSource
	if src, ok := repo.DataSources[v.Source]; ok {
		out = append(out, src)
		if batch, ok := repo.DataSources[src.BatchSource]; ok && src.Kind == model.SourcePush {
			out = append(out, batch)
		}
	}
	return out
}

// chainMappings composes column renames: a column is renamed by the first
// map, the result by the second, and so on.
func chainMappings(maps []map[string]string) map[string]string {
	var out map[string]string
	for _, m := range maps {
		for col := range m {
			to := col
			for _, mm := range maps {
				if next, ok := mm[to]; ok {
					to = next
				}
			}
			if to != col {
				if out == nil {
					out = map[string]string{}
				}
				out[col] = to
			}
		}
	}
	return out
}
