package bqstore

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/googleapi"
	"net/http"
)

// A table WriteBatch creates says so in its description, with the
// projects that wrote to it: "Created by Quiver. quiver:{"writers":[...]}".
// Teardown of a project removes it from the list and drops the table when
// no writer is left; a table without the marker is never dropped.
const ownerMarker = "quiver:"

// owners is the marker's JSON.
type owners struct {
	Writers []string `json:"writers"`
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
