-- Revoke one credential: drop it from the account's token list and delete it, together.
-- KEYS[1] token list (hash: token id -> token JSON)  KEYS[2] the token's credential
-- ARGV[1] token id  ARGV[2] the token JSON the caller read (guards against a reused id)
-- Returns 1 revoked, 0 already gone.
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then
  return 0
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
