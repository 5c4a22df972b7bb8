-- The one round trip per delivery: take (or keep) the target's lease, acknowledge what the
-- caller delivered, and take the next entries of the target's outbox: first what a crashed
-- worker had taken and not acknowledged (always the oldest), then new ones. Claiming with no
-- minimum idle time is safe because only the lease holder reads the outbox. With nothing
-- left the lease is given up in the same step.
--
-- KEYS[1] outbox stream   KEYS[2] target state hash   KEYS[3] lease
-- ARGV[1] group   ARGV[2] consumer (the lease holder)   ARGV[3] count   ARGV[4] lease ms
-- ARGV[5 ..] ids delivered (acknowledged and deleted; the failure count is cleared)
-- Returns false when another worker holds the lease, else entries like XRANGE's ({} when
-- the outbox is empty and the lease was released).

local owner = redis.call('GET', KEYS[3])
if owner and owner ~= ARGV[2] then
  return false
end
redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[4])
if #ARGV > 4 then
  local done = {}
  for i = 5, #ARGV do
    done[#done + 1] = ARGV[i]
  end
  redis.call('XACK', KEYS[1], ARGV[1], unpack(done))
  redis.call('XDEL', KEYS[1], unpack(done))
  redis.call('HDEL', KEYS[2], 'attempts', 'first_failure')
end
local claimed = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, '0-0',
  'COUNT', ARGV[3])
local entries = {}
for _, entry in ipairs(claimed[2]) do
  if entry[2] then  -- entries deleted meanwhile come back without fields
    entries[#entries + 1] = entry
  end
end
if #entries == 0 then
  local read = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3],
    'STREAMS', KEYS[1], '>')
  if read and read[1] then
    entries = read[1][2]
  end
end
if #entries == 0 then
  redis.call('DEL', KEYS[3])
end
return entries
