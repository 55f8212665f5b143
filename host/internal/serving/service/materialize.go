package service

import (
	"context"
	"strings"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/isotime"
	"github.com/quiverfs/quiver/host/internal/materialize"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// MaterializeRequest asks to materialize views. Times are ISO 8601 strings,
// UTC unless they carry an offset.
type MaterializeRequest struct {
	// Start is ignored for incremental runs; required otherwise.
	Start string
	// End is required.
	End string
	// Views to materialize; empty means every online view.
	Views []string
	// Incremental starts each view where its last run ended.
	Incremental bool
}

// Materialize checks the request, authorizes WRITE_ONLINE on the views and
// runs the materializer.
func (s *Service) Materialize(ctx context.Context, req *MaterializeRequest) (*materialize.Result, error) {
	repo := s.opts.Repos.Repo()
	run := materialize.Request{Views: req.Views, Incremental: req.Incremental}
	var err error
	if run.End, err = s.materializeTime("end_ts", req.End); err != nil {
		return nil, err
	}
	if !req.Incremental {
		if run.Start, err = s.materializeTime("start_ts", req.Start); err != nil {
			return nil, err
		}
		if !run.Start.Before(run.End) {
			return nil, apierr.Invalid("start_ts %s is not before end_ts %s", req.Start, req.End)
		}
	}
	var resources []authz.Resource
	names := req.Views
	if len(names) == 0 {
		names = repo.Names(model.KindFeatureView)
	}
	for _, name := range names {
		v, ok := repo.FeatureViews[name]
		if !ok {
			return nil, apierr.NotFound("unknown feature view %q", name)
		}
		if len(req.Views) == 0 && !v.Online {
			continue
		}
		resources = append(resources, viewResource(v))
	}
	if err := s.authorize(ctx, authz.WriteOnline, resources); err != nil {
		return nil, err
	}
	if s.opts.Materializer == nil {
		return nil, apierr.Invalid("this server cannot materialize")
	}
	return s.opts.Materializer.Run(ctx, run)
}

// materializeTime parses a bound of a materialization window, which must
// lie between the ingestion block's minimum event time and the year 9999.
func (s *Service) materializeTime(field, value string) (time.Time, error) {
	t, err := ParseTime(field, value)
	if err != nil {
		return t, err
	}
	earliest := s.opts.Ingestion.Earliest()
	if t.Before(earliest) || t.Year() > 9999 {
		return t, apierr.Invalid("%s %s is outside the accepted range %s to 9999-12-31", field,
			t.Format(time.RFC3339), earliest.Format(time.RFC3339))
	}
	return t, nil
}

// ParseTime parses an ISO 8601 time (isotime.Parse); one without an
// offset is UTC.
func ParseTime(field, s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, apierr.Invalid("%s is required", field)
	}
	t, err := isotime.Parse(s)
	if err != nil {
		return time.Time{}, apierr.Invalid("%s %q is not an ISO 8601 time (e.g. %s)", field, textclip.Clip(s, 40), isotime.Example)
	}
	return t, nil
}
