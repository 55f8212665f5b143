package sqliteonline

import (
	"context"
	"database/sql"

	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// collectHits reads the rows of the hits' keys in tx (the snapshot the index
// reflects) and builds the response, in hit order.
func collectHits(ctx context.Context, tx *sql.Tx, fetch *sql.Stmt, size int, hits []hit, keys []string, features []string) (*onlinestore.SearchVectorsResponse, error) {
	found := make(map[string]storedRow, len(keys))
	st := tx.StmtContext(ctx, fetch)
	names, release := pooledNames()
	defer release()
	for start := 0; start < len(keys); start += size {
		batch := make([][]byte, 0, size)
		for _, k := range keys[start:min(start+size, len(keys))] {
			batch = append(batch, []byte(k))
		}
		if err := queryRows(ctx, st, padded(batch, size), names, found); err != nil {
			return nil, dbError("reading the rows of the hits", err)
		}
	}
	resp := &onlinestore.SearchVectorsResponse{Hits: make([]onlinestore.SearchHit, 0, len(hits))}
	for i, h := range hits {
		r, ok := found[keys[i]]
		if !ok {
			return nil, storeerr.Internal("sqlite online store: a vector's row is missing from its table")
		}
		ek, err := codec.DecodeEntityKey([]byte(keys[i]))
		if err != nil {
			return nil, storeerr.Internal("sqlite online store: a stored entity key is corrupt: %v", err)
		}
		resp.Hits = append(resp.Hits, onlinestore.SearchHit{EntityKey: ek, Distance: h.dist,
			Values: pick(r.vals, features), EventTimestamp: types.FromMicros(r.event)})
	}
	return resp, nil
}
