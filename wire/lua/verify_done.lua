-- Finish or reschedule a WebSub verification, but only if its request is still the one the
-- worker took: a newer request for the same subscription replaced it meanwhile, and waits
-- (behind this one, so the two are never verified at once) until now.
--
-- KEYS[1] due zset   KEYS[2] pending hash
-- ARGV[1] id   ARGV[2] the request taken   ARGV[3] now ms
-- ARGV[4] the request to retry ('' when done)   ARGV[5] its next attempt ms
-- Returns 1 done or rescheduled, 0 replaced (the newer one is due now).

if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then
  if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
    redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
  end
  return 0
end
if ARGV[4] == '' then
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
  redis.call('ZADD', KEYS[1], ARGV[5], ARGV[1])
end
return 1
