-- Purge a story: its document, versions, index entries, embargo and duplicate records go,
-- together. A 'purged' change event makes every worker drop documents that showed it (the
-- cursor API skips it: there is no version left to show).
--
-- KEYS[1] story doc  KEYS[2] versions  KEYS[3] change stream  KEYS[4] clock
-- KEYS[5] embargo zset  KEYS[6] fingerprint record
-- KEYS[7] count of changes the log's cap dropped (see commit.lua)  KEYS[8 ..] the story's index keys
-- ARGV[1] story id  ARGV[2] now ms  ARGV[3] events channel  ARGV[4] stream max length
-- ARGV[5] publish command (SPUBLISH on a cluster: only the channel's shard carries it)
-- Returns the change id, or false when there is no such story.

if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
local sid = ARGV[1]
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('ZREM', KEYS[5], sid)
if redis.call('GET', KEYS[6]) == sid then
  redis.call('DEL', KEYS[6])
end
for i = 8, #KEYS do
  redis.call('ZREM', KEYS[i], sid)
end
local ts = math.max(tonumber(ARGV[2]), tonumber(redis.call('GET', KEYS[4]) or '0'))
redis.call('SET', KEYS[4], tostring(ts))
local change = redis.call('XADD', KEYS[3], tostring(ts) .. '-*',
  'event', 'purged', 'id', sid, 'version', '0')
if redis.call('XLEN', KEYS[3]) > tonumber(ARGV[4]) then
  redis.call('INCRBY', KEYS[7], redis.call('XTRIM', KEYS[3], 'MAXLEN', '~', ARGV[4]))
end
redis.call(ARGV[5], ARGV[3], change)
return change
