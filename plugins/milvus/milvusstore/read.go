package milvusstore

import (
	"context"
	"encoding/base64"
	"errors"

	"github.com/milvus-io/milvus-sdk-go/v2/client"
	"github.com/milvus-io/milvus-sdk-go/v2/entity"

	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// readChunk bounds the keys of one query.
const readChunk = 1000

// storedRow is a row as read back from a collection.
type storedRow struct {
	event, created int64
	values         map[string]types.Value // nil unless values were fetched
}

// Read implements onlinestore.Store: one query per view and chunk of keys.
// A view with no collection (never applied, or deleted) holds nothing: its
// keys are answered Found=false.
func (s *Store) Read(ctx context.Context, req *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	out := &onlinestore.ReadResponse{Views: make([][]onlinestore.ReadRow, len(req.Views))}
	for i, rv := range req.Views {
		v, cli, cfg, err := s.lookup(ctx, req.Project, rv.FeatureView)
		if errors.Is(err, storeerr.ErrNotFound) {
			out.Views[i] = make([]onlinestore.ReadRow, len(rv.EntityKeys))
			continue
		}
		if err != nil {
			return nil, err
		}
		if _, err := v.features(rv.Features); err != nil {
			return nil, err
		}
		pks := make([]string, len(rv.EntityKeys))
		for j, k := range rv.EntityKeys {
			pks[j] = encodeKey(k)
		}
		stored := map[string]*storedRow{}
		for start := 0; start < len(pks); start += readChunk {
			got, err := s.fetch(ctx, cli, cfg, v, pks[start:min(start+readChunk, len(pks))], true)
			if err != nil {
				return nil, err
			}
			for pk, r := range got {
				stored[pk] = r
			}
		}
		rows := make([]onlinestore.ReadRow, len(pks))
		for j, pk := range pks {
			if r, ok := stored[pk]; ok {
				rows[j] = r.readRow(rv.Features)
			}
		}
		out.Views[i] = rows
	}
	return out, nil
}

// readRow restricts a stored row to features.
func (r *storedRow) readRow(features []string) onlinestore.ReadRow {
	vals := make([]types.Value, len(features))
	for i, f := range features {
		vals[i] = r.values[f]
	}
	return onlinestore.ReadRow{Found: true, Values: vals, EventTimestamp: types.FromMicros(r.event), CreatedTimestamp: createdTime(r.created)}
}

// fetch reads the stored rows of pks: their timestamps, and with values
// every feature.
func (s *Store) fetch(ctx context.Context, cli client.Client, cfg Config, v *view, pks []string, values bool) (map[string]*storedRow, error) {
	out := make(map[string]*storedRow, len(pks))
	if len(pks) == 0 {
		return out, nil
	}
	fields := []string{fieldPK, fieldEvent, fieldCreated}
	if values {
		fields = append(fields, fieldRow)
		if v.vector != nil {
			fields = append(fields, v.vectorFieldName(), nullField(v.vector.Name))
		}
	}
	rs, err := cli.QueryByPks(ctx, v.collection, nil, entity.NewColumnVarChar(fieldPK, pks), fields, consistency(cfg))
	if err != nil {
		return nil, downstream(err, "querying "+v.collection)
	}
	pkCol, _ := rs.GetColumn(fieldPK).(*entity.ColumnVarChar)
	if pkCol == nil {
		return out, nil
	}
	events, _ := rs.GetColumn(fieldEvent).(*entity.ColumnInt64)
	created, _ := rs.GetColumn(fieldCreated).(*entity.ColumnInt64)
	if events == nil || created == nil {
		return nil, storeerr.Internal("milvus online store: query of %s returned no timestamps", v.collection)
	}
	for i, pk := range pkCol.Data() {
		r := &storedRow{event: events.Data()[i], created: created.Data()[i]}
		if values {
			if r.values, err = v.decodeValues(rs, i); err != nil {
				return nil, err
			}
		}
		out[pk] = r
	}
	return out, nil
}

// decodeValues decodes the features of row i of a result set: the blob,
// and the vector unless flagged null.
func (v *view) decodeValues(rs client.ResultSet, i int) (map[string]types.Value, error) {
	return decodeRow(v, rs.GetColumn(fieldRow), rs.GetColumn(v.vectorFieldName()), rs.GetColumn(nullFieldOrEmpty(v)), i)
}

func nullFieldOrEmpty(v *view) string {
	if v.vector == nil {
		return ""
	}
	return nullField(v.vector.Name)
}

// decodeRow decodes row i from the blob, vector and null-flag columns
// (the last two may be nil).
func decodeRow(v *view, rowCol, vecCol, nullCol entity.Column, i int) (map[string]types.Value, error) {
	blobs, _ := rowCol.(*entity.ColumnVarChar)
	if blobs == nil {
		return nil, storeerr.Internal("milvus online store: %s returned no %s column", v.collection, fieldRow)
	}
	raw, err := base64.StdEncoding.DecodeString(blobs.Data()[i])
	if err != nil {
		return nil, storeerr.Internal("milvus online store: row blob of %s: %v", v.collection, err)
	}
	fields, err := codec.DecodeNamedValues(raw)
	if err != nil {
		return nil, storeerr.Internal("milvus online store: row blob of %s: %v", v.collection, err)
	}
	out := make(map[string]types.Value, len(fields)+1)
	for _, f := range fields {
		out[f.Name] = f.Value
	}
	vecs, _ := vecCol.(*entity.ColumnFloatVector)
	nulls, _ := nullCol.(*entity.ColumnBool)
	if v.vector != nil && vecs != nil && nulls != nil && !nulls.Data()[i] {
		out[v.vector.Name] = types.Float32ListValue(append([]float32(nil), vecs.Data()[i]...))
	}
	return out, nil
}
