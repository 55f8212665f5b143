package arrowipc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestReaderReadsBackWhatTheWriterWrote(t *testing.T) {
	t.Parallel()
	rec := sampleRecord(t, 100)
	defer rec.Release()
	rd, err := NewReader(bytes.NewReader(streamOf(t, nil, rec, rec)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Release()
	n := 0
	for rd.Next() {
		if !array.RecordEqual(rd.RecordBatch(), rec) {
			t.Errorf("record %d differs from the one written", n)
		}
		n++
	}
	if err := rd.Err(); err != nil || n != 2 {
		t.Fatalf("read %d records, err %v; want 2, nil", n, err)
	}
}

func TestReaderRefusesADeclaredTebibyteBodyWithoutAllocatingIt(t *testing.T) {
	// Not parallel: allocated counts the whole process's allocations.
	for _, headerType := range []byte{1, 3} { // schema, record batch
		data := framedMessage(headerType, 1<<40)
		var err error
		got := allocated(func() { _, err = readAll(data, Limits{MaxBytes: 10 << 20}) })
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("header %d: err = %v, want ErrTooLarge", headerType, err)
		}
		if got > 1<<20 {
			t.Errorf("header %d: allocated %d bytes for a %d-byte input", headerType, got, len(data))
		}
	}
}

func TestReaderGrowsWithArrivingBytesNotDeclaredOnes(t *testing.T) {
	// A short body declaring 9 MiB under a 10 MiB limit: the reader may not
	// allocate the declared size before the bytes come.
	data := append(framedMessage(1, 9<<20), make([]byte, 100)...)
	var err error
	got := allocated(func() { _, err = readAll(data, Limits{MaxBytes: 10 << 20}) })
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("err = %v, want ErrInvalid (the body is short)", err)
	}
	if got > 1<<20 {
		t.Errorf("allocated %d bytes for a %d-byte input declaring 9 MiB", got, len(data))
	}
}

func TestReaderRefusesAStreamOverMaxBytes(t *testing.T) {
	t.Parallel()
	rec := sampleRecord(t, 1000)
	defer rec.Release()
	data := streamOf(t, nil, rec, rec, rec)
	if _, err := readAll(data, Limits{MaxBytes: int64(len(data) / 2)}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if _, err := readAll(data, Limits{MaxBytes: int64(len(data))}); err != nil {
		t.Fatalf("a stream of exactly MaxBytes: %v", err)
	}
}

func TestReaderRefusesMoreRowsThanMaxRows(t *testing.T) {
	t.Parallel()
	rec := sampleRecord(t, 100)
	defer rec.Release()
	if _, err := readAll(streamOf(t, nil, rec, rec), Limits{MaxRows: 150}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestReaderCapsADeclaredDecompressedSize(t *testing.T) {
	// Not parallel: allocated counts the whole process's allocations.
	b := array.NewInt64Builder(memory.DefaultAllocator)
	for i := range int64(1000) {
		b.Append(i)
	}
	col := b.NewArray()
	defer col.Release()
	rec := array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: "x", Type: col.DataType()}}, nil), []arrow.Array{col}, 1000)
	defer rec.Release()
	data := streamOf(t, []ipc.Option{ipc.WithZstd()}, rec)
	if _, err := readAll(data, Limits{}); err != nil {
		t.Fatalf("the unpatched compressed stream: %v", err)
	}
	prefix := binary.LittleEndian.AppendUint64(nil, 8000) // the values buffer's uncompressed size
	if bytes.Count(data, prefix) != 1 {
		t.Fatalf("found the size prefix %d times", bytes.Count(data, prefix))
	}
	at := bytes.Index(data, prefix)
	binary.LittleEndian.PutUint64(data[at:], 1<<40)
	var err error
	got := allocated(func() { _, err = readAll(data, Limits{MaxBytes: 1 << 20}) })
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	if got > 8<<20 {
		t.Errorf("allocated %d bytes", got)
	}
}

func TestReaderRefusesDictionaryColumns(t *testing.T) {
	t.Parallel()
	dt := &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}
	b := array.NewDictionaryBuilder(memory.DefaultAllocator, dt)
	b.(*array.BinaryDictionaryBuilder).AppendString("a")
	col := b.NewArray()
	defer col.Release()
	rec := array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: "d", Type: dt}}, nil), []arrow.Array{col}, 1)
	defer rec.Release()
	if _, err := readAll(streamOf(t, nil, rec), Limits{}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
}

func TestReaderCallsAnEmptyOrTruncatedStreamInvalid(t *testing.T) {
	t.Parallel()
	rec := sampleRecord(t, 10)
	defer rec.Release()
	data := streamOf(t, nil, rec)
	for _, n := range []int{0, 3, 9, len(data) / 2, len(data) - 9} {
		if _, err := readAll(data[:n], Limits{}); !errors.Is(err, ErrInvalid) {
			t.Errorf("first %d bytes: err = %v, want ErrInvalid", n, err)
		}
	}
}
