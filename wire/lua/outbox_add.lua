-- Queue one change for one push target, once. The fan-out may run a change twice (a worker
-- died before acknowledging it); the target's ``fanned`` mark makes the second run a no-op,
-- and because changes are fanned out in log order, the mark only ever moves forward.
--
-- KEYS[1] the target's outbox stream   KEYS[2] the target's state hash
-- ARGV[1] change id (ms-seq)  ARGV[2] event  ARGV[3] story id  ARGV[4] version
-- ARGV[5] outbox max length
-- Returns 1 queued, 0 already queued, -1 no such target (removed meanwhile).

if redis.call('EXISTS', KEYS[2]) == 0 then
  return -1
end
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local fanned = redis.call('HGET', KEYS[2], 'fanned') or '0-0'
local fms, fseq = parse(fanned)
local cms, cseq = parse(ARGV[1])
if cms < fms or (cms == fms and cseq <= fseq) then
  return 0
end
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[5], '*',
  'cursor', ARGV[1], 'event', ARGV[2], 'id', ARGV[3], 'version', ARGV[4])
redis.call('HSET', KEYS[2], 'fanned', ARGV[1])
return 1
