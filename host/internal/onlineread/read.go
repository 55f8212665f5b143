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

// viewRead is what is asked of one view.
type viewRead struct {
	view     *model.FeatureView
	features []string // requested features of the view
	columns  []int    // output column of each feature
}

// Read answers a request against repo.
func (r *Reader) Read(ctx context.Context, repo *model.Repo, req *Request) (*Response, error) {
	req = withJoinKeyNames(repo, req)
	refs, err := resolve(repo, req)
	if err != nil {
		return nil, err
	}
	names, err := model.OutputNames(refs, req.FullFeatureNames)
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
	reads, order := groupByView(repo, refs, len(req.JoinKeys))
	storeReq := &onlinestore.ReadRequest{Project: repo.Project, Views: make([]onlinestore.ReadView, len(order))}
	for i, name := range order {
		vr := reads[name]
		keys, err := entityKeys(repo, vr.view, req, rows)
		if err != nil {
			return nil, err
		}
		storeReq.Views[i] = onlinestore.ReadView{FeatureView: name, Features: vr.features, EntityKeys: keys}
	}
	resp := &Response{FeatureNames: append(append([]string{}, req.JoinKeys...), names...), Views: append([]string{}, order...)}
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
	for i, name := range order {
		fill(resp.Results, reads[name], stored.Views[i], now())
	}
	return resp, nil
}

func resolve(repo *model.Repo, req *Request) ([]model.FeatureRef, error) {
	var refs []model.FeatureRef
	var err error
	switch {
	case req.FeatureService != "" && len(req.Features) > 0:
		return nil, apierr.Invalid("give either features or feature_service, not both")
	case req.FeatureService != "":
		refs, err = repo.ResolveServiceShared(req.FeatureService)
	case len(req.Features) > 0:
		refs, err = repo.ResolveFeaturesShared(req.Features)
	default:
		return nil, apierr.Invalid("the request names no features: give features or feature_service")
	}
	var unknown *model.UnknownError
	if errors.As(err, &unknown) {
		return nil, apierr.NotFound("%v", err).About(unknown.Object())
	}
	return refs, err
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

// groupByView groups refs by view in order of first appearance.
func groupByView(repo *model.Repo, refs []model.FeatureRef, firstColumn int) (map[string]*viewRead, []string) {
	reads := map[string]*viewRead{}
	var order []string
	for i, ref := range refs {
		vr, ok := reads[ref.View]
		if !ok {
			vr = &viewRead{view: repo.FeatureViews[ref.View]}
			reads[ref.View] = vr
			order = append(order, ref.View)
		}
		vr.features = append(vr.features, ref.Feature)
		vr.columns = append(vr.columns, firstColumn+i)
	}
	return reads, order
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
