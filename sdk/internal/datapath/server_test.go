package datapath

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
)

// echoRead answers every Read with one chunk naming the project's length
// as first_row, or with NotFound for project "missing".
func echoRead(_ context.Context, req *pb.ReadRequest, send func(*pb.ReadResponse) error) error {
	if req.GetProject() == "missing" {
		return status.Error(codes.NotFound, "no project missing")
	}
	return send(&pb.ReadResponse{Views: []*pb.ReadResponse_ViewRows{{FirstRow: uint32(len(req.GetProject()))}}})
}

func listen(t *testing.T, read ReadFunc) *Server {
	t.Helper()
	s, err := Listen(read, hclog.NewNullLogger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func TestReadAndEchoThroughASocket(t *testing.T) {
	t.Parallel()
	s := listen(t, echoRead)
	info := s.Info()
	fi, err := os.Stat(filepath.Dir(info.GetAddress()))
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("socket directory: %v, mode %v; want 0700", err, fi.Mode().Perm())
	}
	c, err := Dial(context.Background(), info)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var first uint32
	if err := c.Read(context.Background(), &pb.ReadRequest{Project: "four"}, func(m *pb.ReadResponse) error {
		first = m.GetViews()[0].GetFirstRow()
		return nil
	}); err != nil || first != 4 {
		t.Fatalf("Read = %v, first_row %d; want 4", err, first)
	}
	err = c.Read(context.Background(), &pb.ReadRequest{Project: "missing"}, func(*pb.ReadResponse) error { return nil })
	if status.Code(err) != codes.NotFound {
		t.Fatalf("Read of a missing project = %v, want NotFound", err)
	}
	big := make([]byte, 1<<20)
	for i := range big {
		big[i] = byte(i)
	}
	got, err := c.Echo(context.Background(), big)
	if err != nil || string(got) != string(big) {
		t.Fatalf("Echo of 1 MiB: %v, %d bytes back", err, len(got))
	}
	if _, err := c.Echo(context.Background(), make([]byte, MaxPayload+1)); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("Echo over the limit = %v, want InvalidArgument", err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Dir(info.GetAddress())); !os.IsNotExist(err) {
		t.Errorf("the socket directory outlived Close: %v", err)
	}
}

func TestAConnectionWithoutTheTokenIsNotServed(t *testing.T) {
	t.Parallel()
	s := listen(t, echoRead)
	for name, hello := range map[string][]byte{
		"wrong token": mustFrame(t, typeHello, []byte("not the token at all, 32 bytes!!")),
		"no hello":    mustFrame(t, typeEcho, []byte("hi")),
	} {
		nc, err := net.Dial("unix", s.Info().GetAddress())
		if err != nil {
			t.Fatal(err)
		}
		_, _ = nc.Write(append(hello, mustFrame(t, typeEcho, []byte("hi"))...))
		_ = nc.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := io.ReadFull(nc, make([]byte, 1))
		if n != 0 || err != io.EOF {
			t.Errorf("%s: the plugin answered (%d bytes, %v); want the connection closed", name, n, err)
		}
		nc.Close()
	}
}

func TestAnOversizedHelloIsRefusedAtOnce(t *testing.T) {
	t.Parallel()
	s := listen(t, echoRead)
	nc, err := net.Dial("unix", s.Info().GetAddress())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	// A header announcing a 1 MiB token, and nothing after it: the plugin
	// must not wait for (or make room for) a megabyte from a stranger.
	_, _ = nc.Write([]byte{0, 0x10, 0, 0, byte(typeHello), 0, 0, 0, 0, 0, 0, 0, 0})
	start := time.Now()
	_ = nc.SetReadDeadline(time.Now().Add(4 * time.Second))
	if n, err := io.ReadFull(nc, make([]byte, 1)); n != 0 || err != io.EOF {
		t.Fatalf("read = %d, %v; want the connection closed", n, err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the plugin took %v to close the connection; want at once", took)
	}
}

func mustFrame(t testing.TB, typ frameType, payload []byte) []byte {
	t.Helper()
	b, err := appendFrame(nil, typ, 0, payload)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
