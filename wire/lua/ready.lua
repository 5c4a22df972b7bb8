-- The readiness probe's script: proves scripts load and run on the catalogue's node.
-- Read-only; touches the catalogue's hash tag like every write script does.
-- KEYS[1] clock   KEYS[2] change stream
-- Returns {newest change time ms or '0', change log length}
return {redis.call('GET', KEYS[1]) or '0', redis.call('XLEN', KEYS[2])}
