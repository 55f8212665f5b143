package service

import (
	"cmp"
	"context"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/materialize"
	"github.com/quiverfs/quiver/host/internal/model"
)

// MaterializeRequest asks to materialize views. Times are ISO 8601 strings,
// UTC unless they carry an offset, or "now".
type MaterializeRequest struct {
	// Start is ignored for incremental runs; required otherwise.
	Start string
	// End is required.
	End string
	// Views to materialize; empty means every online view.
	Views []string
	// Incremental starts each view where its last run ended.
	Incremental bool
	// StartName and EndName name Start and End in error messages;
	// default start_ts and end_ts, as the HTTP body names them.
	StartName, EndName string
}

// Materialize checks the request, authorizes WRITE_ONLINE and
// READ_OFFLINE on the views once, and runs the materialization of exactly
// those views.
func (s *Service) Materialize(ctx context.Context, req *MaterializeRequest) (*materialize.Result, error) {
	run, err := s.materializeRun(ctx, req)
	if err != nil {
		return nil, err
	}
	if len(run.Views) == 0 {
		return &materialize.Result{}, nil
	}
	return s.materializer().Run(ctx, run)
}

// materializeRun checks a request and authorizes it, and returns the run.
func (s *Service) materializeRun(ctx context.Context, req *MaterializeRequest) (materialize.Request, error) {
	repo := s.opts.Repos.Repo()
	run := materialize.Request{Incremental: req.Incremental}
	startName, endName := cmp.Or(req.StartName, "start_ts"), cmp.Or(req.EndName, "end_ts")
	var err error
	if run.End, err = s.materializeTime(endName, req.End); err != nil {
		return run, err
	}
	if !req.Incremental {
		if run.Start, err = s.materializeTime(startName, req.Start); err != nil {
			return run, err
		}
		if !run.Start.Before(run.End) {
			return run, apierr.Invalid("%s %s is not before %s %s", startName, req.Start, endName, req.End)
		}
	}
	views, err := materializedViews(repo, req.Views)
	if err != nil {
		return run, err
	}
	if err := s.check(ctx, materializeAccess(views)...); err != nil {
		return run, err
	}
	for _, v := range views {
		run.Views = append(run.Views, v.Name)
	}
	return run, nil
}

// materializer runs materializations with the service's settings.
func (s *Service) materializer() *materialize.Materializer {
	return &materialize.Materializer{FS: s.fs, Progress: s.opts.MaterializeProgress, BatchRows: s.opts.MaterializeBatchRows}
}

// materializedViews are the named views, or every online view; each named
// view must exist.
func materializedViews(repo *model.Repo, names []string) ([]*model.FeatureView, error) {
	var out []*model.FeatureView
	if len(names) == 0 {
		for _, name := range repo.Names(model.KindFeatureView) {
			if v := repo.FeatureViews[name]; v.Online {
				out = append(out, v)
			}
		}
		return out, nil
	}
	for _, name := range names {
		v, ok := repo.FeatureViews[name]
		if !ok {
			return nil, apierr.NotFound("unknown feature view %q", name).About(apierr.FeatureView)
		}
		out = append(out, v)
	}
	return out, nil
}

// materializeTime parses a bound of a materialization window, which must
// lie between the ingestion block's minimum event time and the year 9999.
func (s *Service) materializeTime(field, value string) (time.Time, error) {
	t, err := ParseTimeOrNow(field, value, s.now())
	if err != nil {
		return t, err
	}
	earliest := s.fs.Config.Ingestion.Earliest()
	if t.Before(earliest) || t.Year() > 9999 {
		return t, apierr.Invalid("%s %s is outside the accepted range %s to 9999-12-31", field,
			t.Format(time.RFC3339), earliest.Format(time.RFC3339))
	}
	return t, nil
}
