-- Queue one change for one push target, once. The fan-out may run a change twice (a worker
-- died before acknowledging it); the target's ``fanned`` mark makes the second run a no-op,
-- and because changes are fanned out in log order, the mark only ever moves forward.
--
-- An outbox over its bound (an endpoint down for long) does not drop its oldest entries:
-- the oldest not yet taken by a deliverer move, undelivered, to the dead-letter stream
-- (replayable), and the target's ``overflowed`` count grows. Taken entries (in flight or
-- waiting for a retry) stay: moving them could dead-letter what is being delivered.
--
-- KEYS[1] the target's outbox stream   KEYS[2] the target's state hash
-- KEYS[3] the target's dead-letter stream
-- ARGV[1] change id (ms-seq)  ARGV[2] event  ARGV[3] story id  ARGV[4] version
-- ARGV[5] outbox max length   ARGV[6] the outbox's consumer group   ARGV[7] error text
-- Returns {1 queued | 0 already queued | -1 no such target (removed meanwhile),
--          entries moved to the dead letters}

if redis.call('EXISTS', KEYS[2]) == 0 then
  return {-1, 0}
end
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local fanned = redis.call('HGET', KEYS[2], 'fanned') or '0-0'
local fms, fseq = parse(fanned)
local cms, cseq = parse(ARGV[1])
if cms < fms or (cms == fms and cseq <= fseq) then
  return {0, 0}
end
redis.call('XADD', KEYS[1], '*',
  'cursor', ARGV[1], 'event', ARGV[2], 'id', ARGV[3], 'version', ARGV[4])
redis.call('HSET', KEYS[2], 'fanned', ARGV[1])
local over = redis.call('XLEN', KEYS[1]) - tonumber(ARGV[5])
if over <= 0 then
  return {1, 0}
end
-- Entries after the group's last-delivered id are those no deliverer has taken.
local start = '-'
for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local info = {}
  for i = 1, #group, 2 do
    info[group[i]] = group[i + 1]
  end
  if info['name'] == ARGV[6] then
    start = '(' .. info['last-delivered-id']
  end
end
local moved = 0
for _, row in ipairs(redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', over)) do
  local f = {}
  for i = 1, #row[2], 2 do
    f[row[2][i]] = row[2][i + 1]
  end
  redis.call('XADD', KEYS[3], '*', 'cursor', f['cursor'], 'event', f['event'],
    'id', f['id'], 'version', f['version'], 'attempts', '0', 'error', ARGV[7])
  redis.call('XDEL', KEYS[1], row[1])
  moved = moved + 1
end
redis.call('HINCRBY', KEYS[2], 'overflowed', moved)
return {1, moved}
