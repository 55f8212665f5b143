package ingest

import (
	"fmt"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/embed"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// The features ingest fills.
const (
	FeatureText       = "text"        // required, string
	FeatureSource     = "source"      // optional, string: the file path
	FeatureChunkIndex = "chunk_index" // optional, int32 or int64
)

// layout is how chunks map onto a view's row.
type layout struct {
	joinKey string
	names   []string // features written, in row order
	kinds   []string // what each name holds: text, source, chunk_index or vector
	types   []types.ValueType
	dim     int
}

// newLayout checks the documents view and plans its rows.
func newLayout(v types.FeatureViewSpec, e embed.Embedder) (*layout, error) {
	if len(v.JoinKeys) != 1 || v.JoinKeys[0].Type != types.String {
		return nil, apierr.Invalid("feature view %s: a documents view needs exactly one string join key (the chunk id)", v.Name)
	}
	l := &layout{joinKey: v.JoinKeys[0].Name}
	for _, f := range v.Features {
		kind := ""
		switch {
		case f.Vector != nil && l.dim == 0:
			kind, l.dim = "vector", f.Vector.Dimension
		case f.Name == FeatureText && f.Type == types.String:
			kind = "text"
		case f.Name == FeatureSource && f.Type == types.String:
			kind = "source"
		case f.Name == FeatureChunkIndex && (f.Type == types.Int64 || f.Type == types.Int32):
			kind = "chunk_index"
		}
		if kind != "" {
			l.names, l.kinds, l.types = append(l.names, f.Name), append(l.kinds, kind), append(l.types, f.Type)
		}
	}
	if l.dim == 0 {
		return nil, apierr.Invalid("feature view %s has no vector field to hold embeddings", v.Name)
	}
	if !contains(l.kinds, "text") {
		return nil, apierr.Invalid("feature view %s needs a string feature %q for the chunk text", v.Name, FeatureText)
	}
	if d := e.Dimension(); d != 0 && d != l.dim {
		return nil, apierr.Invalid("the embedder %s makes vectors of dimension %d, but feature view %s stores dimension %d",
			e.Name(), d, v.Name, l.dim)
	}
	return l, nil
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// row builds the row of chunk i of file.
func (l *layout) row(file string, i int, text string, vec []float32, stamp time.Time) (onlinestore.WriteRow, error) {
	if len(vec) != l.dim {
		return onlinestore.WriteRow{}, apierr.Invalid("the embedder returned a vector of dimension %d, the view stores %d", len(vec), l.dim)
	}
	vals := make([]types.Value, len(l.names))
	for j, kind := range l.kinds {
		switch kind {
		case "vector":
			vals[j] = types.Float32ListValue(vec)
		case "text":
			vals[j] = types.StringValue(text)
		case "source":
			vals[j] = types.StringValue(file)
		case "chunk_index":
			vals[j] = types.Int64Value(int64(i))
			if l.types[j] == types.Int32 {
				vals[j] = types.Int32Value(int32(i))
			}
		}
	}
	key := types.EntityKey{{JoinKey: l.joinKey, Value: types.StringValue(fmt.Sprintf("%s#%d", file, i))}}
	return onlinestore.WriteRow{EntityKey: key, Values: vals, EventTimestamp: stamp, CreatedTimestamp: stamp}, nil
}
