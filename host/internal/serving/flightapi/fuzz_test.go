package flightapi

import (
	"bytes"
	"encoding/binary"
	"io"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/flight"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func FuzzParseCommand(f *testing.F) {
	f.Add([]byte(`{"command_id": "x", "api": "get_historical_features", "feature_view_names": ["v"], "feature_refs": ["v:f"], "project": "p", "full_feature_names": false, "name_aliases": [null]}`))
	f.Add([]byte(`{"api": "pull_all_from_table_or_query", "start_date": null, "end_date": "2025-01-01T00:00:00"}`))
	f.Add([]byte(`{"api": 1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := parseCommand(b)
		if err == nil && (c.API == "" || len(c.FeatureRefs) > maxListLen) {
			t.Fatalf("accepted %q as %+v", b, c)
		}
	})
}

// replay serves a list of FlightData messages as a stream.
type replay struct{ msgs []*flightData }

func (r *replay) Recv() (*flightData, error) {
	if len(r.msgs) == 0 {
		return nil, io.EOF
	}
	m := r.msgs[0]
	r.msgs = r.msgs[1:]
	return m, nil
}

// messages splits b into FlightData messages: each is a 2-byte header
// length, a 2-byte body length, then the header and the body.
func messages(b []byte) []*flightData {
	var out []*flightData
	for len(b) >= 4 && len(out) < 64 {
		h, n := int(binary.LittleEndian.Uint16(b)), int(binary.LittleEndian.Uint16(b[2:]))
		b = b[4:]
		h, n = min(h, len(b)), 0+n
		m := &flightData{DataHeader: b[:h]}
		b = b[h:]
		n = min(n, len(b))
		m.DataBody, b = b[:n], b[n:]
		out = append(out, m)
	}
	if len(out) > 0 {
		out[0].FlightDescriptor = &flightDescriptor{Type: descriptorCmd, Cmd: []byte(`{"api": "x"}`)}
	}
	return out
}

// encode is the inverse of messages.
func encode(msgs []*flightData) []byte {
	var buf bytes.Buffer
	for _, m := range msgs {
		var n [4]byte
		binary.LittleEndian.PutUint16(n[:], uint16(len(m.DataHeader)))
		binary.LittleEndian.PutUint16(n[2:], uint16(len(m.DataBody)))
		buf.Write(n[:])
		buf.Write(m.DataHeader)
		buf.Write(m.DataBody)
	}
	return buf.Bytes()
}

type sink struct{ msgs []*flightData }

func (s *sink) Send(m *flightData) error {
	s.msgs = append(s.msgs, &flightData{DataHeader: bytes.Clone(m.DataHeader), DataBody: bytes.Clone(m.DataBody)})
	return nil
}

// FuzzReadUpload feeds arbitrary Flight messages to the upload reader: it
// must answer a table or an error, never panic or hold more than its limit.
func FuzzReadUpload(f *testing.F) {
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{
		{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64}, {Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "event_timestamp", Type: &arrow.TimestampType{Unit: arrow.Nanosecond, TimeZone: "UTC"}}}, nil))
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{1, 2}, nil)
	b.Field(1).(*array.StringBuilder).AppendValues([]string{"a", ""}, []bool{true, false})
	b.Field(2).(*array.TimestampBuilder).AppendValues([]arrow.Timestamp{1, 2}, nil)
	rec := b.NewRecordBatch()
	var s sink
	w := flight.NewRecordWriter(&s, ipc.WithSchema(rec.Schema()))
	if err := w.Write(rec); err != nil {
		f.Fatal(err)
	}
	w.Close()
	f.Add(encode(s.msgs))
	f.Add(encode(s.msgs[:1]))
	f.Fuzz(func(t *testing.T, data []byte) {
		up, err := readUpload(&replay{msgs: messages(data)}, 1<<16)
		if err == nil {
			if up.table.NumRows() > 8<<16 {
				t.Fatalf("%d rows from %d bytes", up.table.NumRows(), len(data))
			}
			up.table.Release()
		}
	})
}
