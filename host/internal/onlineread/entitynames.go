package onlineread

import "github.com/quiverfs/quiver/host/internal/model"

// withJoinKeyNames returns req with every entity column named after an
// entity of one join key renamed to that join key, as Feast's server
// accepts ({"driver": [1001]} for join key driver_id, deprecated there):
// only when the name is not itself a join key and the join key is not
// given too. The answer then names the column by its join key. req is not
// changed.
func withJoinKeyNames(repo *model.Repo, req *Request) *Request {
	joinKeys := map[string]bool{}
	for _, e := range repo.Entities {
		for _, k := range e.JoinKeys {
			joinKeys[k] = true
		}
	}
	var out *Request
	for i, name := range req.JoinKeys {
		e, ok := repo.Entities[name]
		if !ok || joinKeys[name] || len(e.JoinKeys) != 1 {
			continue
		}
		key := e.JoinKeys[0]
		if _, given := req.Entities[key]; given {
			continue
		}
		if out == nil {
			c := *req
			c.JoinKeys = append([]string(nil), req.JoinKeys...)
			c.Entities = make(map[string][]any, len(req.Entities))
			for k, v := range req.Entities {
				c.Entities[k] = v
			}
			out = &c
		}
		out.JoinKeys[i] = key
		out.Entities[key] = out.Entities[name]
		delete(out.Entities, name)
	}
	if out == nil {
		return req
	}
	return out
}
