-- Create a named account, its first credential and its token list together, or nothing if
-- the name is taken.
-- KEYS[1] names hash  KEYS[2] account record  KEYS[3] credential  KEYS[4] token list (hash)
-- ARGV[1] name  ARGV[2] account id  ARGV[3] record JSON  ARGV[4] principal JSON
-- ARGV[5] token id  ARGV[6] token JSON
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[4])
redis.call('HSET', KEYS[4], ARGV[5], ARGV[6])
return 1
