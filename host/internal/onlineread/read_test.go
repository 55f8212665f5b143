package onlineread

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

var now = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func testRepo() *model.Repo {
	r := model.NewRepo("p")
	r.Add(&model.Entity{Name: "driver", JoinKeys: []string{"driver_id"}, ValueType: types.Int64})
	r.Add(&model.Entity{Name: "rider", JoinKeys: []string{"rider_id"}, ValueType: types.String})
	r.Add(&model.FeatureView{Name: "stats", Entities: []string{"driver"}, TTL: model.Duration{Duration: time.Hour},
		Schema: []model.Field{{Name: "rate", DType: types.Float32}, {Name: "trips", DType: types.Int64}}})
	r.Add(&model.FeatureView{Name: "profile", Entities: []string{"rider"},
		Schema: []model.Field{{Name: "trips", DType: types.Int64}}})
	r.Add(&model.FeatureService{Name: "svc", Features: []string{"stats:rate", "profile"}})
	return r
}

// storeFunc is an online store whose Read is a function; other methods are unused.
type storeFunc struct {
	onlinestore.Unimplemented
	read func(*onlinestore.ReadRequest) (*onlinestore.ReadResponse, error)
}

func (s storeFunc) Read(_ context.Context, r *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
	return s.read(r)
}

func TestReadAsksOnceAndAppliesStatuses(t *testing.T) {
	t.Parallel()
	calls := 0
	store := storeFunc{read: func(r *onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
		calls++
		if len(r.Views) != 2 || r.Views[0].FeatureView != "stats" || len(r.Views[0].EntityKeys) != 3 {
			t.Errorf("read request = %+v", r)
		}
		return &onlinestore.ReadResponse{Views: [][]onlinestore.ReadRow{
			{
				{Found: true, Values: []types.Value{types.Float32Value(0.5)}, EventTimestamp: now.Add(-time.Minute)},
				{Found: true, Values: []types.Value{types.Float32Value(0.7)}, EventTimestamp: now.Add(-2 * time.Hour)},
				{},
			},
			{
				{Found: true, Values: []types.Value{types.Null()}, EventTimestamp: now.Add(-48 * time.Hour)},
				{Found: true, Values: []types.Value{types.Int64Value(3)}, EventTimestamp: now},
				{Found: true, Values: []types.Value{types.Int64Value(4)}, EventTimestamp: now},
			},
		}}, nil
	}}
	req := &Request{FeatureService: "svc", JoinKeys: []string{"driver_id", "rider_id"}, Entities: map[string][]any{
		"driver_id": {json.Number("1001"), json.Number("1002"), json.Number("9")},
		"rider_id":  {"a", "b", "c"},
	}}
	resp, err := (&Reader{Store: store, Now: func() time.Time { return now }}).Read(context.Background(), testRepo(), req)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("store read %d times, want once", calls)
	}
	if got := strings.Join(resp.FeatureNames, ","); got != "driver_id,rider_id,rate,trips" {
		t.Errorf("names = %s", got)
	}
	want := [][]Status{{Present, Present, Present}, {Present, Present, Present},
		{Present, OutsideMaxAge, NotFound}, {NullValue, Present, Present}}
	for c, col := range resp.Results {
		for i, s := range col.Statuses {
			if s != want[c][i] {
				t.Errorf("column %s row %d: status %s, want %s", resp.FeatureNames[c], i, s, want[c][i])
			}
		}
	}
	if v := resp.Results[2].Values[0]; v.Float32() != 0.5 {
		t.Errorf("rate[0] = %v", v)
	}
	if !resp.Results[2].Values[1].IsNull() {
		t.Errorf("a value outside max age is returned: %v", resp.Results[2].Values[1])
	}
}

func TestReadRejectsBadRequestsBeforeCallingTheStore(t *testing.T) {
	t.Parallel()
	store := storeFunc{read: func(*onlinestore.ReadRequest) (*onlinestore.ReadResponse, error) {
		t.Error("the store was called for a bad request")
		return nil, nil
	}}
	ents := map[string][]any{"driver_id": {json.Number("1")}}
	tests := []struct {
		name string
		req  Request
		kind apierr.Kind
		msg  string
	}{
		{"unknown view", Request{Features: []string{"nope:rate"}, JoinKeys: []string{"driver_id"}, Entities: ents}, apierr.KindNotFound, `unknown feature view "nope"`},
		{"unknown feature", Request{Features: []string{"stats:nope"}, JoinKeys: []string{"driver_id"}, Entities: ents}, apierr.KindNotFound, `unknown feature "stats:nope"`},
		{"unknown service", Request{FeatureService: "x", JoinKeys: []string{"driver_id"}, Entities: ents}, apierr.KindNotFound, `unknown feature service "x"`},
		{"missing join key", Request{Features: []string{"profile:trips"}, JoinKeys: []string{"driver_id"}, Entities: ents}, apierr.KindInvalid, `needs join key "rider_id"; the request gives [driver_id]`},
		{"wrong type", Request{Features: []string{"stats:rate"}, JoinKeys: []string{"driver_id"}, Entities: map[string][]any{"driver_id": {"abc"}}}, apierr.KindInvalid, `join key driver_id, value 0: expected int64`},
		{"collision", Request{Features: []string{"stats:trips", "profile:trips"}, JoinKeys: []string{"driver_id"}, Entities: ents}, apierr.KindInvalid, `ambiguous`},
		{"no features", Request{JoinKeys: []string{"driver_id"}, Entities: ents}, apierr.KindInvalid, `names no features`},
		{"too many cells", Request{Features: []string{"stats:rate"}, JoinKeys: []string{"driver_id"},
			Entities: map[string][]any{"driver_id": make([]any, MaxCells/2+1)}}, apierr.KindTooLarge, `the limit is 2097152 a request`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (&Reader{Store: store}).Read(context.Background(), testRepo(), &tt.req)
			e, ok := apierr.As(err)
			if !ok || e.Kind != tt.kind || !strings.Contains(e.Message, tt.msg) {
				t.Errorf("err = %v, want kind %d containing %q", err, tt.kind, tt.msg)
			}
		})
	}
}
