package milvusstore

import (
	"hash/fnv"
	"slices"
	"sync"
)

// keyLocks serialises writes of the same primary keys within the plugin
// process, so a read-then-upsert of one writer cannot overwrite a newer row
// another writer stored in between. Keys share 256 stripes.
type keyLocks struct {
	stripes [256]sync.Mutex
}

// lock locks the stripes of keys in a fixed order and returns the unlock.
func (l *keyLocks) lock(keys []string) func() {
	idx := make([]int, 0, len(keys))
	for _, k := range keys {
		h := fnv.New32a()
		h.Write([]byte(k))
		idx = append(idx, int(h.Sum32()%uint32(len(l.stripes))))
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	for _, i := range idx {
		l.stripes[i].Lock()
	}
	return func() {
		for _, i := range idx {
			l.stripes[i].Unlock()
		}
	}
}
