-- Create a named account and its first credential together, or nothing if the name is taken.
-- KEYS[1] names hash  KEYS[2] account record  KEYS[3] credential
-- ARGV[1] name  ARGV[2] account id  ARGV[3] record JSON  ARGV[4] principal JSON
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[4])
return 1
