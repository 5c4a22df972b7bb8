-- Take the WebSub verifications that are due: each moves a claim period ahead in the same
-- step, so exactly one worker has it; one whose worker dies comes due again when the claim
-- period ends.
--
-- KEYS[1] due zset   KEYS[2] pending hash
-- ARGV[1] now ms   ARGV[2] claim period ms   ARGV[3] most to take
-- Returns id1, request1, id2, request2, ...

local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
local out = {}
local until_ms = tonumber(ARGV[1]) + tonumber(ARGV[2])
for _, id in ipairs(ids) do
  local request = redis.call('HGET', KEYS[2], id)
  if request then
    redis.call('ZADD', KEYS[1], until_ms, id)
    out[#out + 1] = id
    out[#out + 1] = request
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
