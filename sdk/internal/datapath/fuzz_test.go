package datapath

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
)

// FuzzClientAnswer feeds the host side arbitrary bytes as a plugin's answer
// to a Read: it must end with an answer or an error, never panic or hang.
func FuzzClientAnswer(f *testing.F) {
	f.Add(chunkBytes(f, &pb.ReadResponse{Views: []*pb.ReadResponse_ViewRows{{Found: []bool{true}}}}))
	f.Add(append(chunkBytes(f, &pb.ReadResponse{}), frameBytes(f, typeDone, nil)...))
	f.Add(frameBytes(f, typeError, statusBytes(f, codes.NotFound, "x")))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x81})
	f.Fuzz(func(t *testing.T, answer []byte) {
		c := pipeClient(t, func(_ []byte, w io.Writer) { _, _ = w.Write(answer) })
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := c.Read(ctx, &pb.ReadRequest{}, func(*pb.ReadResponse) error { return nil })
		if status.Code(err) == codes.DeadlineExceeded {
			t.Fatalf("Read hung on %x", answer)
		}
	})
}

// FuzzServerRequest feeds the plugin side arbitrary bytes after a valid
// token: it must answer or close, never panic.
func FuzzServerRequest(f *testing.F) {
	read, _ := appendFrame(nil, typeRead, 1000, nil)
	echo, _ := appendFrame(nil, typeEcho, 0, []byte("x"))
	traced, _ := appendFrame(nil, typeReadTraced, 1000,
		append([]byte{55}, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"...))
	f.Add(read)
	f.Add(echo)
	f.Add(traced)
	f.Add([]byte{0, 0, 0, 1, byte(typeReadTraced), 0, 0, 0, 0, 0, 0, 0, 0, 200})
	f.Add([]byte{0, 0, 0, 2, byte(typeRead), 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, input []byte) {
		s := &Server{read: echoRead, token: []byte("0123456789abcdef"), ctx: context.Background()}
		hostEnd, pluginEnd := net.Pipe()
		done := make(chan struct{})
		go func() { defer close(done); s.serveConn(pluginEnd) }()
		go func() { _, _ = io.Copy(io.Discard, hostEnd) }()
		hello, _ := appendFrame(nil, typeHello, 0, s.token)
		_ = hostEnd.SetWriteDeadline(time.Now().Add(5 * time.Second))
		_, _ = hostEnd.Write(append(hello, input...))
		hostEnd.Close()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("the server did not end after %x", input)
		}
	})
}
