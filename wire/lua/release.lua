-- Release one embargoed story whose time has come: exactly one caller wins (ZREM), and the
-- partners learn of it through a 'published' change event at the release time.
--
-- KEYS[1] embargo zset  KEYS[2] story doc  KEYS[3] change stream  KEYS[4] clock
-- KEYS[5] count of changes the log's cap dropped (see commit.lua)
-- ARGV[1] story id      ARGV[2] now ms     ARGV[3] events channel  ARGV[4] stream max length
-- ARGV[5] publish command (SPUBLISH on a cluster: only the channel's shard carries it)
-- Returns the change id, or false when another worker released it already.

if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then
  return false
end
local ts = math.max(tonumber(ARGV[2]), tonumber(redis.call('GET', KEYS[4]) or '0'))
local doc = cjson.decode(redis.call('GET', KEYS[2]))
redis.call('SET', KEYS[4], tostring(ts))
local change = redis.call('XADD', KEYS[3], tostring(ts) .. '-*',
  'event', 'published', 'id', ARGV[1], 'version', tostring(doc['version']))
if redis.call('XLEN', KEYS[3]) > tonumber(ARGV[4]) then
  redis.call('INCRBY', KEYS[5], redis.call('XTRIM', KEYS[3], 'MAXLEN', '~', ARGV[4]))
end
redis.call(ARGV[5], ARGV[3], change)
return change
