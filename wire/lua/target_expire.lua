-- Forget a WebSub subscription whose lease ended, only if it still has: a renewal that
-- landed after the caller saw the lease end moved its end (in the same MULTI as the new
-- record), and must not be undone.
--
-- KEYS[1] targets hash   KEYS[2] expiry zset   KEYS[3] due zset
-- ARGV[1] subscription id   ARGV[2] now ms
-- Returns 1 forgotten (the caller deletes its {pt:} keys), 0 renewed or gone already.

local ends = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not ends or tonumber(ends) > tonumber(ARGV[2]) then
  return 0
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1
