// Package ipctest builds hostile Arrow IPC input for tests of readers of
// untrusted streams: messages that declare more than they hold.
package ipctest

import (
	"encoding/binary"

	flatbuffers "github.com/google/flatbuffers/go"
)

// Header types of an Arrow IPC message (Message.fbs MessageHeader).
const (
	SchemaHeader      byte = 1
	RecordBatchHeader byte = 3
)

// FramedMessage returns a continuation marker, a metadata length and a
// Message flatbuffer of the given header type that declares bodyLen body
// bytes and carries no header table. Appending nothing after it makes a
// stream of a few dozen bytes that declares bodyLen.
func FramedMessage(headerType byte, bodyLen int64) []byte {
	b := flatbuffers.NewBuilder(64)
	b.StartObject(5)
	b.PrependInt64Slot(3, bodyLen, 0)
	b.PrependByteSlot(1, headerType, 0)
	b.PrependInt16Slot(0, 4, 0) // metadata version V5
	b.Finish(b.EndObject())
	meta := b.FinishedBytes()
	for len(meta)%8 != 0 {
		meta = append(meta, 0)
	}
	out := binary.LittleEndian.AppendUint32(nil, 0xFFFFFFFF)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(meta)))
	return append(out, meta...)
}
