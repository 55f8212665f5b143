// Package arrowstream carries Arrow IPC streams over gRPC streams: a Writer
// cuts the IPC bytes into chunks of at most handshake.ChunkBytes, a Reader
// concatenates received chunks back into one IPC stream.
package arrowstream

import (
	"bytes"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"

	"github.com/quiverfs/quiver/sdk/arrowipc"
	"github.com/quiverfs/quiver/sdk/internal/handshake"
)

// ChunkWriter is an io.Writer that sends each flushed chunk with send.
type ChunkWriter struct {
	buf  bytes.Buffer
	send func([]byte) error
	max  int
}

// NewChunkWriter returns a writer that calls send with chunks of at most
// handshake.ChunkBytes.
func NewChunkWriter(send func([]byte) error) *ChunkWriter {
	return &ChunkWriter{send: send, max: handshake.ChunkBytes}
}

// Write buffers p and sends full chunks.
func (w *ChunkWriter) Write(p []byte) (int, error) {
	n, _ := w.buf.Write(p)
	for w.buf.Len() >= w.max {
		if err := w.send(w.buf.Next(w.max)); err != nil {
			return n, err
		}
	}
	return n, nil
}

// Flush sends whatever is buffered.
func (w *ChunkWriter) Flush() error {
	if w.buf.Len() == 0 {
		return nil
	}
	chunk := append([]byte(nil), w.buf.Bytes()...)
	w.buf.Reset()
	return w.send(chunk)
}

// WriteRecords writes every record of r as one IPC stream through send and
// returns the number of rows written.
func WriteRecords(r array.RecordReader, send func([]byte) error) (int64, error) {
	w := NewChunkWriter(send)
	iw := ipc.NewWriter(w, ipc.WithSchema(r.Schema()))
	var rows int64
	for r.Next() {
		rec := r.RecordBatch()
		if err := iw.Write(rec); err != nil {
			return rows, err
		}
		rows += rec.NumRows()
	}
	if err := r.Err(); err != nil {
		return rows, err
	}
	if err := iw.Close(); err != nil {
		return rows, err
	}
	return rows, w.Flush()
}

// ChunkReader is an io.Reader over chunks returned by recv; recv returns
// io.EOF after the last chunk.
type ChunkReader struct {
	recv func() ([]byte, error)
	cur  []byte
}

// NewChunkReader returns a reader over the chunks recv yields.
func NewChunkReader(recv func() ([]byte, error)) *ChunkReader {
	return &ChunkReader{recv: recv}
}

// Read implements io.Reader.
func (r *ChunkReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		chunk, err := r.recv()
		if err != nil {
			return 0, err
		}
		r.cur = chunk
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// StreamLimits bound an IPC stream from the other process: no cap on the
// whole stream (a pull may be large), one message at most 1 GiB, and no
// buffer allocated before its bytes arrive.
var StreamLimits = arrowipc.Limits{MaxBytes: -1, MaxMessageBytes: 1 << 30}

// ReadRecords returns a RecordReader over the IPC stream recv yields.
// Errors wrap arrowipc.ErrTooLarge or arrowipc.ErrInvalid when the stream
// is malformed or over StreamLimits.
func ReadRecords(recv func() ([]byte, error)) (array.RecordReader, error) {
	return arrowipc.NewReader(NewChunkReader(recv), StreamLimits)
}
