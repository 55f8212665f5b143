package redisstore

import (
	"context"
	"crypto/sha1"
	"encoding/hex"

	"github.com/redis/go-redis/v9"
)

// writeLua writes one row into an entity's hash unless the stored row of the
// same view is newer, atomically. It reads the stored (event, created) pair
// from the view's _ts and _cts fields, protobuf Timestamps that Feast (for
// _ts) or Quiver wrote, and compares them with the new row's pair.
//
// KEYS[1] the hash. ARGV[1] event field (_ts:view), ARGV[2] created field
// (_cts:view), ARGV[3] event µs, ARGV[4] created µs (0: none), ARGV[5]
// event Timestamp bytes, ARGV[6] created Timestamp bytes ("" : none),
// ARGV[7] key TTL seconds (0: none), then feature field/value pairs.
// Returns 1 when written, 0 when the stored row is newer.
const writeLua = `
local function varint(s, i)
  local bytes = {}
  repeat
    local b = string.byte(s, i)
    if not b then return 0, i end
    bytes[#bytes + 1] = b
    i = i + 1
  until b < 128
  local v, mult = 0, 1
  if #bytes == 10 then
    for k = 1, 9 do v = v + (127 - bytes[k] % 128) * mult; mult = mult * 128 end
    return -(v + 1), i
  end
  for k = 1, #bytes do v = v + (bytes[k] % 128) * mult; mult = mult * 128 end
  return v, i
end
local function micros(ts)
  local sec, nanos, i = 0, 0, 1
  while i <= #ts do
    local tag = string.byte(ts, i)
    local v
    v, i = varint(ts, i + 1)
    if tag == 8 then sec = v elseif tag == 16 then nanos = v end
  end
  return sec * 1000000 + math.floor(nanos / 1000)
end
local cur = redis.call('HMGET', KEYS[1], ARGV[1], ARGV[2])
if cur[1] then
  local stored, new = micros(cur[1]), tonumber(ARGV[3])
  if stored > new then return 0 end
  if stored == new then
    local c = 0
    if cur[2] then c = micros(cur[2]) end
    if c > tonumber(ARGV[4]) then return 0 end
  end
end
local n = #ARGV
if ARGV[6] == '' then
  redis.call('HDEL', KEYS[1], ARGV[2])
  if n - 7 <= 7000 then
    redis.call('HSET', KEYS[1], ARGV[1], ARGV[5], unpack(ARGV, 8, n))
  else
    redis.call('HSET', KEYS[1], ARGV[1], ARGV[5])
  end
elseif n - 7 <= 7000 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[5], ARGV[2], ARGV[6], unpack(ARGV, 8, n))
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[5], ARGV[2], ARGV[6])
end
if n - 7 > 7000 then
  local i = 8
  while i <= n do
    local j = math.min(i + 999, n)
    redis.call('HSET', KEYS[1], unpack(ARGV, i, j))
    i = j + 1
  end
end
if ARGV[7] ~= '0' then redis.call('EXPIRE', KEYS[1], ARGV[7]) end
return 1
`

// writeScript is writeLua with its SHA-1, for EVALSHA.
type writeScript struct {
	sha string
}

func newWriteScript() *writeScript {
	sum := sha1.Sum([]byte(writeLua))
	return &writeScript{sha: hex.EncodeToString(sum[:])}
}

// load puts the script into the server's cache (every master of a cluster).
func (w *writeScript) load(ctx context.Context, c redis.UniversalClient) error {
	if cc, ok := c.(*redis.ClusterClient); ok {
		return cc.ForEachMaster(ctx, func(ctx context.Context, n *redis.Client) error {
			return n.ScriptLoad(ctx, writeLua).Err()
		})
	}
	return c.ScriptLoad(ctx, writeLua).Err()
}
