package flightapi

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/arrowcopy"
	"github.com/quiverfs/quiver/sdk/arrowipc"
)

// dataReceiver is the receiving half of a DoExchange or DoPut stream.
type dataReceiver interface {
	Recv() (*flightData, error)
}

// ipcStream turns the FlightData messages of a stream back into the bytes
// of an Arrow IPC stream, so that arrowipc, which trusts no declared
// length, decodes them. It keeps the first descriptor it sees.
type ipcStream struct {
	recv       dataReceiver
	descriptor *flightDescriptor
	pending    []byte
	done       bool
	// empty counts messages without an IPC message, at most maxEmpty.
	empty int
}

// maxEmpty bounds the messages without data a stream may send: the
// descriptor-only first message of a DoExchange and a few others.
const maxEmpty = 16

// errTooManyEmpty ends a stream of messages that carry no data.
var errTooManyEmpty = errors.New("the stream sends messages without data")

// skip counts a message without an IPC message.
func (s *ipcStream) skip() error {
	if s.empty++; s.empty > maxEmpty {
		return errTooManyEmpty
	}
	return nil
}

// Read implements io.Reader.
func (s *ipcStream) Read(p []byte) (int, error) {
	for len(s.pending) == 0 {
		if s.done {
			return 0, io.EOF
		}
		fd, err := s.recv.Recv()
		if errors.Is(err, io.EOF) {
			s.done = true
			continue
		}
		if err != nil {
			return 0, err
		}
		if s.descriptor == nil && fd.GetFlightDescriptor() != nil {
			s.descriptor = fd.GetFlightDescriptor()
		}
		if len(fd.GetDataHeader()) == 0 {
			// The descriptor-only first message of a DoExchange, or
			// app metadata alone: no IPC message.
			if err := s.skip(); err != nil {
				return 0, err
			}
			continue
		}
		s.pending = ipcMessage(fd.GetDataHeader(), fd.GetDataBody())
	}
	n := copy(p, s.pending)
	s.pending = s.pending[n:]
	return n, nil
}

// finish checks that nothing follows the end of the IPC stream: bytes a
// message's header did not account for (an end-of-stream marker among
// them) make the upload invalid rather than silently cut short.
func (s *ipcStream) finish() error {
	if len(s.pending) > 0 {
		return errors.New("the stream has bytes after its end (a message body longer than its header declares?)")
	}
	for !s.done {
		fd, err := s.recv.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if len(fd.GetDataHeader()) > 0 || len(fd.GetDataBody()) > 0 {
			return errors.New("the stream has messages after its end")
		}
		if err := s.skip(); err != nil {
			return err
		}
	}
	return nil
}

// ipcMessage is one encapsulated IPC message: the continuation marker, the
// metadata length, the metadata padded to 8 bytes, then the body.
func ipcMessage(header, body []byte) []byte {
	padded := (len(header) + 7) &^ 7
	b := make([]byte, 8+padded+len(body))
	binary.LittleEndian.PutUint32(b, 0xFFFFFFFF)
	binary.LittleEndian.PutUint32(b[4:], uint32(padded))
	copy(b[8:], header)
	copy(b[8+padded:], body)
	return b
}

// upload is what a client streamed: its command and its table.
type upload struct {
	cmd   []byte
	table arrow.RecordBatch
}

// readUpload reads a whole upload of at most maxBytes before any work
// starts, and drops the columns that only hold a pandas index.
func readUpload(recv dataReceiver, maxBytes int64) (*upload, error) {
	s := &ipcStream{recv: recv}
	rd, err := arrowipc.NewReader(s, arrowipc.Limits{MaxBytes: maxBytes})
	if err != nil {
		return nil, uploadError(err)
	}
	defer rd.Release()
	all, err := arrowcopy.ReadAll(rd)
	if err == nil {
		err = s.finish()
	}
	if err != nil {
		if all != nil {
			all.Release()
		}
		return nil, uploadError(err)
	}
	if s.descriptor == nil || s.descriptor.GetType() != descriptorCmd {
		all.Release()
		return nil, apierr.Invalid("the stream has no command: its first message must carry a FlightDescriptor of type CMD")
	}
	table := withoutPandasIndex(all)
	return &upload{cmd: s.descriptor.GetCmd(), table: table}, nil
}

// uploadError turns a failed read into a request error. A failure of the
// stream itself (the client went away) is kept as it is.
func uploadError(err error) error {
	if errors.Is(err, arrowipc.ErrTooLarge) {
		return apierr.TooLarge("the uploaded table is over the limit (feature_server.max_body_bytes): %v", err)
	}
	return apierr.Invalid("the uploaded data is not a valid Arrow stream: %v", err)
}

// pandasMeta is the part of pyarrow's "pandas" schema metadata that names
// the columns holding the dataframe's index.
type pandasMeta struct {
	IndexColumns []json.RawMessage `json:"index_columns"`
}

// withoutPandasIndex drops the columns that pyarrow's Table.from_pandas
// adds for a dataframe index that is not a plain range: they are not
// entity columns. It takes rec and returns a record the caller releases.
func withoutPandasIndex(rec arrow.RecordBatch) arrow.RecordBatch {
	md := rec.Schema().Metadata()
	i := md.FindKey("pandas")
	if i < 0 {
		return rec
	}
	var meta pandasMeta
	if json.Unmarshal([]byte(md.Values()[i]), &meta) != nil {
		return rec
	}
	drop := map[string]bool{}
	for _, raw := range meta.IndexColumns {
		var name string
		if json.Unmarshal(raw, &name) == nil { // {"kind": "range"} is no column
			drop[name] = true
		}
	}
	if len(drop) == 0 {
		return rec
	}
	var fields []arrow.Field
	var cols []arrow.Array
	for j, f := range rec.Schema().Fields() {
		if !drop[f.Name] {
			fields = append(fields, f)
			cols = append(cols, rec.Column(j))
		}
	}
	out := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, rec.NumRows())
	rec.Release()
	return out
}

// isPlaceholder reports whether t is the table Feast's client uploads
// when a call has no data: one column, named "key". (Feast's own server
// decides the same way, so an entity dataframe of one column named key is
// taken for it there too.)
func isPlaceholder(t arrow.RecordBatch) bool {
	return t.NumCols() == 1 && t.ColumnName(0) == "key"
}
