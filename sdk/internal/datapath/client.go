package datapath

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"time"

	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
)

// Limits of the host side.
const (
	// maxOpen bounds the connections a Client opens; a request that finds
	// them all busy waits for one (or for its context).
	maxOpen = 64
	// minToken and maxToken bound the token a plugin may hand out.
	minToken, maxToken = 16, 256
	// maxAddress bounds the socket path a plugin may name.
	maxAddress = 200
)

// Client is the host side of a plugin's data path: a pool of connections,
// each carrying one request at a time. It is safe for concurrent use.
type Client struct {
	address string
	token   []byte
	idle    chan *clientConn
	slots   chan struct{}
	closed  atomic.Bool
	// traced: the plugin takes typeReadTraced (version 2).
	traced bool
}

// clientConn is the host side of one connection.
type clientConn struct {
	c   net.Conn
	fr  *frameReader
	out []byte
}

// Dial checks what OpenDataPath answered and returns a client for it, after
// one echo through a first connection.
func Dial(ctx context.Context, info *pb.OpenDataPathResponse) (*Client, error) {
	switch {
	case info.GetNetwork() != "unix":
		return nil, fmt.Errorf("data path: network %q, want unix", truncate(info.GetNetwork()))
	case info.GetVersion() < minVersion || info.GetVersion() > Version:
		return nil, fmt.Errorf("data path: frame version %d, the host speaks %d to %d", info.GetVersion(), minVersion, Version)
	case info.GetAddress() == "" || len(info.GetAddress()) > maxAddress:
		return nil, fmt.Errorf("data path: a socket path of %d bytes (1 to %d allowed)", len(info.GetAddress()), maxAddress)
	case len(info.GetToken()) < minToken || len(info.GetToken()) > maxToken:
		return nil, fmt.Errorf("data path: a token of %d bytes (%d to %d allowed)", len(info.GetToken()), minToken, maxToken)
	}
	c := &Client{address: info.GetAddress(), token: append([]byte(nil), info.GetToken()...),
		idle: make(chan *clientConn, maxOpen), slots: make(chan struct{}, maxOpen), traced: info.GetVersion() >= 2}
	ping := []byte("quiver")
	got, err := c.Echo(ctx, ping)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("data path: the first echo failed: %w", err)
	}
	if string(got) != string(ping) {
		c.Close()
		return nil, errors.New("data path: the first echo came back different")
	}
	return c, nil
}

// Address returns the socket's path.
func (c *Client) Address() string { return c.address }

// Close closes the idle connections; busy ones close when their request
// ends. Later requests fail.
func (c *Client) Close() {
	c.closed.Store(true)
	for {
		select {
		case cn := <-c.idle:
			c.discard(cn)
		default:
			return
		}
	}
}

// Read sends req and calls onChunk with each chunk of the answer, in order.
// The chunk is valid only during the call. Errors are gRPC status errors,
// as over gRPC, except those onChunk returns, which come back as they are.
func (c *Client) Read(ctx context.Context, req *pb.ReadRequest, onChunk func(*pb.ReadResponse) error) error {
	var timeout uint64
	if dl, ok := ctx.Deadline(); ok {
		timeout = uint64(max(time.Until(dl).Microseconds(), 1))
	}
	msg := &pb.ReadResponse{}
	t, traceparent := typeRead, ""
	if c.traced {
		if traceparent = traceParent(ctx); traceparent != "" {
			t = typeReadTraced
		}
	}
	return c.do(ctx, t, timeout, func(out []byte) ([]byte, error) {
		if t == typeReadTraced {
			out = append(append(out, byte(len(traceparent))), traceparent...)
		}
		return (proto.MarshalOptions{}).MarshalAppend(out, req)
	}, func(t frameType, payload []byte) (bool, error) {
		switch t {
		case typeChunk:
			proto.Reset(msg)
			if err := proto.Unmarshal(payload, msg); err != nil {
				return false, protocolErr("a read chunk does not decode: %v", err)
			}
			return false, onChunk(msg)
		case typeDone:
			return true, nil
		}
		return false, protocolErr("frame type %#x in a read answer", byte(t))
	})
}

// Echo sends payload through the data path and returns what came back.
func (c *Client) Echo(ctx context.Context, payload []byte) ([]byte, error) {
	var got []byte
	err := c.do(ctx, typeEcho, 0, func(out []byte) ([]byte, error) {
		return append(out, payload...), nil
	}, func(t frameType, p []byte) (bool, error) {
		if t != typeEchoReply {
			return false, protocolErr("frame type %#x in an echo answer", byte(t))
		}
		got = append([]byte(nil), p...)
		return true, nil
	})
	return got, err
}

// errProtocol marks an answer that breaks the frame protocol.
type errProtocol struct{ msg string }

func (e errProtocol) Error() string { return e.msg }

func protocolErr(format string, args ...any) error {
	return errProtocol{fmt.Sprintf(format, args...)}
}

// do runs one request on a connection of the pool: body appends the
// request's payload, onFrame takes each answer frame until it says done.
// An Error frame ends the request with the plugin's status.
func (c *Client) do(ctx context.Context, t frameType, arg uint64,
	body func([]byte) ([]byte, error), onFrame func(frameType, []byte) (bool, error)) (err error) {
	cn, err := c.get(ctx)
	if err != nil {
		return err
	}
	dl, _ := ctx.Deadline()
	_ = cn.c.SetDeadline(dl)
	interrupt := context.AfterFunc(ctx, func() { _ = cn.c.SetDeadline(time.Unix(1, 0)) })
	reusable := false
	defer func() {
		if !interrupt() {
			reusable = false // the deadline was moved into the past
		}
		cn.fr.release()
		c.put(cn, reusable)
	}()
	if cn.out, err = body(beginFrame(cn.out, t, arg)); err != nil {
		return status.Errorf(codes.InvalidArgument, "data path: encoding the request: %v", err)
	}
	if cn.out, err = endFrame(cn.out); err != nil {
		return status.Errorf(codes.InvalidArgument, "data path: %v", err)
	}
	if _, err := cn.c.Write(cn.out); err != nil {
		return c.transportErr(ctx, err)
	}
	if cap(cn.out) > keepBuffer {
		cn.out = nil
	}
	for {
		ft, _, payload, err := cn.fr.next(MaxPayload)
		if err != nil {
			return c.transportErr(ctx, err)
		}
		if ft == typeError {
			reusable = true
			return statusFrame(payload)
		}
		done, err := onFrame(ft, payload)
		var pe errProtocol
		switch {
		case errors.As(err, &pe):
			return status.Error(codes.Internal, "plugin broke the data path protocol: "+pe.msg)
		case err != nil:
			return err // onChunk's; the rest of the answer is not read
		case done:
			reusable = true
			return nil
		}
	}
}

// statusFrame returns the error an Error frame carries.
func statusFrame(payload []byte) error {
	sp := &spb.Status{}
	if err := proto.Unmarshal(payload, sp); err != nil {
		return status.Errorf(codes.Internal, "plugin broke the data path protocol: an error frame does not decode: %v", err)
	}
	if codes.Code(sp.GetCode()) == codes.OK {
		return status.Error(codes.Internal, "plugin broke the data path protocol: an error frame with code OK")
	}
	return status.ErrorProto(sp)
}

// transportErr is the error of a broken connection: the context's when it
// ended, else Unavailable.
func (c *Client) transportErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return status.FromContextError(ctx.Err()).Err()
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		// The connection's deadline is the context's, or was moved into
		// the past when the context was cancelled; the context may not
		// say so yet.
		if _, ok := ctx.Deadline(); ok {
			return status.Error(codes.DeadlineExceeded, "data path: "+context.DeadlineExceeded.Error())
		}
		return status.Error(codes.Canceled, "data path: "+context.Canceled.Error())
	}
	if errors.Is(err, errFrameTooLarge) {
		return status.Error(codes.Internal, "plugin broke the data path protocol: "+err.Error())
	}
	return status.Errorf(codes.Unavailable, "data path: %v", err)
}

// get takes an idle connection, or opens one while fewer than maxOpen are
// open, or waits for one.
func (c *Client) get(ctx context.Context) (*clientConn, error) {
	if c.closed.Load() {
		return nil, status.Error(codes.Unavailable, "data path: closed")
	}
	select {
	case cn := <-c.idle:
		return cn, nil
	default:
	}
	select {
	case cn := <-c.idle:
		return cn, nil
	case c.slots <- struct{}{}:
		cn, err := c.dial(ctx)
		if err != nil {
			<-c.slots
			return nil, c.transportErr(ctx, err)
		}
		return cn, nil
	case <-ctx.Done():
		return nil, status.FromContextError(ctx.Err()).Err()
	}
}

// dial opens a connection and sends the token.
func (c *Client) dial(ctx context.Context) (*clientConn, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, "unix", c.address)
	if err != nil {
		return nil, err
	}
	cn := &clientConn{c: nc, fr: newFrameReader(nc)}
	if cn.out, err = appendFrame(nil, typeHello, 0, c.token); err == nil {
		_, err = nc.Write(cn.out)
	}
	if err != nil {
		_ = nc.Close()
		return nil, err
	}
	return cn, nil
}

// put returns a connection to the pool, or closes it.
func (c *Client) put(cn *clientConn, reusable bool) {
	if !reusable || c.closed.Load() {
		c.discard(cn)
		return
	}
	c.idle <- cn // never blocks: at most maxOpen connections exist
	if c.closed.Load() {
		c.Close()
	}
}

func (c *Client) discard(cn *clientConn) {
	_ = cn.c.Close()
	<-c.slots
}

// truncate shortens a string a plugin sent before it goes into an error.
func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
