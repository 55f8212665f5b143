package convert

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// The fuzz targets compare converted requests through these canonical
// renderings: values and keys in codec bytes (exact for NaN payloads),
// times in microseconds.

func canonKeys(keys []types.EntityKey) string {
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%x;", codec.EncodeEntityKey(k))
	}
	return b.String()
}

func canonValues(vs []types.Value) string {
	return fmt.Sprintf("%x", codec.EncodeNamedValues(codec.Zip(make([]string, len(vs)), vs)))
}

func canonRead(r *onlinestore.ReadRequest) string {
	s := r.Project
	for _, v := range r.Views {
		s += fmt.Sprintf("|%q %q %s", v.FeatureView, v.Features, canonKeys(v.EntityKeys))
	}
	return s
}

func canonWrite(r *onlinestore.WriteBatchRequest) string {
	s := fmt.Sprintf("%q %q %q", r.Project, r.FeatureView, r.FeatureNames)
	for _, row := range r.Rows {
		s += fmt.Sprintf("|%s %d %d %s", canonKeys([]types.EntityKey{row.EntityKey}),
			types.ToMicros(row.EventTimestamp), types.ToMicros(row.CreatedTimestamp), canonValues(row.Values))
	}
	return s
}

func canonFilter(f *onlinestore.Filter) string {
	if f == nil {
		return "nil"
	}
	s := fmt.Sprintf("{%q %d %s %s %t %t", f.Field, f.Op, canonValues([]types.Value{f.Value}), canonValues(f.Values), f.And, f.Or)
	for _, c := range f.Children {
		s += " " + canonFilter(c)
	}
	return s + "}"
}

func canonSearch(r *onlinestore.SearchVectorsRequest) string {
	return fmt.Sprintf("%q %q %q %v %q %d %d %q %s", r.Project, r.FeatureView, r.VectorField, r.QueryVector,
		r.QueryText, r.TopK, r.Metric, r.Features, canonFilter(r.Filter))
}

func canonPull(r *offlinestore.PullRequest) string {
	return fmt.Sprintf("%q %+v %q %q %d %d %s", r.Project, r.Source, r.JoinKeys, r.FeatureColumns,
		types.ToMicros(r.Start), types.ToMicros(r.End), canonKeys(r.EntityKeys))
}

// checkAllocs fails if convert allocates more than 256 bytes per byte of
// the message it converts, plus the array of empty keys a read may share
// (MaxKeylessKeys of them) and 64 KiB. The fuzzing engine allocates too,
// now and then, so a call over the limit is measured twice more and the
// least of the three counts.
func checkAllocs(t *testing.T, what string, size int, convert func()) {
	t.Helper()
	limit := 256*uint64(size) + 24*MaxKeylessKeys + 64<<10
	got := allocated(convert)
	for i := 0; i < 2 && got > limit; i++ {
		got = min(got, allocated(convert))
	}
	if got > limit {
		t.Fatalf("%s of a %d-byte message allocated %d bytes, over the limit of %d", what, size, got, limit)
	}
}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
