package vector

import (
	"time"

	"github.com/quiverfs/quiver/host/internal/onlineread"
	"github.com/quiverfs/quiver/host/internal/valuejson"
	"github.com/quiverfs/quiver/sdk/types"
)

// DistanceColumn names the distance column of a response.
const DistanceColumn = "distance"

// Feast converts the response to Feast's online response shape, the body
// of /retrieve-online-documents and `retrieve-documents -o json`: one
// column per join key, requested feature and "distance", each with one
// entry per hit, nearest first.
//
//	{"metadata": {"feature_names": ["chunk_id", "text", "distance"]},
//	 "results": [{"values": ["README.md#0", ...], "statuses": ["PRESENT", ...],
//	              "event_timestamps": [...]}, ...]}
func (r *Response) Feast() *onlineread.FeastResponse {
	names := append(append(append([]string{}, r.JoinKeys...), r.Features...), DistanceColumn)
	out := &onlineread.FeastResponse{Metadata: onlineread.FeastMetadata{FeatureNames: names},
		Results: make([]onlineread.FeastResult, len(names))}
	for c := range names {
		col := onlineread.FeastResult{Values: make([]any, len(r.Hits)), Statuses: make([]onlineread.Status, len(r.Hits)),
			EventTimestamps: make([]string, len(r.Hits))}
		for i, h := range r.Hits {
			v := r.Cell(h, c)
			col.Values[i] = valuejson.Encode(v)
			col.Statuses[i] = onlineread.Present
			if v.IsNull() {
				col.Statuses[i] = onlineread.NullValue
			}
			col.EventTimestamps[i] = h.EventTimestamp.UTC().Format(time.RFC3339Nano)
		}
		out.Results[c] = col
	}
	return out
}

// Cell returns column c of a hit: a join key value, a feature, or the distance.
func (r *Response) Cell(h Hit, c int) types.Value {
	switch {
	case c < len(r.JoinKeys):
		for _, p := range h.EntityKey {
			if p.JoinKey == r.JoinKeys[c] {
				return p.Value
			}
		}
		return types.Null()
	case c < len(r.JoinKeys)+len(r.Features):
		if i := c - len(r.JoinKeys); i < len(h.Values) {
			return h.Values[i]
		}
		return types.Null()
	}
	return types.Float64Value(h.Distance)
}
