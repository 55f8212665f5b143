package materialize

import (
	"context"
	"testing"
	"time"
)

func TestRowsOutsideTheIngestionWindowAreSkippedAndCounted(t *testing.T) {
	t.Parallel()
	const users, hours = 20, 3
	end := t0.Add(hours * time.Hour)
	fs := newRepo(t, "window", "0", users, hours)
	// Every user's latest row is at hour 2: a minimum after it refuses them all.
	fs.Config.Ingestion.MinTime = t0.Add(150 * time.Minute)
	res, err := (&Materializer{FS: fs}).Run(context.Background(), Request{Start: t0, End: end})
	if err != nil {
		t.Fatal(err)
	}
	if v := res.Views[0]; v.Rows != 0 || v.SkippedRows != users {
		t.Fatalf("result %+v, want 0 rows written and %d skipped", v, users)
	}
	for u, r := range dump(t, fs, users) {
		if r.found {
			t.Fatalf("user %d is online although its only row was refused: %+v", u, r)
		}
	}
	// The same rows are stored once the window admits them.
	fs.Config.Ingestion.MinTime = time.Time{}
	res, err = (&Materializer{FS: fs}).Run(context.Background(), Request{Start: t0, End: end})
	if err != nil {
		t.Fatal(err)
	}
	if v := res.Views[0]; v.Rows != users || v.SkippedRows != 0 {
		t.Fatalf("second run %+v, want %d rows and none skipped", v, users)
	}
}
