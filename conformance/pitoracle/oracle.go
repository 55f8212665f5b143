package pitoracle

import (
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// View is one feature view of a join, with its source rows as an offline
// store pulls them (columns under the view's names).
type View struct {
	Name     string   // required
	JoinKeys []string // view join keys, in order; empty for a view with no entities
	// JoinKeyMap maps an entity-table column to a view join key; a join
	// key absent from its values is read from the column of its own name.
	JoinKeyMap    map[string]string
	Features      []string      // required
	TTL           time.Duration // 0: never expires
	EventColumn   string        // required
	CreatedColumn string        // optional
	// FieldMapping maps raw source columns to view names; Rows already
	// use view names. Used by Generate's RawRows for writing to stores.
	FieldMapping map[string]string
	Rows         []arrow.RecordBatch
}

// Request is a point-in-time join.
type Request struct {
	Entities         []arrow.RecordBatch // all with one schema; at least one
	TimestampColumn  string              // required; a timestamp column of Entities
	Views            []View
	FullFeatureNames bool
}

// OutputName is a feature's output column name.
func OutputName(view, feature string, full bool) string {
	if full {
		return view + "__" + feature
	}
	return feature
}

// match is the chosen source row of one entity row: record, row, or -1.
type match struct{ rec, row int }

// Join computes the point-in-time join row by row.
func Join(req *Request) (arrow.RecordBatch, error) {
	if len(req.Entities) == 0 {
		return nil, fmt.Errorf("pitoracle: no entity records")
	}
	if err := checkNames(req); err != nil {
		return nil, err
	}
	ents, err := readEntities(req)
	if err != nil {
		return nil, err
	}
	matches := make([][]match, len(req.Views))
	for vi := range req.Views {
		if matches[vi], err = joinView(ents, &req.Views[vi]); err != nil {
			return nil, err
		}
	}
	return buildOutput(req, ents, matches)
}

// checkNames rejects output name collisions.
func checkNames(req *Request) error {
	seen := map[string]bool{}
	for _, c := range req.Entities[0].Schema().Fields() {
		seen[c.Name] = true
	}
	for _, v := range req.Views {
		for _, f := range v.Features {
			n := OutputName(v.Name, f, req.FullFeatureNames)
			if seen[n] {
				return fmt.Errorf("pitoracle: output column %q occurs twice", n)
			}
			seen[n] = true
		}
	}
	return nil
}

// joinView picks, for every entity row, the source row of v it gets.
func joinView(ents *entities, v *View) ([]match, error) {
	keyCols, err := ents.keyColumns(v)
	if err != nil {
		return nil, err
	}
	out := make([]match, ents.n)
	for i := range ents.n {
		out[i] = match{-1, -1}
		t, ok := ents.time(i)
		if !ok {
			continue
		}
		key, ok := ents.key(keyCols, i)
		if !ok {
			continue
		}
		best, err := bestRow(v, key, t)
		if err != nil {
			return nil, err
		}
		out[i] = best
	}
	return out, nil
}

// bestRow scans every source row of v for the one entity row (key, t)
// gets: same key, e <= t, e >= t - ttl when ttl > 0, greatest e, then
// greatest created (null created loses), then first in source order.
func bestRow(v *View, key []cell, t int64) (match, error) {
	best := match{-1, -1}
	var bestE, bestC int64
	var bestHasC bool
	for ri, rec := range v.Rows {
		cols, err := viewColumns(rec, v)
		if err != nil {
			return best, err
		}
		for row := range int(rec.NumRows()) {
			e, ok := micros(cols.event, row)
			if !ok || e > t || (v.TTL > 0 && e < t-v.TTL.Microseconds()) {
				continue
			}
			if !sameKey(cols.keys, row, key) {
				continue
			}
			c, hasC := int64(0), false
			if cols.created != nil {
				c, hasC = micros(cols.created, row)
			}
			if best.rec < 0 || e > bestE || (e == bestE && newerCreated(c, hasC, bestC, bestHasC)) {
				best, bestE, bestC, bestHasC = match{ri, row}, e, c, hasC
			}
		}
	}
	return best, nil
}

// newerCreated reports whether created c beats the best so far; a null
// created loses to any value, and ties keep the earlier row.
func newerCreated(c int64, hasC bool, bestC int64, bestHasC bool) bool {
	switch {
	case !hasC:
		return false
	case !bestHasC:
		return true
	}
	return c > bestC
}
