package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisFloor reads like the Redis plugin does — one pipelined HMGET of every
// field per entity, all entities in one round trip — but in process, straight
// through go-redis and without decoding: the floor of a Redis read. It uses
// the keys and fields the plugin wrote for project bench: requests reads of
// 1 and of 100 entities back to back, then the 1-entity read paced as pace
// says (none when pace.Rate is 0).
func redisFloor(ctx context.Context, addr string, drivers, requests int, pace Pace) ([]Summary, error) {
	c := redis.NewClient(&redis.Options{Addr: addr, Protocol: 2, DisableIdentity: true})
	defer c.Close()
	keys, fields, err := redisBenchKeys(ctx, c, drivers)
	if err != nil {
		return nil, err
	}
	var out []Summary
	for _, entities := range []int{1, 100} {
		var lat Latencies
		for range requests {
			d, err := redisPipelinedRead(ctx, c, keys, fields, entities)
			if err != nil {
				return nil, err
			}
			lat = append(lat, d)
		}
		out = append(out, lat.Summarize(fmt.Sprintf("floor %dx%d: go-redis pipelined HMGET in process", entities, len(fields))))
	}
	if pace.Rate == 0 {
		return out, nil
	}
	lat, err := paced(ctx, pace, func() (time.Duration, error) { return redisPipelinedRead(ctx, c, keys, fields, 1) })
	if err != nil {
		return nil, err
	}
	return append(out, lat.Summarize(fmt.Sprintf("floor 1x%d: go-redis pipelined HMGET in process, paced %d req/s", len(fields), pace.Rate))), nil
}

// redisPipelinedRead times one pipelined HMGET of every field of entities
// random keys.
func redisPipelinedRead(ctx context.Context, c *redis.Client, keys, fields []string, entities int) (time.Duration, error) {
	pipe := c.Pipeline()
	for range entities {
		pipe.HMGet(ctx, keys[rand.IntN(len(keys))], fields...)
	}
	start := time.Now()
	_, err := pipe.Exec(ctx)
	return time.Since(start), err
}

// redisBenchKeys returns the keys of project bench and the fields of one.
func redisBenchKeys(ctx context.Context, c *redis.Client, drivers int) ([]string, []string, error) {
	var keys []string
	iter := c.Scan(ctx, 0, "*bench", 1000).Iterator()
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		return nil, nil, err
	}
	if len(keys) < drivers {
		return nil, nil, fmt.Errorf("floor: found %d keys of project bench, want %d", len(keys), drivers)
	}
	fields, err := c.HKeys(ctx, keys[0]).Result()
	return keys, fields, err
}

// redisInfo returns a line of `redis-cli INFO` output, e.g. used_memory_human.
func redisInfo(addr, section, field string) string {
	host, port, _ := net.SplitHostPort(addr)
	out, err := exec.Command("redis-cli", "-h", host, "-p", port, "info", section).Output()
	if err != nil {
		return "?"
	}
	return infoField(string(out), field)
}

// infoField returns the value of field in Redis INFO output.
func infoField(info, field string) string {
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), field+":"); ok {
			return v
		}
	}
	return "?"
}

// RedisStore is the Redis plugin on a running Redis, with the go-redis floor.
func RedisStore(plugin, addr string) PluginStore {
	return PluginStore{Type: "redis", Plugin: plugin,
		Config: fmt.Sprintf("  address: %s\n  read_timeout: 5s\n  write_timeout: 5s\n", addr),
		Describe: func() string {
			return "quiver-plugin-redis (redis-server " + redisInfo(addr, "server", "redis_version") + ")"
		},
		Floor: func(ctx context.Context, drivers int, pace Pace) ([]Summary, error) {
			return redisFloor(ctx, addr, drivers, 2000, pace)
		}}
}

// RedisCPU returns a function reporting the CPU seconds Redis has used
// (INFO cpu: used_cpu_user + used_cpu_sys).
func RedisCPU(addr string) func() (float64, bool) {
	return func() (float64, bool) {
		user, err1 := strconv.ParseFloat(redisInfo(addr, "cpu", "used_cpu_user"), 64)
		sys, err2 := strconv.ParseFloat(redisInfo(addr, "cpu", "used_cpu_sys"), 64)
		return user + sys, err1 == nil && err2 == nil
	}
}

// RedisMemory returns a function reporting Redis's used_memory.
func RedisMemory(addr string) func() string {
	return func() string { return "Redis used_memory " + redisInfo(addr, "memory", "used_memory_human") }
}
