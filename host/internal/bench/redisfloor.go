package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisFloor reads like the Redis plugin does — one pipelined HMGET of every
// field per entity, all entities in one round trip — but in process, straight
// through go-redis and without decoding: the floor of a Redis read. It uses
// the keys and fields the plugin wrote for project bench.
func redisFloor(ctx context.Context, addr string, drivers, requests int) ([]Summary, error) {
	c := redis.NewClient(&redis.Options{Addr: addr, Protocol: 2, DisableIdentity: true})
	defer c.Close()
	var keys []string
	iter := c.Scan(ctx, 0, "*bench", 1000).Iterator()
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		return nil, err
	}
	if len(keys) < drivers {
		return nil, fmt.Errorf("floor: found %d keys of project bench, want %d", len(keys), drivers)
	}
	fields, err := c.HKeys(ctx, keys[0]).Result()
	if err != nil {
		return nil, err
	}
	var out []Summary
	for _, entities := range []int{1, 100} {
		var lat Latencies
		for range requests {
			pipe := c.Pipeline()
			for range entities {
				pipe.HMGet(ctx, keys[rand.IntN(len(keys))], fields...)
			}
			start := time.Now()
			if _, err := pipe.Exec(ctx); err != nil {
				return nil, err
			}
			lat = append(lat, time.Since(start))
		}
		out = append(out, lat.Summarize(fmt.Sprintf("floor: go-redis %dx%d pipelined HMGET in process", entities, len(fields))))
	}
	return out, nil
}
