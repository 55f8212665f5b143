package registryapi

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	feastregistry "github.com/quiverfs/quiver/host/internal/gen/feast/registry"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// item is one object of a list answer, with what it can be sorted by.
type item[T any] struct {
	name             string
	created, updated time.Time
	msg              T
}

// sortKeys are the sort_by values a list accepts, with the field each
// one sorts by (Feast's clients name the timestamps either way).
var sortKeys = map[string]string{
	"": "name", "name": "name", "spec.name": "name",
	"created_timestamp": "created", "meta.created_timestamp": "created",
	"last_updated_timestamp": "updated", "meta.last_updated_timestamp": "updated",
}

// page sorts items as asked (by name by default) and cuts the page asked
// for. Without pagination (or with page or limit 0) every item is
// returned and the metadata is nil.
func page[T any](items []item[T], p *feastregistry.PaginationParams, s *feastregistry.SortingParams) ([]T, *feastregistry.PaginationMetadata, error) {
	key, ok := sortKeys[s.GetSortBy()]
	if !ok {
		return nil, nil, apierr.Invalid("cannot sort by %q (use name, created_timestamp or last_updated_timestamp)", textclip.Clip(s.GetSortBy(), 80))
	}
	desc := false
	switch strings.ToLower(s.GetSortOrder()) {
	case "", "asc":
	case "desc":
		desc = true
	default:
		return nil, nil, apierr.Invalid("sort_order must be asc or desc, not %q", textclip.Clip(s.GetSortOrder(), 20))
	}
	slices.SortStableFunc(items, func(a, b item[T]) int {
		c := 0
		switch key {
		case "created":
			c = a.created.Compare(b.created)
		case "updated":
			c = a.updated.Compare(b.updated)
		}
		if c == 0 {
			c = cmp.Compare(a.name, b.name)
		}
		if desc {
			return -c
		}
		return c
	})
	if p.GetPage() < 0 || p.GetLimit() < 0 {
		return nil, nil, apierr.Invalid("pagination page and limit must not be negative")
	}
	var meta *feastregistry.PaginationMetadata
	if p.GetPage() > 0 && p.GetLimit() > 0 {
		total, limit, n := len(items), int(p.GetLimit()), int(p.GetPage())
		pages := (total + limit - 1) / limit
		meta = &feastregistry.PaginationMetadata{Page: p.GetPage(), Limit: p.GetLimit(), TotalCount: int32(total),
			TotalPages: int32(pages), HasNext: n < pages, HasPrevious: n > 1}
		start := min((n-1)*limit, total) // n ≤ MaxInt32 and limit ≤ MaxInt32: no overflow in int
		items = items[start:min(start+limit, total)]
	}
	out := make([]T, len(items))
	for i, it := range items {
		out[i] = it.msg
	}
	return out, meta, nil
}
