-- Renew or give up a lease only while the caller still holds it: a worker whose lease ran
-- out (it stalled) must not extend or delete the lease another worker took since.
--
-- KEYS[1] lease key   ARGV[1] holder token   ARGV[2] new time to live ms (0: release)
-- Returns 1 done, 0 the lease is not the caller's.

if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
if tonumber(ARGV[2]) == 0 then
  redis.call('DEL', KEYS[1])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1
