package datapath

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/quiverfs/quiver/sdk/internal/handshake"
)

// Version is the frame format version OpenDataPath announces. Version 2
// adds typeReadTraced; a host speaks to a plugin of version 1 without it.
const Version = 2

// minVersion is the oldest frame format a host speaks.
const minVersion = 1

// headerLen is the size of a frame header.
const headerLen = 13

// MaxPayload is the largest frame payload either end sends or accepts, as
// for a gRPC message.
const MaxPayload = handshake.MaxMessageBytes

// keepBuffer is the largest read buffer a connection keeps between frames;
// a larger one, grown for a big frame, is dropped after use.
const keepBuffer = 256 << 10

// frameType says what a frame carries.
type frameType byte

// Host to plugin.
const (
	typeHello frameType = 1 // payload: the token; first frame of a connection
	typeRead  frameType = 2 // payload: ReadRequest; argument: timeout in µs, 0 for none
	typeEcho  frameType = 3 // payload: any bytes, answered as they are
	// typeReadTraced is typeRead whose payload starts with the caller's
	// trace context: one byte n (at most maxTraceContext), n bytes of a W3C
	// traceparent header, then the ReadRequest. Version 2.
	typeReadTraced frameType = 4
)

// maxTraceContext bounds the traceparent of a typeReadTraced frame (one is
// 55 bytes).
const maxTraceContext = 128

// Plugin to host.
const (
	typeChunk     frameType = 0x81 // payload: ReadResponse, one chunk of the answer
	typeDone      frameType = 0x82 // the request is answered
	typeError     frameType = 0x83 // payload: google.rpc.Status; the request failed
	typeEchoReply frameType = 0x84 // payload: the echo's payload
)

var errFrameTooLarge = errors.New("frame payload over the limit")

// beginFrame starts a frame of type t with argument arg in buf (reused):
// the payload is appended after it, then endFrame fills in its length.
func beginFrame(buf []byte, t frameType, arg uint64) []byte {
	buf = append(buf[:0], 0, 0, 0, 0, byte(t))
	return binary.BigEndian.AppendUint64(buf, arg)
}

// endFrame writes the payload length into the header begun by beginFrame.
func endFrame(buf []byte) ([]byte, error) {
	n := len(buf) - headerLen
	if n > MaxPayload {
		return buf, fmt.Errorf("%w: %d bytes, the limit is %d", errFrameTooLarge, n, MaxPayload)
	}
	binary.BigEndian.PutUint32(buf[:4], uint32(n))
	return buf, nil
}

// appendFrame is beginFrame, payload, endFrame.
func appendFrame(buf []byte, t frameType, arg uint64, payload []byte) ([]byte, error) {
	return endFrame(append(beginFrame(buf, t, arg), payload...))
}

// frameReader reads frames from one connection, reusing its buffers.
type frameReader struct {
	r   *bufio.Reader
	hdr [headerLen]byte
	buf []byte
}

func newFrameReader(r io.Reader) *frameReader {
	return &frameReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// next reads one frame. The payload is valid until the next call. A
// payload over limit (at most MaxPayload) is refused before anything is
// allocated for it.
func (fr *frameReader) next(limit int) (frameType, uint64, []byte, error) {
	if _, err := io.ReadFull(fr.r, fr.hdr[:]); err != nil {
		return 0, 0, nil, err
	}
	n := binary.BigEndian.Uint32(fr.hdr[:4])
	if int64(n) > int64(min(limit, MaxPayload)) {
		return 0, 0, nil, fmt.Errorf("%w: %d bytes, the limit is %d", errFrameTooLarge, n, min(limit, MaxPayload))
	}
	if int(n) > cap(fr.buf) {
		fr.buf = make([]byte, n)
	}
	payload := fr.buf[:n]
	if _, err := io.ReadFull(fr.r, payload); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return 0, 0, nil, err
	}
	return frameType(fr.hdr[4]), binary.BigEndian.Uint64(fr.hdr[5:]), payload, nil
}

// release drops a read buffer grown over keepBuffer, so that an idle
// connection holds no more than that.
func (fr *frameReader) release() {
	if cap(fr.buf) > keepBuffer {
		fr.buf = nil
	}
}
