package embed

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"unicode"
)

// Hashing is the built-in embedder: feature hashing of word tokens. Each
// lowercased token (stop words dropped) adds ±(1 + log tf) to the
// dimension its FNV-1a hash picks, the sign from another hash bit; the
// vector is then L2-normalised, so cosine and inner product agree. Texts
// sharing words are near; synonyms are not — it is a lexical embedder, good
// for demos and tests, deterministic across runs and machines.
type Hashing struct {
	dim int
}

// NewHashing returns a hashing embedder of dimension dim (> 0).
func NewHashing(dim int) *Hashing { return &Hashing{dim: dim} }

// Dimension implements Embedder.
func (h *Hashing) Dimension() int { return h.dim }

// Name implements Embedder.
func (h *Hashing) Name() string { return fmt.Sprintf("hashing (dimension %d)", h.dim) }

// Embed implements Embedder.
func (h *Hashing) Embed(ctx context.Context, req *Request) (*Response, error) {
	out := &Response{Vectors: make([][]float32, len(req.Texts))}
	for i, t := range req.Texts {
		if i%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		out.Vectors[i] = h.vector(t)
	}
	return out, nil
}

// vector embeds one text.
func (h *Hashing) vector(text string) []float32 {
	counts := map[string]int{}
	for _, tok := range Tokens(text) {
		counts[tok]++
	}
	acc := make([]float64, h.dim)
	for tok, n := range counts {
		f := fnv.New64a()
		f.Write([]byte(tok))
		sum := f.Sum64()
		w := 1 + math.Log(float64(n))
		if sum>>63 == 1 {
			w = -w
		}
		acc[sum%uint64(h.dim)] += w
	}
	var norm float64
	for _, x := range acc {
		norm += x * x
	}
	v := make([]float32, h.dim)
	if norm == 0 {
		return v
	}
	norm = math.Sqrt(norm)
	for i, x := range acc {
		v[i] = float32(x / norm)
	}
	return v
}

// Tokens splits text into lowercased words of letters and digits, without
// English stop words.
func Tokens(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := words[:0]
	for _, w := range words {
		if !stopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and are as at be but by can do does for from has have how i if in
		into is it its of on or so such that the their then there these this to was were what when where
		which who why will with you your`) {
		m[w] = true
	}
	return m
}()
