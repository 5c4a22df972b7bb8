-- Queue a target's dead letters again, oldest first, behind what is queued now, as many
-- as its outbox has room for under its bound; the rest stay dead letters (replay again
-- once the outbox has drained). One step, so a dead letter added meanwhile is neither
-- lost nor queued twice.
--
-- KEYS[1] the target's dead-letter stream   KEYS[2] the target's outbox stream
-- KEYS[3] the target's state hash
-- ARGV[1] outbox max length
-- Returns {queued again, left in the dead letters}

local total = redis.call('XLEN', KEYS[1])
if redis.call('EXISTS', KEYS[3]) == 0 then
  return {0, total}
end
local room = tonumber(ARGV[1]) - redis.call('XLEN', KEYS[2])
if room <= 0 or total == 0 then
  return {0, total}
end
local rows = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', room)
for _, row in ipairs(rows) do
  local f = {}
  for i = 1, #row[2], 2 do
    f[row[2][i]] = row[2][i + 1]
  end
  redis.call('XADD', KEYS[2], '*', 'cursor', f['cursor'], 'event', f['event'],
    'id', f['id'], 'version', f['version'])
  redis.call('XDEL', KEYS[1], row[1])
end
return {#rows, total - #rows}
