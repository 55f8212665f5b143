package flightapi

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/flight"
	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// dataSender is the sending half of a DoExchange or DoGet stream.
type dataSender interface {
	Send(*flightData) error
}

// maxMessageBytes is the most a reply message should carry: gRPC refuses
// messages over the server's send limit, and smaller ones stream sooner.
const maxMessageBytes = 4 << 20

// sendRecords streams rd's schema, even with no rows, then its records,
// each cut into messages of at most min(maxMessageBytes, limit/2) bytes.
func sendRecords(out dataSender, rd array.RecordReader, limit int64) error {
	target := int64(maxMessageBytes)
	if limit/2 < target {
		target = max(limit/2, 1)
	}
	w := flight.NewRecordWriter(out, ipc.WithSchema(rd.Schema()))
	for rd.Next() {
		rec := rd.RecordBatch()
		rows := rec.NumRows()
		size := recordBytes(rec)
		step := rows
		if size > target && rows > 0 {
			step = max(rows*target/size, 1)
		}
		for off := int64(0); off < rows; off += step {
			part := rec.NewSlice(off, min(off+step, rows))
			err := w.Write(part)
			part.Release()
			if err != nil {
				w.Close()
				return err
			}
		}
	}
	if err := rd.Err(); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// recordBytes is the size of rec's buffers.
func recordBytes(rec arrow.RecordBatch) int64 {
	var n int64
	for _, col := range rec.Columns() {
		n += dataBytes(col.Data())
	}
	return n
}

func dataBytes(d arrow.ArrayData) int64 {
	var n int64
	for _, b := range d.Buffers() {
		if b != nil {
			n += int64(b.Len())
		}
	}
	for _, c := range d.Children() {
		n += dataBytes(c)
	}
	return n
}
