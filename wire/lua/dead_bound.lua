-- Keep a target's dead-letter stream within its bound, with a trace: the oldest dead
-- letters over it are dropped, and the target's state counts them (``dropped``) and keeps
-- the newest cursor dropped (``dropped_through``), so the partner knows from which change
-- to catch up through the cursor API.
--
-- KEYS[1] the target's dead-letter stream   KEYS[2] the target's state hash
-- ARGV[1] dead-letter max length
-- Returns the number dropped.

if redis.call('EXISTS', KEYS[2]) == 0 then
  return 0  -- the target was removed: its keys go with it, nothing to count for it
end
local over = redis.call('XLEN', KEYS[1]) - tonumber(ARGV[1])
if over <= 0 then
  return 0
end
local rows = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', over)
local last = rows[#rows][2]
for i = 1, #last, 2 do
  if last[i] == 'cursor' then
    redis.call('HSET', KEYS[2], 'dropped_through', last[i + 1])
  end
end
local ids = {}
for _, row in ipairs(rows) do
  ids[#ids + 1] = row[1]
end
redis.call('XDEL', KEYS[1], unpack(ids))
redis.call('HINCRBY', KEYS[2], 'dropped', #ids)
return #ids
