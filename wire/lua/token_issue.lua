-- Issue a new credential for an existing account; with ARGV[4] = 'rotate', also revoke every
-- older one in the same step, so there is no moment with both or with none.
-- KEYS[1] account record  KEYS[2] token list (hash: token id -> token JSON)
-- KEYS[3] new credential  KEYS[4..] credentials of the tokens to revoke (rotate only)
-- ARGV[1] new token id  ARGV[2] new token JSON  ARGV[3] principal JSON  ARGV[4] 'add'|'rotate'
-- ARGV[5..] ids of the tokens to revoke, in the order of KEYS[4..]: the whole list the
--           caller read (rotate only)
-- Returns 1 done, 0 no such account, -1 the token list changed since it was read (read it
-- again), -2 the new id is taken (make another secret).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local old = #ARGV - 4
if ARGV[4] == 'rotate' then
  if redis.call('HLEN', KEYS[2]) ~= old then
    return -1
  end
  for i = 1, old do
    if redis.call('HEXISTS', KEYS[2], ARGV[4 + i]) == 0 then
      return -1
    end
  end
end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  return -2
end
for i = 1, old do
  redis.call('HDEL', KEYS[2], ARGV[4 + i])
  redis.call('DEL', KEYS[3 + i])
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('SET', KEYS[3], ARGV[3])
return 1
