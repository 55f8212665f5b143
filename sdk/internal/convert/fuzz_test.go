package convert

import (
	"testing"

	"google.golang.org/protobuf/proto"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
)

// The fuzz targets decode their input as one request message, as a plugin's
// gRPC server would, and check that converting it never panics, allocates
// in proportion to the message (no make() sized by a declared count), and
// that what converts survives a trip back to proto and again unchanged.
// The shim answers every conversion error with InvalidArgument
// (shim's malformed_test.go checks that).

func FuzzReadRequestFromProto(f *testing.F) {
	addMessages(f, seedReads(f)...)
	f.Fuzz(func(t *testing.T, b []byte) {
		p := &pb.ReadRequest{}
		if proto.Unmarshal(b, p) != nil {
			return
		}
		var r *onlinestore.ReadRequest
		var err error
		checkAllocs(t, "ReadRequestFromProto", len(b), func() { r, err = ReadRequestFromProto(p) })
		if err != nil {
			return
		}
		back, err := ReadRequestToProto(r)
		if err != nil {
			t.Fatalf("ReadRequestToProto of a converted request: %v", err)
		}
		again, err := ReadRequestFromProto(back)
		if err != nil {
			t.Fatalf("ReadRequestFromProto of a request converted back: %v", err)
		}
		if a, b := canonRead(r), canonRead(again); a != b {
			t.Fatalf("read request changed on a round trip:\n%s\n%s", a, b)
		}
	})
}

func FuzzOnlineWriteBatchRequestFromProto(f *testing.F) {
	addMessages(f, seedWrites(f)...)
	f.Fuzz(func(t *testing.T, b []byte) {
		p := &pb.OnlineWriteBatchRequest{}
		if proto.Unmarshal(b, p) != nil {
			return
		}
		var r *onlinestore.WriteBatchRequest
		var err error
		checkAllocs(t, "OnlineWriteBatchRequestFromProto", len(b), func() { r, err = OnlineWriteBatchRequestFromProto(p) })
		if err != nil {
			return
		}
		back, err := WriteChunkToProto(r, r.Rows)
		if err != nil {
			t.Fatalf("WriteChunkToProto of a converted chunk: %v", err)
		}
		again, err := OnlineWriteBatchRequestFromProto(back)
		if err != nil {
			t.Fatalf("OnlineWriteBatchRequestFromProto of a chunk converted back: %v", err)
		}
		if a, b := canonWrite(r), canonWrite(again); a != b {
			t.Fatalf("write chunk changed on a round trip:\n%s\n%s", a, b)
		}
	})
}

func FuzzSearchVectorsRequestFromProto(f *testing.F) {
	addMessages(f, seedSearches()...)
	f.Fuzz(func(t *testing.T, b []byte) {
		p := &pb.SearchVectorsRequest{}
		if proto.Unmarshal(b, p) != nil {
			return
		}
		var r *onlinestore.SearchVectorsRequest
		var err error
		checkAllocs(t, "SearchVectorsRequestFromProto", len(b), func() { r, err = SearchVectorsRequestFromProto(p) })
		if err != nil {
			return
		}
		again, err := SearchVectorsRequestFromProto(SearchVectorsRequestToProto(r))
		if err != nil {
			t.Fatalf("SearchVectorsRequestFromProto of a request converted back: %v", err)
		}
		if a, b := canonSearch(r), canonSearch(again); a != b {
			t.Fatalf("search request changed on a round trip:\n%s\n%s", a, b)
		}
	})
}

func FuzzPullRequestFromProto(f *testing.F) {
	addMessages(f, seedPulls(f)...)
	f.Fuzz(func(t *testing.T, b []byte) {
		p := &pb.PullRequest{}
		if proto.Unmarshal(b, p) != nil {
			return
		}
		var r *offlinestore.PullRequest
		var err error
		checkAllocs(t, "PullRequestFromProto", len(b), func() { r, err = PullRequestFromProto(p) })
		if err != nil {
			return
		}
		back, err := PullRequestToProto(r)
		if err != nil {
			t.Fatalf("PullRequestToProto of a converted request: %v", err)
		}
		again, err := PullRequestFromProto(back)
		if err != nil {
			t.Fatalf("PullRequestFromProto of a request converted back: %v", err)
		}
		if a, b := canonPull(r), canonPull(again); a != b {
			t.Fatalf("pull request changed on a round trip:\n%s\n%s", a, b)
		}
	})
}
