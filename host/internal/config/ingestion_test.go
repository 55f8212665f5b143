package config

import (
	"strings"
	"testing"
	"time"
)

func TestIngestionDefaultsToADayAheadAndTheEpoch(t *testing.T) {
	t.Parallel()
	cfg, err := Parse("/repo", "quiver.yaml", []byte("project: demo\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Ingestion.MaxAhead != 24*time.Hour || !cfg.Ingestion.MinTime.Equal(time.Unix(0, 0)) {
		t.Errorf("Ingestion = %+v", cfg.Ingestion)
	}
}

func TestIngestionBlockIsReadAndCheckedWithPositions(t *testing.T) {
	t.Parallel()
	cfg, err := Parse("/repo", "quiver.yaml", []byte(`project: demo
ingestion:
  max_event_time_ahead: 1h
  min_event_time: 2000-01-01T00:00:00Z
`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Ingestion.MaxAhead != time.Hour || !cfg.Ingestion.MinTime.Equal(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Ingestion = %+v", cfg.Ingestion)
	}
	_, err = Parse("/repo", "quiver.yaml", []byte(`project: demo
ingestion:
  max_event_time_ahead: 0s
  min_event_time: yesterday
  colour: blue
`))
	for _, want := range []string{
		`quiver.yaml:3:25: max_event_time_ahead must be above zero`,
		`quiver.yaml:4:19: min_event_time "yesterday" is not an RFC 3339 time`,
		`quiver.yaml:5:3: unknown key "colour" in ingestion`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to contain %q", err, want)
		}
	}
}

func TestIngestionCheckAcceptsOnlyTimesInRange(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		ing  Ingestion
		t    time.Time
		want string
	}{
		{"now is accepted", Ingestion{}, now, ""},
		{"the epoch is accepted", Ingestion{}, time.Unix(0, 0), ""},
		{"exactly max ahead is accepted", Ingestion{}, now.Add(24 * time.Hour), ""},
		{"far future is rejected", Ingestion{}, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
			"event timestamp 9999-12-31T00:00:00Z is more than 24h0m0s ahead of now"},
		{"before the epoch is rejected", Ingestion{}, time.Unix(-1, 0),
			"event timestamp 1969-12-31T23:59:59Z is before the minimum 1970-01-01T00:00:00Z"},
		{"a custom window applies", Ingestion{MaxAhead: time.Minute, MinTime: now.Add(-time.Hour)}, now.Add(2 * time.Minute),
			"is more than 1m0s ahead of now"},
		{"a custom minimum applies", Ingestion{MaxAhead: time.Minute, MinTime: now.Add(-time.Hour)}, now.Add(-2 * time.Hour),
			"is before the minimum 2025-06-01T11:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.ing.Check(tc.t, now)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Check = %v, want nil", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("Check = %v, want %q", err, tc.want)
			}
		})
	}
}
