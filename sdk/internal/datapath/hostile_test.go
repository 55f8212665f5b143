package datapath

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
)

// pipeClient returns a Client whose one connection is a pipe; plugin gets
// the request's bytes and writes what the plugin answers.
func pipeClient(t testing.TB, plugin func(req []byte, w io.Writer)) *Client {
	t.Helper()
	hostEnd, pluginEnd := net.Pipe()
	c := &Client{address: "pipe", idle: make(chan *clientConn, maxOpen), slots: make(chan struct{}, maxOpen)}
	c.slots <- struct{}{}
	c.idle <- &clientConn{c: hostEnd, fr: newFrameReader(hostEnd)}
	go func() {
		defer pluginEnd.Close()
		fr := newFrameReader(pluginEnd)
		t, arg, payload, err := fr.next(MaxPayload)
		if err != nil {
			return
		}
		req, _ := appendFrame(nil, t, arg, payload)
		plugin(req, pluginEnd)
	}()
	t.Cleanup(c.Close)
	return c
}

// silent is a plugin that answers nothing and keeps its end open until the
// test ends.
func silent(t testing.TB) func([]byte, io.Writer) {
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	return func([]byte, io.Writer) { <-done }
}

func frameBytes(t testing.TB, typ frameType, payload []byte) []byte {
	t.Helper()
	b, err := appendFrame(nil, typ, 0, payload)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func chunkBytes(t testing.TB, m *pb.ReadResponse) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return frameBytes(t, typeChunk, b)
}

func statusBytes(t testing.TB, code codes.Code, msg string) []byte {
	t.Helper()
	b, err := proto.Marshal(status.New(code, msg).Proto())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestHostileAnswers checks what the host makes of a plugin that breaks the
// frame protocol: an error with a clear code, never a hang or a panic.
func TestHostileAnswers(t *testing.T) {
	t.Parallel()
	oversized := make([]byte, headerLen)
	copy(oversized, []byte{0xff, 0xff, 0xff, 0xff, byte(typeChunk)})
	cases := []struct {
		name   string
		answer func(t testing.TB) []byte
		code   codes.Code
		text   string
	}{
		{"closes at once", func(testing.TB) []byte { return nil }, codes.Unavailable, "EOF"},
		{"half a header", func(testing.TB) []byte { return []byte{0, 0} }, codes.Unavailable, "EOF"},
		{"a payload cut short", func(testing.TB) []byte { return []byte{0, 0, 0, 9, byte(typeChunk), 0, 0, 0, 0, 0, 0, 0, 0, 1} },
			codes.Unavailable, "unexpected EOF"},
		{"a frame of 4 GiB", func(testing.TB) []byte { return oversized }, codes.Internal, "over the limit"},
		{"an unknown frame type", func(t testing.TB) []byte { return frameBytes(t, 0x7f, nil) }, codes.Internal, "frame type 0x7f"},
		{"an echo reply to a read", func(t testing.TB) []byte { return frameBytes(t, typeEchoReply, nil) }, codes.Internal, "frame type"},
		{"a chunk that does not decode", func(t testing.TB) []byte { return frameBytes(t, typeChunk, []byte{0xff, 0xff}) },
			codes.Internal, "does not decode"},
		{"an error frame that does not decode", func(t testing.TB) []byte { return frameBytes(t, typeError, []byte{0xff}) },
			codes.Internal, "does not decode"},
		{"an error frame with code OK", func(t testing.TB) []byte { return frameBytes(t, typeError, statusBytes(t, codes.OK, "fine")) },
			codes.Internal, "code OK"},
		{"an error frame", func(t testing.TB) []byte {
			return frameBytes(t, typeError, statusBytes(t, codes.NotFound, "no such view"))
		},
			codes.NotFound, "no such view"},
		{"chunks without end", func(t testing.TB) []byte { return chunkBytes(t, &pb.ReadResponse{}) }, codes.Unavailable, "EOF"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			answer := tc.answer(t)
			c := pipeClient(t, func(_ []byte, w io.Writer) { _, _ = w.Write(answer) })
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := c.Read(ctx, &pb.ReadRequest{Project: "p"}, func(*pb.ReadResponse) error { return nil })
			st, _ := status.FromError(err)
			if st.Code() != tc.code || !strings.Contains(st.Message(), tc.text) {
				t.Fatalf("Read = %v, want code %v with %q", err, tc.code, tc.text)
			}
		})
	}
}

func TestChunksReachTheCallerInOrder(t *testing.T) {
	t.Parallel()
	var answer bytes.Buffer
	for i := range 3 {
		answer.Write(chunkBytes(t, &pb.ReadResponse{Views: []*pb.ReadResponse_ViewRows{{FirstRow: uint32(i)}}}))
	}
	answer.Write(frameBytes(t, typeDone, nil))
	var gotReq []byte
	c := pipeClient(t, func(req []byte, w io.Writer) { gotReq = req; _, _ = w.Write(answer.Bytes()) })
	var firsts []uint32
	err := c.Read(context.Background(), &pb.ReadRequest{Project: "p"}, func(m *pb.ReadResponse) error {
		firsts = append(firsts, m.GetViews()[0].GetFirstRow())
		return nil
	})
	if err != nil || len(firsts) != 3 || firsts[0] != 0 || firsts[2] != 2 {
		t.Fatalf("Read = %v, chunks %v; want three chunks in order", err, firsts)
	}
	req := &pb.ReadRequest{}
	if frameType(gotReq[4]) != typeRead || proto.Unmarshal(gotReq[headerLen:], req) != nil || req.GetProject() != "p" {
		t.Errorf("the plugin got %x, want a Read frame of project p", gotReq)
	}
	// The connection went back to the pool.
	if len(c.idle) != 1 {
		t.Errorf("%d idle connections after a clean answer, want 1", len(c.idle))
	}
}

func TestCallerErrorStopsTheReadAndDropsTheConnection(t *testing.T) {
	t.Parallel()
	answer := append(chunkBytes(t, &pb.ReadResponse{}), chunkBytes(t, &pb.ReadResponse{})...)
	c := pipeClient(t, func(_ []byte, w io.Writer) { _, _ = w.Write(answer) })
	stop := errors.New("enough")
	calls := 0
	err := c.Read(context.Background(), &pb.ReadRequest{}, func(*pb.ReadResponse) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("Read = %v after %d calls, want the caller's error after 1", err, calls)
	}
	if len(c.idle) != 0 || len(c.slots) != 0 {
		t.Errorf("a connection in the middle of an answer was kept (idle %d, open %d)", len(c.idle), len(c.slots))
	}
}

func TestSilentPluginEndsAtTheDeadline(t *testing.T) {
	t.Parallel()
	c := pipeClient(t, silent(t)) // answers nothing, keeps the pipe open
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := c.Read(ctx, &pb.ReadRequest{}, func(*pb.ReadResponse) error { return nil })
	if status.Code(err) != codes.DeadlineExceeded || time.Since(start) > 5*time.Second {
		t.Fatalf("Read = %v after %v, want DeadlineExceeded soon after 100ms", err, time.Since(start))
	}
}

func TestCancelEndsAWaitingRead(t *testing.T) {
	t.Parallel()
	c := pipeClient(t, silent(t))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	err := c.Read(ctx, &pb.ReadRequest{}, func(*pb.ReadResponse) error { return nil })
	if status.Code(err) != codes.Canceled {
		t.Fatalf("Read = %v, want Canceled", err)
	}
}

func TestDialRefusesWhatAPluginShouldNotAnswer(t *testing.T) {
	t.Parallel()
	good := func() *pb.OpenDataPathResponse {
		return &pb.OpenDataPathResponse{Network: "unix", Address: "/nonexistent/quiver-data-x/data.sock", Token: make([]byte, 32), Version: Version}
	}
	for name, mutate := range map[string]func(*pb.OpenDataPathResponse){
		"tcp":            func(r *pb.OpenDataPathResponse) { r.Network = "tcp" },
		"version 2":      func(r *pb.OpenDataPathResponse) { r.Version = 2 },
		"no address":     func(r *pb.OpenDataPathResponse) { r.Address = "" },
		"long address":   func(r *pb.OpenDataPathResponse) { r.Address = "/" + strings.Repeat("a", 300) },
		"short token":    func(r *pb.OpenDataPathResponse) { r.Token = []byte("x") },
		"huge token":     func(r *pb.OpenDataPathResponse) { r.Token = make([]byte, 1<<20) },
		"no such socket": func(*pb.OpenDataPathResponse) {},
	} {
		r := good()
		mutate(r)
		if c, err := Dial(context.Background(), r); err == nil {
			c.Close()
			t.Errorf("%s: Dial succeeded", name)
		}
	}
}
