package arrowipc

import (
	"encoding/binary"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// checkSchema rejects the types validate cannot check.
func checkSchema(s *arrow.Schema) error {
	for _, f := range s.Fields() {
		if err := checkType(f.Type); err != nil {
			return invalid("arrow/ipc: column %q: %v", f.Name, err)
		}
	}
	return nil
}

func checkType(t arrow.DataType) error {
	switch t := t.(type) {
	case *arrow.NullType, *arrow.BooleanType, *arrow.StringType, *arrow.LargeStringType,
		*arrow.BinaryType, *arrow.LargeBinaryType:
		return nil
	case *arrow.ListType:
		return checkType(t.Elem())
	case *arrow.LargeListType:
		return checkType(t.Elem())
	case *arrow.FixedSizeListType:
		return checkType(t.Elem())
	case *arrow.StructType:
		for _, f := range t.Fields() {
			if err := checkType(f.Type); err != nil {
				return err
			}
		}
		return nil
	case *arrow.DictionaryType:
		return invalid("dictionary-encoded columns are not accepted here; decode them first")
	case arrow.FixedWidthDataType:
		if t.BitWidth() > 0 && t.BitWidth()%8 == 0 {
			return nil
		}
	}
	return invalid("Arrow type %s is not accepted here", t)
}

// validate checks that every buffer of d holds what its length and
// offset declare, recursively.
func validate(d arrow.ArrayData) error {
	n, off := int64(d.Len()), int64(d.Offset())
	if n < 0 || off < 0 {
		return invalid("negative length or offset")
	}
	end := n + off
	bufs := d.Buffers()
	if d.DataType().ID() == arrow.NULL {
		return nil
	}
	// The bitmap first: NullN may count its bits.
	hasBitmap := len(bufs) > 0 && bufs[0] != nil && bufs[0].Len() > 0
	if hasBitmap && int64(bufs[0].Len())*8 < end {
		return invalid("validity bitmap of %d bytes for %d values", bufs[0].Len(), end)
	}
	nulls := int64(d.NullN())
	if nulls == array.UnknownNullCount && hasBitmap {
		return validateValues(d, bufs, off, n, end) // counted from the checked bitmap when asked
	}
	if nulls < 0 || nulls > n {
		return invalid("null count %d outside 0..%d", nulls, n)
	}
	if nulls > 0 && !hasBitmap {
		return invalid("%d nulls declared without a validity bitmap", nulls)
	}
	return validateValues(d, bufs, off, n, end)
}

// validateValues checks the value buffers and children of d.
func validateValues(d arrow.ArrayData, bufs []*memory.Buffer, off, n, end int64) error {
	switch t := d.DataType().(type) {
	case *arrow.BooleanType:
		return needBytes(bufs, 1, (end+7)/8)
	case *arrow.StringType, *arrow.BinaryType:
		return validateOffsets(bufs, off, n, 4)
	case *arrow.LargeStringType, *arrow.LargeBinaryType:
		return validateOffsets(bufs, off, n, 8)
	case *arrow.ListType:
		return validateList(d, off, n, 4)
	case *arrow.LargeListType:
		return validateList(d, off, n, 8)
	case *arrow.FixedSizeListType:
		return validateChild(d, 0, end*int64(t.Len()))
	case *arrow.StructType:
		for i := range d.Children() {
			if err := validateChild(d, i, end); err != nil {
				return err
			}
		}
		return nil
	case arrow.FixedWidthDataType:
		return needBytes(bufs, 1, end*int64(t.BitWidth()/8))
	}
	return invalid("Arrow type %s is not accepted here", d.DataType())
}

// needBytes checks that buffer i holds at least want bytes.
func needBytes(bufs []*memory.Buffer, i int, want int64) error {
	have := int64(0)
	if i < len(bufs) && bufs[i] != nil {
		have = int64(bufs[i].Len())
	}
	if want > 0 && have < want {
		return invalid("buffer %d holds %d bytes, the values need %d", i, have, want)
	}
	return nil
}

// offsetsOf reads the n+1 offsets of a binary or list array starting at
// off, after checking the offsets buffer holds them.
func offsetsOf(bufs []*memory.Buffer, off, n int64, width int64) (first, last int64, err error) {
	if n == 0 {
		return 0, 0, nil
	}
	if err := needBytes(bufs, 1, (off+n+1)*width); err != nil {
		return 0, 0, err
	}
	b := bufs[1].Bytes()
	at := func(i int64) int64 {
		if width == 4 {
			return int64(int32(binary.LittleEndian.Uint32(b[i*4:])))
		}
		return int64(binary.LittleEndian.Uint64(b[i*8:]))
	}
	prev := at(off)
	if prev < 0 {
		return 0, 0, invalid("negative offset %d", prev)
	}
	for i := off + 1; i <= off+n; i++ {
		cur := at(i)
		if cur < prev {
			return 0, 0, invalid("offsets decrease at %d (%d after %d)", i, cur, prev)
		}
		prev = cur
	}
	return at(off), prev, nil
}

func validateOffsets(bufs []*memory.Buffer, off, n, width int64) error {
	_, last, err := offsetsOf(bufs, off, n, width)
	if err != nil {
		return err
	}
	return needBytes(bufs, 2, last)
}

func validateList(d arrow.ArrayData, off, n, width int64) error {
	_, last, err := offsetsOf(d.Buffers(), off, n, width)
	if err != nil {
		return err
	}
	return validateChild(d, 0, last)
}

// validateChild checks that child i is valid and holds want values.
func validateChild(d arrow.ArrayData, i int, want int64) error {
	ch := d.Children()
	if i >= len(ch) {
		return invalid("%s array lacks child %d", d.DataType(), i)
	}
	c := ch[i]
	if int64(c.Len()) < want {
		return invalid("%s child holds %d values, the array needs %d", d.DataType(), c.Len(), want)
	}
	return validate(c)
}
