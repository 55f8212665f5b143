package convert

import (
	"strings"
	"testing"
	"time"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
)

func int64Column(n int) *pb.ValueColumn {
	return &pb.ValueColumn{Type: pb.ValueType_VALUE_TYPE_INT64, Int64Values: make([]int64, n)}
}

func nestedFilter(depth int) *pb.Filter {
	f := &pb.Filter{Node: &pb.Filter_Comparison_{Comparison: &pb.Filter_Comparison{Field: "x", Op: pb.Filter_OP_EQ}}}
	for range depth - 1 {
		f = &pb.Filter{Node: &pb.Filter_Compound_{Compound: &pb.Filter_Compound{Kind: pb.Filter_Compound_KIND_AND, Children: []*pb.Filter{f}}}}
	}
	return f
}

func TestMalformedRequestsAreErrors(t *testing.T) {
	t.Parallel()
	keyless := func(n uint32) *pb.ReadView {
		return &pb.ReadView{FeatureView: "global", EntityKeys: &pb.EntityKeyColumns{Count: n}}
	}
	keyed := &pb.ReadView{FeatureView: "drivers", EntityKeys: &pb.EntityKeyColumns{JoinKeys: []string{"id"}, Columns: []*pb.ValueColumn{int64Column(3)}, Count: 3}}
	cases := []struct {
		name    string
		convert func() error
		want    string
	}{
		{"a key column holding fewer values than the count", func() error {
			_, err := EntityKeyColumnsFromProto(&pb.EntityKeyColumns{JoinKeys: []string{"id"}, Columns: []*pb.ValueColumn{int64Column(2)}, Count: 1 << 31})
			return err
		}, "column has 2 values for 2147483648 keys"},
		{"keys without join keys beyond the limit", func() error {
			_, err := EntityKeyColumnsFromProto(&pb.EntityKeyColumns{Count: MaxKeylessKeys + 1})
			return err
		}, "more than the limit"},
		{"a keyless view of a read asking more keys than the limit and every keyed view", func() error {
			_, err := ReadRequestFromProto(&pb.ReadRequest{Views: []*pb.ReadView{keyed, keyless(1<<32 - 1)}})
			return err
		}, "view global"},
		{"a keyless view with a column", func() error {
			_, err := ReadRequestFromProto(&pb.ReadRequest{Views: []*pb.ReadView{{EntityKeys: &pb.EntityKeyColumns{Count: 1, Columns: []*pb.ValueColumn{int64Column(1)}}}}})
			return err
		}, "1 columns for 0 join keys"},
		{"a write whose feature columns hold no rows", func() error {
			_, err := OnlineWriteBatchRequestFromProto(&pb.OnlineWriteBatchRequest{EntityKeys: &pb.EntityKeyColumns{Count: 1000},
				EventTimestamps: make([]int64, 1000), CreatedTimestamps: make([]int64, 1000),
				FeatureNames: make([]string, 1000), Columns: make([]*pb.ValueColumn, 1000)})
			return err
		}, "column 0 has 0 values for 1000 rows"},
		{"a write without join keys whose count disagrees with its timestamps", func() error {
			_, err := OnlineWriteBatchRequestFromProto(&pb.OnlineWriteBatchRequest{EntityKeys: &pb.EntityKeyColumns{Count: 1<<32 - 1}})
			return err
		}, "inconsistent"},
		{"a filter node that is neither comparison nor compound", func() error { _, err := FilterFromProto(&pb.Filter{}); return err }, "neither"},
		{"a filter comparison with an unknown operator", func() error {
			_, err := FilterFromProto(&pb.Filter{Node: &pb.Filter_Comparison_{Comparison: &pb.Filter_Comparison{Field: "x", Op: 9}}})
			return err
		}, "unknown operator 9"},
		{"a filter comparison without a field", func() error {
			_, err := FilterFromProto(&pb.Filter{Node: &pb.Filter_Comparison_{Comparison: &pb.Filter_Comparison{Op: pb.Filter_OP_EQ}}})
			return err
		}, "no field"},
		{"a filter compound of unspecified kind", func() error {
			_, err := FilterFromProto(&pb.Filter{Node: &pb.Filter_Compound_{Compound: &pb.Filter_Compound{}}})
			return err
		}, "unknown kind 0"},
		{"a filter one level too deep", func() error { _, err := FilterFromProto(nestedFilter(MaxFilterDepth + 1)); return err }, "deeper than 64"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if err := c.convert(); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want one saying %q", err, c.want)
			}
		})
	}
}

func TestKeylessViewsOfAReadShareOneArrayUpToTheLargestKeyedView(t *testing.T) {
	t.Parallel()
	n := uint32(MaxKeylessKeys + 10)
	keyed := &pb.ReadView{EntityKeys: &pb.EntityKeyColumns{JoinKeys: []string{"id"}, Columns: []*pb.ValueColumn{int64Column(int(n))}, Count: n}}
	r, err := ReadRequestFromProto(&pb.ReadRequest{Views: []*pb.ReadView{
		{EntityKeys: &pb.EntityKeyColumns{Count: n}}, keyed, {EntityKeys: &pb.EntityKeyColumns{Count: 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{len(r.Views[0].EntityKeys), len(r.Views[1].EntityKeys), len(r.Views[2].EntityKeys)}; got[0] != int(n) || got[1] != int(n) || got[2] != 2 {
		t.Fatalf("views hold %v keys, want [%d %d 2]", got, n, n)
	}
	if &r.Views[0].EntityKeys[0] != &r.Views[2].EntityKeys[0] || cap(r.Views[2].EntityKeys) != 2 {
		t.Error("keyless views do not share one array, capped at their length")
	}
}

func TestFilterAtTheDepthLimitConverts(t *testing.T) {
	t.Parallel()
	if _, err := FilterFromProto(nestedFilter(MaxFilterDepth)); err != nil {
		t.Fatal(err)
	}
}

func TestTTLBeyondTimeDurationSaturates(t *testing.T) {
	t.Parallel()
	for _, us := range []int64{1 << 62, -1 << 62} {
		got := FeatureViewSpecFromProto(&pb.FeatureViewSpec{TtlMicros: us}).TTL
		if got.Abs() < 292*365*24*time.Hour || got%time.Microsecond != 0 || (got < 0) != (us < 0) {
			t.Errorf("TTL of %d µs = %v, want ±%d µs", us, got, maxTTLMicros)
		}
	}
}
