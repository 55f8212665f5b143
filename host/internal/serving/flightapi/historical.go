package flightapi

import (
	"context"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// historical answers get_historical_features: the point-in-time join of
// the uploaded entity dataframe, or, when the client sent the placeholder
// with start_date and end_date, every row of the views in that range.
func (s *server) historical(ctx context.Context, cmd *command, up *upload, out dataSender) error {
	_, resp, err := s.trainingSet(ctx, cmd, up)
	if err != nil {
		return err
	}
	defer resp.Records.Release()
	return sendRecords(out, resp.Records, s.maxBytes)
}

// trainingSet checks a get_historical_features command and starts the
// join; the caller releases the response's records.
func (s *server) trainingSet(ctx context.Context, cmd *command, up *upload) (*pitjoin.Request, *pitjoin.Response, error) {
	req, err := s.historicalRequest(cmd, up)
	if err != nil {
		return nil, nil, err
	}
	resp, err := s.svc.GetHistoricalFeatures(ctx, req)
	return req, resp, err
}

// historicalRequest checks a get_historical_features command against what
// Quiver serves and builds the pitjoin request.
func (s *server) historicalRequest(cmd *command, up *upload) (*pitjoin.Request, error) {
	if cmd.Project == nil {
		return nil, apierr.Invalid("get_historical_features needs \"project\"")
	}
	if *cmd.Project != s.svc.Project() {
		return nil, apierr.NotFound("project %q does not exist: this server serves %q", textclip.Clip(*cmd.Project, 80), s.svc.Project()).About(apierr.Project)
	}
	if len(cmd.FeatureRefs) == 0 {
		return nil, apierr.Invalid("get_historical_features needs \"feature_refs\"")
	}
	for _, ref := range cmd.FeatureRefs {
		if view, _, _ := strings.Cut(ref, ":"); strings.Contains(view, "@") {
			return nil, apierr.Invalid("feature reference %q pins a view version; Quiver serves each view's current version only", textclip.Clip(ref, 120))
		}
	}
	for _, alias := range cmd.NameAliases {
		if alias != nil {
			return nil, apierr.Invalid("feature view aliases (a feature service's name_alias %q) are not served over Flight yet; ask for the view's own name", textclip.Clip(*alias, 80))
		}
	}
	if cmd.EntityDFSQL != nil {
		return nil, apierr.Invalid("an entity dataframe given as SQL is not supported: upload the entity rows as a dataframe")
	}
	req := &pitjoin.Request{Features: cmd.FeatureRefs, FullFeatureNames: cmd.FullFeatureNames}
	start, hasStart, err := timeParam("start_date", cmd.StartDate)
	if err != nil {
		return nil, err
	}
	end, hasEnd, err := timeParam("end_date", cmd.EndDate)
	if err != nil {
		return nil, err
	}
	if !isPlaceholder(up.table) {
		if hasStart || hasEnd {
			return nil, apierr.Invalid("give an entity dataframe or start_date and end_date, not both")
		}
		up.table.Retain()
		req.Entities, err = array.NewRecordReader(up.table.Schema(), []arrow.RecordBatch{up.table})
		if err != nil {
			up.table.Release()
			return nil, apierr.Invalid("the entity dataframe: %v", err)
		}
		return req, nil
	}
	if !hasStart || !hasEnd {
		return nil, apierr.Invalid("with no entity dataframe, get_historical_features needs start_date and end_date")
	}
	req.Start, req.End = start, end
	return req, nil
}
