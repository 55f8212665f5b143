package arrowipc

import (
	"sync"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// budget is an allocator that fails past a byte budget. arrow-go sizes
// some buffers from declared lengths (a compressed buffer's decompressed
// size); with a budget they cannot exceed what the stream may cost.
type budget struct {
	mem   memory.Allocator
	limit int64

	mu   sync.Mutex
	used int64
}

var _ memory.Allocator = (*budget)(nil)

func newBudget(limit int64) *budget {
	return &budget{mem: memory.DefaultAllocator, limit: limit}
}

// Allocate panics with an ErrTooLarge error past the budget; arrow-go's
// reader recovers it into the stream's error.
func (b *budget) Allocate(size int) []byte {
	b.take(int64(size))
	return b.mem.Allocate(size)
}

// Reallocate charges the growth of buf.
func (b *budget) Reallocate(size int, buf []byte) []byte {
	b.take(int64(size - len(buf)))
	return b.mem.Reallocate(size, buf)
}

// Free returns buf's bytes to the budget.
func (b *budget) Free(buf []byte) {
	b.mu.Lock()
	b.used -= int64(len(buf))
	b.mu.Unlock()
	b.mem.Free(buf)
}

func (b *budget) take(n int64) {
	if b.limit <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > 0 && b.used+n > b.limit {
		panic(tooLarge("arrow/ipc: decoding needs more than the limit of %d bytes", b.limit))
	}
	b.used += n
}
