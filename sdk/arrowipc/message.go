package arrowipc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// continuation marks an IPC message; a zero length after it ends the stream.
const continuation = 0xFFFFFFFF

// firstGrow is the most a read grows its buffer before bytes arrive.
const firstGrow = 64 << 10

// messageReader is an ipc.MessageReader that trusts no declared length:
// it checks each against the limits and reads it in growing steps.
type messageReader struct {
	r      io.Reader
	limits Limits
	read   int64 // bytes of the stream consumed so far
	msg    *ipc.Message
	refs   atomic.Int64
}

var _ ipc.MessageReader = (*messageReader)(nil)

func newMessageReader(r io.Reader, limits Limits) *messageReader {
	m := &messageReader{r: r, limits: limits}
	m.refs.Store(1)
	return m
}

// Message reads the next message; io.EOF at the end-of-stream marker or a
// clean end of input.
func (m *messageReader) Message() (msg *ipc.Message, err error) {
	defer func() {
		if p := recover(); p != nil {
			msg, err = nil, invalid("arrow/ipc: malformed message: %v", p)
		}
	}()
	metaLen, err := m.prefix()
	if err != nil {
		return nil, err
	}
	meta, err := m.readPart(metaLen, "message metadata")
	if err != nil {
		return nil, err
	}
	if err := verifyMessage(meta); err != nil {
		return nil, err
	}
	bodyLen := ipc.NewMessage(memory.NewBufferBytes(meta), memory.NewBufferBytes(nil)).BodyLen()
	if bodyLen < 0 {
		return nil, invalid("arrow/ipc: message declares a negative body length %d", bodyLen)
	}
	if bodyLen > m.limits.MaxMessageBytes-metaLen {
		return nil, tooLarge("arrow/ipc: a message declares %d body bytes; the limit is %d bytes a message", bodyLen, m.limits.MaxMessageBytes)
	}
	body, err := m.readPart(bodyLen, "message body")
	if err != nil {
		return nil, err
	}
	if m.msg != nil {
		m.msg.Release()
	}
	m.msg = ipc.NewMessage(memory.NewBufferBytes(meta), memory.NewBufferBytes(body))
	return m.msg, nil
}

// prefix reads a message's framing and returns its metadata length.
func (m *messageReader) prefix() (int64, error) {
	var hdr [4]byte
	if err := m.readFull(hdr[:]); err != nil {
		if errors.Is(err, io.EOF) {
			return 0, io.EOF // the stream may end without its marker
		}
		return 0, readFailed("a message prefix", err)
	}
	n := binary.LittleEndian.Uint32(hdr[:])
	switch n {
	case 0:
		return 0, io.EOF
	case continuation:
		if err := m.readFull(hdr[:]); err != nil {
			return 0, readFailed("a message length", unexpected(err))
		}
		n = binary.LittleEndian.Uint32(hdr[:])
		if n == 0 {
			return 0, io.EOF
		}
	}
	metaLen := int64(int32(n)) // lengths are signed 32-bit in the format
	if metaLen < 8 {
		return 0, invalid("arrow/ipc: invalid message metadata length %d", metaLen)
	}
	if metaLen > m.limits.MaxMetadataBytes {
		return 0, tooLarge("arrow/ipc: a message declares %d metadata bytes; the limit is %d", metaLen, m.limits.MaxMetadataBytes)
	}
	return metaLen, nil
}

// readFull reads exactly len(b) bytes, counting them.
func (m *messageReader) readFull(b []byte) error {
	if err := m.charge(int64(len(b))); err != nil {
		return err
	}
	_, err := io.ReadFull(m.r, b)
	return err
}

// readPart reads n declared bytes: it checks n against what the stream
// may still hold, then grows the buffer only as bytes arrive.
func (m *messageReader) readPart(n int64, what string) ([]byte, error) {
	if err := m.charge(n); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(int(min(n, firstGrow)))
	got, err := io.CopyN(&buf, m.r, n)
	if err != nil {
		return nil, readFailed(fmt.Sprintf("%s (got %d of %d bytes)", what, got, n), unexpected(err))
	}
	return buf.Bytes(), nil
}

// charge counts n more bytes of the stream against MaxBytes.
func (m *messageReader) charge(n int64) error {
	m.read += n
	if m.limits.MaxBytes > 0 && m.read > m.limits.MaxBytes {
		return tooLarge("arrow/ipc: the stream is larger than the limit of %d bytes", m.limits.MaxBytes)
	}
	return nil
}

func unexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// Retain adds a reference.
func (m *messageReader) Retain() { m.refs.Add(1) }

// Release drops a reference; the last one frees the current message.
func (m *messageReader) Release() {
	if m.refs.Add(-1) == 0 && m.msg != nil {
		m.msg.Release()
		m.msg = nil
	}
}
