package onlineread

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/valuejson"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// MaxCells caps the values one request may ask for (entity rows times
// answer columns): a small request listing many features for many rows
// would otherwise make an answer far larger than itself.
const MaxCells = 1 << 21

// Reader answers online requests from one online store.
type Reader struct {
	Store onlinestore.Store
	Now   func() time.Time // optional; time.Now
}

// Read answers a request against repo.
func (r *Reader) Read(ctx context.Context, repo *model.Repo, req *Request) (*Response, error) {
	req = withJoinKeyNames(repo, req)
	res, err := resolve(repo, req)
	if err != nil {
		return nil, err
	}
	names, err := res.OutputNames(req.FullFeatureNames)
	if err != nil {
		return nil, apierr.Invalid("%v", err)
	}
	rows, err := rowCount(req)
	if err != nil {
		return nil, err
	}
	if cells := int64(rows) * int64(len(names)+len(req.JoinKeys)); cells > MaxCells {
		return nil, apierr.TooLarge("the request asks for %d values (%d entity rows × %d columns); the limit is %d a request: split it",
			cells, rows, len(names)+len(req.JoinKeys), MaxCells)
	}
	groups := res.ByView()
	storeReq := &onlinestore.ReadRequest{Project: repo.Project, Views: make([]onlinestore.ReadView, len(groups))}
	order := make([]string, len(groups))
	for i, g := range groups {
		keys, err := entityKeys(repo, repo.FeatureViews[g.View], req, rows)
		if err != nil {
			return nil, err
		}
		storeReq.Views[i] = onlinestore.ReadView{FeatureView: g.View, Features: g.Features, EntityKeys: keys}
		order[i] = g.View
	}
	resp := &Response{FeatureNames: append(append([]string{}, req.JoinKeys...), names...), Views: order}
	resp.Results = make([]Column, len(resp.FeatureNames))
	if err := joinKeyColumns(repo, req, rows, resp.Results); err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return resp, nil
	}
	stored, err := r.Store.Read(ctx, storeReq)
	if err != nil {
		return nil, fmt.Errorf("online store read: %w", err)
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	for i, g := range groups {
		fill(resp.Results[len(req.JoinKeys):], repo.FeatureViews[g.View], g.Indexes, stored.Views[i], now())
	}
	return resp, nil
}

func resolve(repo *model.Repo, req *Request) (*model.Resolution, error) {
	var res *model.Resolution
	var err error
	switch {
	case req.FeatureService != "" && len(req.Features) > 0:
		return nil, apierr.Invalid("give either features or feature_service, not both")
	case req.FeatureService != "":
		res, err = repo.ServiceResolution(req.FeatureService)
	case len(req.Features) > 0:
		res, err = repo.FeaturesResolution(req.Features)
	default:
		return nil, apierr.Invalid("the request names no features: give features or feature_service")
	}
	var unknown *model.UnknownError
	if errors.As(err, &unknown) {
		return nil, apierr.NotFound("%v", err).About(unknown.Object())
	}
	return res, err
}

func rowCount(req *Request) (int, error) {
	if len(req.JoinKeys) == 0 {
		return 1, nil
	}
	n := len(req.Entities[req.JoinKeys[0]])
	for _, k := range req.JoinKeys[1:] {
		if len(req.Entities[k]) != n {
			return 0, apierr.Invalid("entity columns differ in length: %s has %d values, %s has %d",
				req.JoinKeys[0], n, k, len(req.Entities[k]))
		}
	}
	return n, nil
}

// entityKeys builds a view's entity key for each request row.
func entityKeys(repo *model.Repo, v *model.FeatureView, req *Request, rows int) ([]types.EntityKey, error) {
	fields, err := repo.JoinKeys(v)
	if err != nil {
		return nil, err
	}
	keys := make([]types.EntityKey, rows)
	for i := range keys {
		keys[i] = make(types.EntityKey, len(fields))
	}
	for j, f := range fields {
		raw, ok := req.Entities[f.Name]
		if !ok {
			return nil, apierr.Invalid("feature view %s needs join key %q; the request gives %v", v.Name, f.Name, req.JoinKeys)
		}
		for i := range rows {
			val, err := valuejson.Decode(raw[i], f.Type)
			if err != nil {
				return nil, apierr.Invalid("join key %s, value %d: %v", f.Name, i, err)
			}
			keys[i][j] = types.KeyPart{JoinKey: f.Name, Value: val}
		}
	}
	return keys, nil
}
