-- Commit one version of a story: document, version history, feed indexes, embargo
-- schedule, duplicate records, idempotency record and change event, all or nothing.
-- Every check runs before the first write, because Lua does not roll back on error.
--
-- KEYS[1] story doc      KEYS[2] versions hash   KEYS[3] change stream   KEYS[4] clock
-- KEYS[5] index names    KEYS[6] embargo zset    KEYS[7] idempotency     KEYS[8] fingerprint
-- KEYS[9] count of changes the log's cap dropped
-- KEYS[10 ..]            index keys to add, then index keys to remove, then LSH band keys
-- ARGV[1] expected current version (0: create)   ARGV[2] new version
-- ARGV[3] document JSON  ARGV[4] change time ms   ARGV[5] feed score ms  ARGV[6] event
-- ARGV[7] story id       ARGV[8] embargo ms (0: none)
-- ARGV[9] idempotency record ('' = none)          ARGV[10] idempotency ttl seconds
-- ARGV[11] n add         ARGV[12] n remove        ARGV[13] n bands
-- ARGV[14] events channel ARGV[15] stream max length
-- ARGV[16] publish command (SPUBLISH on a cluster: only the channel's shard carries it)
--
-- Returns {'ok', change id} | {'clock', newest change ms} | {'idem', record}
--       | {'conflict', current version} | {'duplicate', story id}

local last = tonumber(redis.call('GET', KEYS[4]) or '0')
local ts = tonumber(ARGV[4])
if ts < last then
  return {'clock', tostring(last)}
end
if ARGV[9] ~= '' then
  local seen = redis.call('GET', KEYS[7])
  if seen then
    -- Rewritten as it is, so a WAIT after this script also covers the first write.
    redis.call('SET', KEYS[7], seen, 'KEEPTTL')
    return {'idem', seen}
  end
end
local current = redis.call('HLEN', KEYS[2])
if current ~= tonumber(ARGV[1]) then
  return {'conflict', tostring(current)}
end
if current == 0 then
  local existing = redis.call('GET', KEYS[8])
  if existing then
    redis.call('SET', KEYS[8], existing, 'KEEPTTL')  -- as above: WAIT covers the original
    return {'duplicate', existing}
  end
end

local sid = ARGV[7]
local n_add, n_remove, n_bands = tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13])

redis.call('SET', KEYS[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('SET', KEYS[4], ARGV[4])
for i = 10 + n_add, 9 + n_add + n_remove do
  redis.call('ZREM', KEYS[i], sid)
end
for i = 10, 9 + n_add do
  redis.call('ZADD', KEYS[i], ARGV[5], sid)
  redis.call('SADD', KEYS[5], KEYS[i])
end
local embargo = tonumber(ARGV[8])
if embargo > ts then
  redis.call('ZADD', KEYS[6], embargo, sid)
else
  redis.call('ZREM', KEYS[6], sid)
end
if current == 0 then
  redis.call('SET', KEYS[8], sid)
end
for i = 10 + n_add + n_remove, 9 + n_add + n_remove + n_bands do
  redis.call('SET', KEYS[i], sid, 'NX')
end
local change = redis.call('XADD', KEYS[3], ARGV[4] .. '-*',
  'event', ARGV[6], 'id', sid, 'version', ARGV[2])
-- The hard cap, counted: retention keeps what the push fan-out has not read, so the log
-- reaches its cap only when push is that far behind; what the cap drops must show.
if redis.call('XLEN', KEYS[3]) > tonumber(ARGV[15]) then
  redis.call('INCRBY', KEYS[9], redis.call('XTRIM', KEYS[3], 'MAXLEN', '~', ARGV[15]))
end
if ARGV[9] ~= '' then
  redis.call('SET', KEYS[7], ARGV[9], 'EX', ARGV[10])
end
redis.call(ARGV[16], ARGV[14], change)
return {'ok', change}
