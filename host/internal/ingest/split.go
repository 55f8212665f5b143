package ingest

import (
	"strings"
	"unicode/utf8"
)

// Split cuts text into chunks of at most size characters that overlap by
// about overlap characters. It breaks at paragraph boundaries (blank lines)
// when it can, else between words; a word longer than size is cut.
func Split(text string, size, overlap int) []string {
	if size <= 0 {
		size = 1000
	}
	if overlap < 0 || overlap >= size {
		overlap = 0
	}
	var chunks []string
	var cur []string // words of the chunk being built
	curLen := 0
	added := false // words were added since the last chunk
	flush := func() {
		if !added {
			return
		}
		chunks = append(chunks, strings.Join(cur, " "))
		cur, curLen = tail(cur, overlap)
		added = false
	}
	for _, para := range paragraphs(text) {
		words := strings.Fields(para)
		if added && curLen+1+wordsLen(words) > size && wordsLen(words) <= size {
			flush() // keep a paragraph that fits whole together
		}
		for _, w := range words {
			for utf8.RuneCountInString(w) > size {
				head, rest := cutRunes(w, size)
				flush()
				cur, curLen, added = []string{head}, size, true
				flush()
				w = rest
			}
			n := utf8.RuneCountInString(w)
			if curLen > 0 && curLen+1+n > size {
				flush()
				if curLen+1+n > size { // the overlap leaves no room
					cur, curLen = nil, 0
				}
			}
			if curLen > 0 {
				curLen++
			}
			cur, curLen, added = append(cur, w), curLen+n, true
		}
	}
	flush()
	return chunks
}

// paragraphs splits at blank lines.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

func wordsLen(words []string) int {
	n := 0
	for i, w := range words {
		if i > 0 {
			n++
		}
		n += utf8.RuneCountInString(w)
	}
	return n
}

// tail returns the last words of a chunk that fit in overlap characters.
func tail(words []string, overlap int) ([]string, int) {
	n, i := 0, len(words)
	for i > 0 {
		l := utf8.RuneCountInString(words[i-1])
		if n+l+1 > overlap {
			break
		}
		n += l + 1
		i--
	}
	out := append([]string(nil), words[i:]...)
	return out, max(0, wordsLen(out))
}

func cutRunes(s string, n int) (string, string) {
	i := 0
	for j := range s {
		if i == n {
			return s[:j], s[j:]
		}
		i++
	}
	return s, ""
}
