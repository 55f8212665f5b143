package bqstore

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"net/http"

	"cloud.google.com/go/bigquery"
	"github.com/apache/arrow-go/v18/arrow"
	"google.golang.org/api/googleapi"

	"github.com/quiverfs/quiver/sdk/types"
)

// A table WriteBatch creates says so in its description, with the
// projects that wrote to it: "Created by Quiver. quiver:{"writers":[...]}".
// Teardown of a project removes it from the list and drops the table when
// no writer is left; a table without the marker is never dropped.
const ownerMarker = "quiver:"

// owners is the marker's JSON: the projects that wrote to the table and
// the Quiver types of columns BigQuery holds wider (float32 and int32
// columns, and lists of them, stored as FLOAT64 and INT64), so that
// GetSourceSchema and pulls give back the types that were written.
type owners struct {
	Writers []string          `json:"writers"`
	Types   map[string]string `json:"types,omitempty"`
}

// narrowTypes lists the columns of an Arrow schema that BigQuery stores
// wider than their Quiver type.
func narrowTypes(s *arrow.Schema) map[string]string {
	out := map[string]string{}
	for _, f := range s.Fields() {
		dt, list := f.Type, false
		if l, ok := dt.(arrow.ListLikeType); ok {
			dt, list = l.Elem(), true
		}
		var t types.ValueType
		switch dt.ID() {
		case arrow.FLOAT32, arrow.FLOAT16:
			t = types.Float32
		case arrow.INT32, arrow.INT16, arrow.INT8, arrow.UINT8, arrow.UINT16:
			t = types.Int32
		default:
			continue
		}
		if list {
			t += 10
		}
		out[f.Name] = t.String()
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// narrowed returns the recorded Quiver type of a column when it is a
// narrowing of the type BigQuery reports, else qtype.
func (o owners) narrowed(col string, qtype types.ValueType) types.ValueType {
	name, ok := o.Types[col]
	if !ok {
		return qtype
	}
	t, err := types.ParseValueType(name)
	if err != nil {
		return qtype
	}
	switch {
	case t.Elem() == types.Float32 && qtype.Elem() == types.Float64 && t.IsList() == qtype.IsList():
		return t
	case t.Elem() == types.Int32 && qtype.Elem() == types.Int64 && t.IsList() == qtype.IsList():
		return t
	}
	return qtype
}

// readOwners parses a description; ok is false without a marker.
func readOwners(desc string) (owners, bool) {
	i := strings.LastIndex(desc, ownerMarker)
	if i < 0 {
		return owners{}, false
	}
	var o owners
	if err := json.Unmarshal([]byte(desc[i+len(ownerMarker):]), &o); err != nil {
		return owners{}, false
	}
	return o, true
}

// description renders a marker.
func (o owners) description() string {
	b, _ := json.Marshal(o)
	return "Created by Quiver. " + ownerMarker + string(b)
}

// updateOwners changes a table's writers with change (reporting whether
// anything changed), retrying when another writer updated the table
// first (ETag). It returns the writers left and whether the table has
// the marker.
func (c *conn) updateOwners(ctx context.Context, t tableRef, change func(*owners) bool) (owners, bool, error) {
	for attempt := 0; ; attempt++ {
		md, err := c.table(t).Metadata(ctx)
		if err != nil {
			return owners{}, false, err
		}
		o, ok := readOwners(md.Description)
		if !ok {
			return o, false, nil
		}
		if !change(&o) {
			return o, true, nil
		}
		_, err = c.table(t).Update(ctx, bigquery.TableMetadataToUpdate{Description: o.description()}, md.ETag)
		var ge *googleapi.Error
		if errors.As(err, &ge) && ge.Code == http.StatusPreconditionFailed && attempt < 5 {
			continue
		}
		return o, true, err
	}
}

// addWriter adds project to the writers.
func addWriter(project string) func(*owners) bool {
	return func(o *owners) bool {
		if slices.Contains(o.Writers, project) {
			return false
		}
		o.Writers = append(o.Writers, project)
		return true
	}
}

// removeWriter removes project from the writers.
func removeWriter(project string) func(*owners) bool {
	return func(o *owners) bool {
		i := slices.Index(o.Writers, project)
		if i < 0 {
			return false
		}
		o.Writers = slices.Delete(o.Writers, i, i+1)
		return true
	}
}
