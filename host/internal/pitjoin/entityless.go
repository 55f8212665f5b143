package pitjoin

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/arrowcopy"
	"github.com/quiverfs/quiver/sdk/offlinestore"
)

// entityless builds the entity table of entity-less mode: every distinct
// (join keys, event time) of the views' rows with event time in
// [start, end], ordered by time then keys, with the time in the column
// event_timestamp. The views must share their join keys.
func (e *Engine) entityless(ctx context.Context, store offlinestore.Store, req *offlinestore.HistoricalFeaturesRequest,
	start, end time.Time) (array.RecordReader, error) {
	if start.IsZero() || end.IsZero() || end.Before(start) {
		return nil, apierr.Invalid("entity-less retrieval needs a start and an end time, start not after end")
	}
	keys := keyNames(req.Views[0])
	for _, v := range req.Views[1:] {
		if !slices.Equal(keyNames(v), keys) {
			return nil, apierr.Invalid("entity-less retrieval needs views with the same join keys: %s has %v, %s has %v",
				req.Views[0].View.Name, keys, v.View.Name, keyNames(v))
		}
	}
	conn, err := e.conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	ar, err := duckdb.NewArrowFromConn(conn)
	if err != nil {
		return nil, err
	}
	var parts []string
	for i, v := range req.Views {
		resp, err := store.PullRange(ctx, &offlinestore.PullRequest{Project: req.Project, Source: v.Source, JoinKeys: keys,
			Start: start.UTC(), End: end.UTC().Add(time.Microsecond)})
		if err != nil {
			return nil, fmt.Errorf("pulling the keys of feature view %s: %w", v.View.Name, err)
		}
		defer resp.Records.Release()
		name := fmt.Sprintf("quiver_keys_%d", i)
		release, err := ar.RegisterView(resp.Records, name)
		if err != nil {
			return nil, fmt.Errorf("pitjoin: registering the keys of %s: %w", v.View.Name, err)
		}
		defer release()
		cols := quoteAll(keys)
		cols = append(cols, fmt.Sprintf("CAST(%s AS TIMESTAMPTZ) AS %s", ident(v.Source.TimestampField), DefaultTimestampColumn))
		parts = append(parts, "SELECT "+strings.Join(cols, ", ")+" FROM "+name)
	}
	order := append([]string{DefaultTimestampColumn}, quoteAll(keys)...)
	q := fmt.Sprintf("SELECT DISTINCT * FROM (%s) WHERE %s IS NOT NULL ORDER BY %s",
		strings.Join(parts, " UNION ALL "), DefaultTimestampColumn, strings.Join(order, ", "))
	rd, err := ar.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("pitjoin: building the entity table: %w", err)
	}
	// Copy into Go memory: the connection closes on return.
	all, err := arrowcopy.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("pitjoin: building the entity table: %w", err)
	}
	defer all.Release()
	return array.NewRecordReader(all.Schema(), []arrow.RecordBatch{all})
}

func keyNames(v offlinestore.ViewRef) []string {
	out := make([]string, len(v.View.JoinKeys))
	for i, k := range v.View.JoinKeys {
		out[i] = k.Name
	}
	return out
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = ident(n)
	}
	return out
}
