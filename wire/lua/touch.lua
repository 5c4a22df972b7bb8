-- Read a key and write it back unchanged (its TTL kept), so that a WAIT or WAITAOF sent
-- after this script on the same connection covers the write that first made the key:
-- those commands wait for the connection's own last write, and the replication stream
-- is in order. Used to confirm an idempotent replay the way its first answer was.
--
-- KEYS[1] the key
-- Returns its value, or false when there is none.

local value = redis.call('GET', KEYS[1])
if value then
  redis.call('SET', KEYS[1], value, 'KEEPTTL')
end
return value
