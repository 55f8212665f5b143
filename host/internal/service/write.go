package service

import (
	"context"
	"fmt"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/serving/frame"
	"github.com/quiverfs/quiver/host/internal/textclip"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// PushTo says where pushed rows go.
type PushTo string

// The push destinations, as Feast names them.
const (
	ToOnline           PushTo = "online"
	ToOffline          PushTo = "offline"
	ToOnlineAndOffline PushTo = "online_and_offline"
)

// ParsePushTo parses a destination; "" is online.
func ParsePushTo(s string) (PushTo, error) {
	switch PushTo(s) {
	case "", ToOnline:
		return ToOnline, nil
	case ToOffline, ToOnlineAndOffline:
		return PushTo(s), nil
	}
	return "", apierr.Invalid("invalid \"to\" %q: use online, offline or online_and_offline", s)
}

// PushRequest pushes rows of a push source.
type PushRequest struct {
	// Source names a push source. Required.
	Source string
	// Frame holds the rows. Required.
	Frame frame.Frame
	// To says where the rows go; default ToOnline.
	To PushTo
}

// PushResult counts what was written.
type PushResult struct {
	OnlineRows  int64 `json:"online_rows"`
	OfflineRows int64 `json:"offline_rows"`
	// IgnoredColumns are the df's columns no fed view knows (as Feast
	// does, they are not an error).
	IgnoredColumns []string `json:"ignored_columns,omitempty"`
}

// Push writes rows of a push source to the online store (every online view
// fed by the source), the offline store (the source's batch source), or
// both. The whole request is checked before the first write.
func (s *Service) Push(ctx context.Context, req *PushRequest) (*PushResult, error) {
	p, err := s.planPush(ctx, req)
	if err != nil {
		return nil, err
	}
	return s.runPush(ctx, p)
}

// pushPlan is a checked push, ready to write.
type pushPlan struct {
	project string
	// batches are the online writes, one per online view fed by the source.
	batches []*onlinestore.WriteBatchRequest
	// table is the decoded df, for the offline write.
	table *frame.Table
	// dest is the offline destination; nil when the rows go online only.
	dest   *offlineDest
	online bool
}

// planPush checks a push whole: the destination, the source, the caller's
// permissions, and every row against every view the source feeds (also
// when the rows only go offline).
func (s *Service) planPush(ctx context.Context, req *PushRequest) (*pushPlan, error) {
	to, err := ParsePushTo(string(req.To))
	if err != nil {
		return nil, err
	}
	repo := s.opts.Repos.Repo()
	src, ok := repo.DataSources[req.Source]
	if !ok || src.Kind != model.SourcePush {
		return nil, apierr.NotFound("unknown push source %q", req.Source).About(apierr.PushSource)
	}
	views := pushedViews(repo, src.Name)
	p := &pushPlan{project: repo.Project, online: to != ToOffline}
	if err := s.check(ctx, pushAccess(src, views, to)...); err != nil {
		return nil, err
	}
	if len(views) == 0 {
		return nil, apierr.Invalid("push source %s feeds no feature view", src.Name)
	}
	layouts := make([]*frame.Layout, len(views))
	for i, v := range views {
		if layouts[i], err = s.layout(repo, v); err != nil {
			return nil, err
		}
	}
	if p.table, err = frame.Decode(req.Frame, layouts...); err != nil {
		return nil, err
	}
	for i, v := range views {
		b, err := p.table.WriteBatch(repo.Project, layouts[i])
		if err != nil {
			return nil, err
		}
		if v.Online {
			p.batches = append(p.batches, b)
		}
	}
	if to == ToOffline || to == ToOnlineAndOffline {
		if p.dest, err = s.offlineDestination(ctx, repo, src); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// runPush writes a checked push: online first, then offline.
func (s *Service) runPush(ctx context.Context, p *pushPlan) (*PushResult, error) {
	res := &PushResult{IgnoredColumns: p.table.Ignored}
	if p.online && len(p.batches) > 0 {
		store, err := s.onlineStore(ctx)
		if err != nil {
			return res, err
		}
		for _, b := range p.batches {
			if _, err := store.WriteBatch(ctx, b); err != nil {
				return res, fmt.Errorf("writing feature view %s to the online store: %w", b.FeatureView, err)
			}
			res.OnlineRows += int64(len(b.Rows))
		}
	}
	if p.dest != nil {
		n, err := s.writeOffline(ctx, p.project, p.dest, p.table)
		res.OfflineRows = n
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// pushedViews returns the views whose source is the push source, sorted by name.
func pushedViews(repo *model.Repo, source string) []*model.FeatureView {
	var out []*model.FeatureView
	for _, name := range repo.Names(model.KindFeatureView) {
		if v := repo.FeatureViews[name]; v.Source == source {
			out = append(out, v)
		}
	}
	return out
}

// WriteRequest writes rows of one feature view to the online store.
type WriteRequest struct {
	// FeatureView names the view. Required.
	FeatureView string
	// Frame holds the rows. Required.
	Frame frame.Frame
}

// WriteResult counts the rows written.
type WriteResult struct {
	Rows int64 `json:"rows"`
	// IgnoredColumns are the df's columns the view does not know (as
	// Feast does, they are not an error).
	IgnoredColumns []string `json:"ignored_columns,omitempty"`
}

// WriteToOnlineStore writes rows of one view, checked whole first.
func (s *Service) WriteToOnlineStore(ctx context.Context, req *WriteRequest) (*WriteResult, error) {
	repo := s.opts.Repos.Repo()
	v, ok := repo.FeatureViews[req.FeatureView]
	if !ok {
		return nil, apierr.NotFound("unknown feature view %q", textclip.Clip(req.FeatureView, 80)).About(apierr.FeatureView)
	}
	table, l, err := s.viewRows(ctx, repo, v, req.Frame, writeOnlineAccess(v))
	if err != nil {
		return nil, err
	}
	b, err := table.WriteBatch(repo.Project, l)
	if err != nil {
		return nil, err
	}
	store, err := s.onlineStore(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := store.WriteBatch(ctx, b); err != nil {
		return nil, fmt.Errorf("writing feature view %s to the online store: %w", v.Name, err)
	}
	return &WriteResult{Rows: int64(len(b.Rows)), IgnoredColumns: table.Ignored}, nil
}

// viewRows checks access, then decodes a frame of rows of view v whole.
func (s *Service) viewRows(ctx context.Context, repo *model.Repo, v *model.FeatureView, f frame.Frame, access need) (*frame.Table, *frame.Layout, error) {
	if err := s.check(ctx, access); err != nil {
		return nil, nil, err
	}
	l, err := s.layout(repo, v)
	if err != nil {
		return nil, nil, err
	}
	table, err := frame.Decode(f, l)
	if err != nil {
		return nil, nil, err
	}
	return table, l, nil
}
