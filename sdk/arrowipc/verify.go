package arrowipc

import "encoding/binary"

// verifyMessage checks the Message flatbuffer meta before arrow-go reads
// it: arrow-go sizes slices from vector lengths it finds there (a schema
// declaring 2^32 fields) without checking them against the buffer. Every
// table, vtable, string and vector reached from the root must lie inside
// meta. The layout follows Arrow's Message.fbs and Schema.fbs.
func verifyMessage(meta []byte) error {
	v := verifier{buf: meta}
	root, ok := v.u32(0)
	if !ok {
		return invalid("arrow/ipc: message metadata too short")
	}
	v.table(int64(root), func(t tbl) {
		headerType, _ := v.byteField(t, 1)
		switch headerType {
		case 1:
			v.child(t, 2, v.schema)
		case 2:
			v.child(t, 2, func(d tbl) { v.child(d, 1, v.recordBatch) })
		case 3:
			v.child(t, 2, v.recordBatch)
		default:
			v.fail("message header type %d is not a schema, dictionary or record batch", headerType)
		}
		v.tables(t, 4, v.keyValue)
	})
	return v.err
}

// verifier walks a flatbuffer; the first problem sticks in err.
type verifier struct {
	buf   []byte
	depth int
	err   error
}

// tbl is a verified table: its position and the fields its vtable lists.
type tbl struct {
	pos    int64
	fields []uint16 // offset of each field from pos, 0 when absent
}

const maxDepth = 64

func (v *verifier) fail(format string, args ...any) {
	if v.err == nil {
		v.err = invalid("arrow/ipc: malformed message metadata: "+format, args...)
	}
}

func (v *verifier) in(pos, n int64) bool { return pos >= 0 && n >= 0 && pos+n <= int64(len(v.buf)) }

func (v *verifier) u32(pos int64) (uint32, bool) {
	if !v.in(pos, 4) {
		return 0, false
	}
	return binary.LittleEndian.Uint32(v.buf[pos:]), true
}

func (v *verifier) u16(pos int64) (uint16, bool) {
	if !v.in(pos, 2) {
		return 0, false
	}
	return binary.LittleEndian.Uint16(v.buf[pos:]), true
}

// table verifies the table at pos and its vtable, then calls fn.
func (v *verifier) table(pos int64, fn func(tbl)) {
	if v.err != nil {
		return
	}
	if v.depth >= maxDepth {
		v.fail("nested deeper than %d", maxDepth)
		return
	}
	so, ok := v.u32(pos)
	if !ok {
		v.fail("table at %d outside the metadata", pos)
		return
	}
	vt := pos - int64(int32(so))
	vtSize, ok1 := v.u16(vt)
	objSize, ok2 := v.u16(vt + 2)
	if !ok1 || !ok2 || vtSize < 4 || vtSize%2 != 0 || !v.in(vt, int64(vtSize)) || objSize < 4 || !v.in(pos, int64(objSize)) {
		v.fail("bad vtable for the table at %d", pos)
		return
	}
	t := tbl{pos: pos, fields: make([]uint16, (vtSize-4)/2)}
	for i := range t.fields {
		off, _ := v.u16(vt + 4 + 2*int64(i))
		if off != 0 && int64(off)+1 > int64(objSize) {
			v.fail("field %d of the table at %d lies outside it", i, pos)
			return
		}
		t.fields[i] = off
	}
	v.depth++
	fn(t)
	v.depth--
}

// field returns the position of field i of t, or false when absent.
func (v *verifier) field(t tbl, i int, size int64) (int64, bool) {
	if i >= len(t.fields) || t.fields[i] == 0 {
		return 0, false
	}
	pos := t.pos + int64(t.fields[i])
	if !v.in(pos, size) {
		v.fail("field %d of the table at %d outside the metadata", i, t.pos)
		return 0, false
	}
	return pos, true
}

func (v *verifier) byteField(t tbl, i int) (byte, bool) {
	pos, ok := v.field(t, i, 1)
	if !ok {
		return 0, false
	}
	return v.buf[pos], true
}

// target follows the offset stored in field i of t.
func (v *verifier) target(t tbl, i int) (int64, bool) {
	pos, ok := v.field(t, i, 4)
	if !ok {
		return 0, false
	}
	off, _ := v.u32(pos)
	return pos + int64(off), true
}

// child verifies the table field i of t points at, if present.
func (v *verifier) child(t tbl, i int, fn func(tbl)) {
	if pos, ok := v.target(t, i); ok {
		v.table(pos, fn)
	}
}

// vector checks the vector field i of t holds elements of elemSize bytes
// inside the metadata, and returns where they start and how many there are.
func (v *verifier) vector(t tbl, i int, elemSize int64) (start, n int64) {
	pos, ok := v.target(t, i)
	if !ok {
		return 0, 0
	}
	l, ok := v.u32(pos)
	if !ok || !v.in(pos+4, int64(l)*elemSize) {
		v.fail("vector field %d of the table at %d overruns the metadata", i, t.pos)
		return 0, 0
	}
	return pos + 4, int64(l)
}

// tables verifies a vector of tables and calls fn on each.
func (v *verifier) tables(t tbl, i int, fn func(tbl)) {
	start, n := v.vector(t, i, 4)
	for j := int64(0); j < n && v.err == nil; j++ {
		at := start + 4*j
		off, _ := v.u32(at)
		v.table(at+int64(off), fn)
	}
}

// str verifies a string field (a byte vector).
func (v *verifier) str(t tbl, i int) { v.vector(t, i, 1) }

func (v *verifier) keyValue(t tbl) { v.str(t, 0); v.str(t, 1) }

func (v *verifier) schema(t tbl) {
	v.tables(t, 1, v.fieldTable)
	v.tables(t, 2, v.keyValue)
	v.vector(t, 3, 8)
}

// fieldTable verifies a Field table (Schema.fbs).
func (v *verifier) fieldTable(t tbl) {
	v.str(t, 0)
	typeType, _ := v.byteField(t, 2)
	v.child(t, 3, func(tt tbl) {
		switch typeType {
		case 10: // Timestamp: timezone
			v.str(tt, 1)
		case 14: // Union: typeIds
			v.vector(tt, 1, 4)
		}
	})
	v.child(t, 4, func(d tbl) { v.child(d, 1, func(tbl) {}) })
	v.tables(t, 5, v.fieldTable)
	v.tables(t, 6, v.keyValue)
}

func (v *verifier) recordBatch(t tbl) {
	v.vector(t, 1, 16) // FieldNode structs
	v.vector(t, 2, 16) // Buffer structs
	v.child(t, 3, func(tbl) {})
	v.vector(t, 4, 8)
}
