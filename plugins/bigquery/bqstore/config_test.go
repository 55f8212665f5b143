package bqstore

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/quiverfs/quiver/sdk/storeerr"
)

func TestParseSettingsDefaultsAndChecks(t *testing.T) {
	// A Feast block works as it is.
	if _, err := ParseSettings([]byte(`{"project_id": "my-project", "dataset": "feast_ds", "location": "EU",
		"billing_project_id": "billing-1", "gcs_staging_location": "gs://bucket/x", "table_create_disposition": "CREATE_NEVER"}`)); err != nil {
		t.Errorf("Feast's keys: %v", err)
	}
	s, err := ParseSettings([]byte(`{"project_id": "my-project"}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Dataset != "feast" || s.TempDataset != "feast" || s.Priority != "interactive" || !*s.DryRun ||
		time.Duration(s.TempTableExpiration) != time.Hour || time.Duration(s.QueryTimeout) != 30*time.Minute {
		t.Errorf("defaults: %+v", s)
	}
	if s.billingProject() != "my-project" {
		t.Errorf("billing project = %q", s.billingProject())
	}
	for _, tt := range []struct{ config, want string }{
		{`{}`, "project_id is required"},
		{`{"project_id": "x"}`, "not a Google Cloud project id"},
		{`{"project_id": "my-project", "billing_project_id": "Bad Project"}`, "billing_project_id"},
		{`{"project_id": "my-project", "dataset": "a-b"}`, "dataset"},
		{`{"project_id": "my-project", "temp_dataset": "a.b"}`, "temp_dataset"},
		{`{"project_id": "my-project", "priority": "urgent"}`, "priority"},
		{`{"project_id": "my-project", "labels": {"Team": "x"}}`, "labels: key"},
		{`{"project_id": "my-project", "labels": {"team": "X Y"}}`, "labels: value"},
		{`{"project_id": "my-project", "temp_table_expiration": "5s"}`, "temp_table_expiration"},
		{`{"project_id": "my-project", "query_timeout": "-1s"}`, "query_timeout"},
		{`{"project_id": "my-project", "maximum_bytes_billed": -1}`, "maximum_bytes_billed"},
		{`{"project_id": "my-project", "endpoint": "ftp://x"}`, "endpoint"},
		{`{"project_id": "my-project", "table_create_disposition": "CREATE_ALWAYS"}`, "table_create_disposition"},
		{`{"project_id": "my-project", "upload_chunk_bytes": -1}`, "upload_chunk_bytes"},
		{`{"project_id": "my-project", "credentials": "x"}`, "unknown field"},
		{`{"project_id": "my-project", "password": "hunter2secret", "x": 1}`, "unknown field"},
	} {
		_, err := ParseSettings([]byte(tt.config))
		if !errors.Is(err, storeerr.ErrInvalidArgument) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want InvalidArgument with %q", tt.config, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2secret") {
			t.Errorf("%s: the error echoes a secret: %v", tt.config, err)
		}
	}
}

func TestParseTableRef(t *testing.T) {
	s := &Settings{ProjectID: "my-project", Dataset: "feast"}
	for ref, want := range map[string]string{
		"trips":                    "my-project.feast.trips",
		"rides.trips":              "my-project.rides.trips",
		"other-proj.rides.trips":   "other-proj.rides.trips",
		"`other-proj.rides.trips`": "other-proj.rides.trips",
		"example.com:proj-1.d.t":   "example.com:proj-1.d.t",
	} {
		got, err := parseTableRef(s, ref)
		if err != nil || got.String() != want {
			t.Errorf("parseTableRef(%q) = %s, %v; want %s", ref, got, err, want)
		}
	}
	for _, bad := range []string{"", "a.b.c.d", "d.t;DROP", "p.d.t`x", "Bad.d.t", "d-x.t", "t\n", strings.Repeat("t", 3000)} {
		if got, err := parseTableRef(s, bad); err == nil {
			t.Errorf("parseTableRef(%q) = %s, want an error", bad, got)
		}
	}
}

func TestTempNamesBelongToOneProject(t *testing.T) {
	a := tempName("a", tempPull)
	if !isTempOf("a", a) {
		t.Errorf("%s is not a temporary table of a", a)
	}
	// A project whose name extends a's prefix does not own a's tables,
	// nor a its tables.
	longer := strings.TrimPrefix(strings.TrimSuffix(tempPrefix("a"), "_"), "quiver_tmp_")
	b := tempName(longer, tempPull)
	if isTempOf("a", b) || isTempOf(longer, a) {
		t.Errorf("projects a and %s share temporary tables: %s, %s", longer, a, b)
	}
	for _, name := range []string{tempPrefix("a") + "pull_00", tempPrefix("a") + "other_0123456789abcdef", "trips", tempPrefix("a") + "pull_0123456789abcdeg"} {
		if isTempOf("a", name) {
			t.Errorf("%s is taken for a temporary table of a", name)
		}
	}
	if tempPrefix("a_b") == tempPrefix("a-b") {
		t.Errorf("projects a_b and a-b share a prefix")
	}
}

func TestOwnersMarker(t *testing.T) {
	o := owners{Writers: []string{"p1"}, Types: map[string]string{"x": "float32"}}
	got, ok := readOwners("user text " + o.description())
	if !ok || len(got.Writers) != 1 || got.Writers[0] != "p1" || got.Types["x"] != "float32" {
		t.Errorf("readOwners(description()) = %+v, %v", got, ok)
	}
	for _, desc := range []string{"", "a table of ours", "quiver:{", "quiver:[1]"} {
		if _, ok := readOwners(desc); ok {
			t.Errorf("readOwners(%q) found a marker", desc)
		}
	}
	if removeWriter("p2")(&o) || !addWriter("p2")(&o) || addWriter("p2")(&o) || !removeWriter("p1")(&o) || o.Writers[0] != "p2" {
		t.Errorf("writers after changes: %v", o.Writers)
	}
}
