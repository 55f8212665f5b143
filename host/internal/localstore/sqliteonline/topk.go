package sqliteonline

// candidate is a slot with its approximate distance.
type candidate struct {
	slot int
	dist float32
}

// topK keeps the k best candidates seen, as a max-heap on (distance,
// encoded key): the root is the worst kept, so most offers cost one
// comparison.
type topK struct {
	ix    *vectorIndex
	k     int
	items []candidate
}

// worse reports whether a ranks after b.
func (t *topK) worse(a, b candidate) bool {
	if a.dist != b.dist {
		return a.dist > b.dist
	}
	return t.ix.keys[a.slot] > t.ix.keys[b.slot]
}

// offer adds a candidate if it beats the worst kept one.
func (t *topK) offer(slot int, dist float32) {
	c := candidate{slot: slot, dist: dist}
	if len(t.items) < t.k {
		t.items = append(t.items, c)
		t.up(len(t.items) - 1)
		return
	}
	if t.k == 0 || !t.worse(t.items[0], c) {
		return
	}
	t.items[0] = c
	t.down(0)
}

func (t *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.worse(t.items[i], t.items[p]) {
			return
		}
		t.items[i], t.items[p] = t.items[p], t.items[i]
		i = p
	}
}

func (t *topK) down(i int) {
	n := len(t.items)
	for {
		w := i
		if l := 2*i + 1; l < n && t.worse(t.items[l], t.items[w]) {
			w = l
		}
		if r := 2*i + 2; r < n && t.worse(t.items[r], t.items[w]) {
			w = r
		}
		if w == i {
			return
		}
		t.items[i], t.items[w] = t.items[w], t.items[i]
		i = w
	}
}
