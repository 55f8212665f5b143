package datapath

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
)

// ReadFunc answers a Read: it calls send for each chunk, in order, and
// returns a gRPC status error when the read fails (as the gRPC handler
// does).
type ReadFunc func(ctx context.Context, req *pb.ReadRequest, send func(*pb.ReadResponse) error) error

// Limits of the plugin side.
const (
	// maxConns bounds the connections served at once; more are closed.
	maxConns = 256
	// helloTimeout bounds how long a new connection may take to send its
	// token.
	helloTimeout = 5 * time.Second
	// maxTimeout bounds the timeout a request may ask for.
	maxTimeout = time.Hour
	// SocketName is the file name of the socket in its directory, and
	// DirPrefix starts the directory's name: the host removes only a socket
	// so named when the plugin is gone.
	SocketName = "data.sock"
	DirPrefix  = "quiver-data-"
	// maxSocketPath is the longest socket path Listen uses (Linux allows
	// 107 bytes).
	maxSocketPath = 100
)

// Server serves the data path of one online store.
type Server struct {
	read   ReadFunc
	logger hclog.Logger
	lis    net.Listener
	dir    string
	token  []byte
	slots  chan struct{}
	ctx    context.Context
	stop   context.CancelFunc
	once   sync.Once
}

// Listen opens the socket, in a new directory under the temporary
// directory (or /tmp when that path would be too long), and serves it until
// Close.
func Listen(read ReadFunc, logger hclog.Logger) (*Server, error) {
	dir, err := socketDir()
	if err != nil {
		return nil, err
	}
	lis, err := net.Listen("unix", filepath.Join(dir, SocketName))
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("data path: %w", err)
	}
	token := make([]byte, 32)
	_, _ = rand.Read(token)
	ctx, stop := context.WithCancel(context.Background())
	s := &Server{read: read, logger: logger, lis: lis, dir: dir, token: token,
		slots: make(chan struct{}, maxConns), ctx: ctx, stop: stop}
	open.Store(s, struct{}{})
	go s.serve()
	return s, nil
}

// socketDir makes a directory only this user can enter, for the socket.
func socketDir() (string, error) {
	for _, parent := range []string{os.TempDir(), "/tmp"} {
		dir, err := os.MkdirTemp(parent, DirPrefix)
		if err != nil {
			continue
		}
		if len(filepath.Join(dir, SocketName)) <= maxSocketPath {
			return dir, nil
		}
		_ = os.Remove(dir)
	}
	return "", errors.New("data path: no temporary directory with a short enough path for a socket")
}

// Info is the answer to OpenDataPath.
func (s *Server) Info() *pb.OpenDataPathResponse {
	return &pb.OpenDataPathResponse{Network: "unix", Address: s.lis.Addr().String(), Token: s.token, Version: Version}
}

// Close stops serving, closes the listener and removes the socket's
// directory. Requests under way end with their connections.
func (s *Server) Close() {
	s.once.Do(func() {
		open.Delete(s)
		s.stop()
		_ = s.lis.Close()
		_ = os.RemoveAll(s.dir)
	})
}

// open holds the servers of this process not yet closed.
var open sync.Map // *Server -> struct{}

// CloseAll closes every server of this process: a plugin calls it before
// it exits, so that no socket outlives it.
func CloseAll() {
	open.Range(func(k, _ any) bool {
		k.(*Server).Close()
		return true
	})
}

func (s *Server) serve() {
	var backoff time.Duration
	for {
		c, err := s.lis.Accept()
		if err != nil {
			if s.ctx.Err() != nil {
				return
			}
			// Out of file descriptors and the like: wait and try again,
			// as net/http does.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			s.logger.Warn("data path: accepting a connection failed; retrying", "error", err, "in", backoff)
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		select {
		case s.slots <- struct{}{}:
			go func() {
				defer func() { <-s.slots }()
				s.serveConn(c)
			}()
		default:
			s.logger.Warn("data path: too many connections; closing a new one", "limit", maxConns)
			_ = c.Close()
		}
	}
}

// serverConn is the plugin side of one connection.
type serverConn struct {
	c   net.Conn
	fr  *frameReader
	w   *bufio.Writer
	out []byte
}

func (s *Server) serveConn(c net.Conn) {
	defer c.Close()
	stop := context.AfterFunc(s.ctx, func() { _ = c.Close() })
	defer stop()
	sc := &serverConn{c: c, fr: newFrameReader(c), w: bufio.NewWriterSize(c, 64<<10)}
	_ = c.SetReadDeadline(time.Now().Add(helloTimeout))
	t, _, payload, err := sc.fr.next(maxToken)
	if err != nil || t != typeHello || subtle.ConstantTimeCompare(payload, s.token) != 1 {
		return // no token, no service; nothing is answered
	}
	_ = c.SetReadDeadline(time.Time{})
	for {
		sc.fr.release()
		t, arg, payload, err := sc.fr.next(MaxPayload)
		if err != nil {
			return
		}
		switch t {
		case typeRead:
			err = s.handleRead(sc, arg, payload, "")
		case typeReadTraced:
			n := 0
			if len(payload) > 0 {
				n = int(payload[0])
			}
			if len(payload) == 0 || n > maxTraceContext || 1+n > len(payload) {
				return // a frame that breaks its own layout is not answered
			}
			err = s.handleRead(sc, arg, payload[1+n:], string(payload[1:1+n]))
		case typeEcho:
			err = sc.send(typeEchoReply, 0, payload)
		default:
			return // a host that sends what it should not is not answered
		}
		if err == nil {
			err = sc.w.Flush()
		}
		if err != nil {
			return
		}
	}
}

// handleRead answers one Read, in the trace of traceparent when it names
// one. It returns only errors writing the answer.
func (s *Server) handleRead(sc *serverConn, timeout uint64, payload []byte, traceparent string) error {
	req := &pb.ReadRequest{}
	if err := proto.Unmarshal(payload, req); err != nil {
		return sc.sendStatus(status.Newf(codes.InvalidArgument, "read: the request does not decode: %v", err))
	}
	ctx, cancel := s.ctx, context.CancelFunc(func() {})
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, min(time.Duration(timeout)*time.Microsecond, maxTimeout))
	}
	defer cancel()
	if traceparent != "" {
		ctx = withTraceParent(ctx, traceparent)
	}
	var writeErr error
	err := s.read(ctx, req, func(m *pb.ReadResponse) error {
		sc.out = beginFrame(sc.out, typeChunk, 0)
		var err error
		if sc.out, err = (proto.MarshalOptions{}).MarshalAppend(sc.out, m); err != nil {
			return status.Errorf(codes.Internal, "read: encoding an answer chunk: %v", err)
		}
		if sc.out, err = endFrame(sc.out); err != nil {
			return status.Errorf(codes.Internal, "read: %v", err)
		}
		if _, err := sc.w.Write(sc.out); err != nil {
			writeErr = err
			return err
		}
		return nil
	})
	switch {
	case writeErr != nil:
		return writeErr
	case err != nil:
		return sc.sendStatus(status.Convert(err))
	}
	return sc.send(typeDone, 0, nil)
}

// send writes one frame to the connection's buffer.
func (sc *serverConn) send(t frameType, arg uint64, payload []byte) error {
	var err error
	if sc.out, err = appendFrame(sc.out, t, arg, payload); err != nil {
		return err
	}
	_, err = sc.w.Write(sc.out)
	return err
}

// sendStatus sends an Error frame.
func (sc *serverConn) sendStatus(st *status.Status) error {
	b, err := proto.Marshal(st.Proto())
	if err != nil || len(b) > MaxPayload {
		b, _ = proto.Marshal(status.New(codes.Internal, "read failed; its error did not encode").Proto())
	}
	return sc.send(typeError, 0, b)
}
