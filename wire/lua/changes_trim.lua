-- Retention for the change log: drop the entries older than the cutoff, except those a
-- consumer group on the log has not yet read and acknowledged. The push fan-out reads the
-- log through its group; were it down or behind longer than retention, a plain MINID trim
-- would drop changes it never fanned out. Looking at the groups and trimming in one script
-- means no group can move between the look and the trim (one key: one slot).
--
-- KEYS[1] change stream   ARGV[1] cutoff ms
-- Returns {entries trimmed, the lowest id kept ('ms-seq'), 1 when a group held it below
-- the cutoff else 0}

local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local function below(ams, aseq, bms, bseq)
  return ams < bms or (ams == bms and aseq < bseq)
end

local floor_ms, floor_seq = tonumber(ARGV[1]), 0
local held = 0
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {0, ARGV[1] .. '-0', 0}
end
for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local info = {}
  for i = 1, #group, 2 do
    info[group[i]] = group[i + 1]
  end
  -- Unread: everything after the group's last-delivered id.
  local ms, seq = parse(info['last-delivered-id'])
  seq = seq + 1
  if below(ms, seq, floor_ms, floor_seq) then
    floor_ms, floor_seq, held = ms, seq, 1
  end
  -- Read but not acknowledged (a fan-out that died mid-batch): from the oldest pending.
  if tonumber(info['pending']) > 0 then
    local pms, pseq = parse(redis.call('XPENDING', KEYS[1], info['name'])[2])
    if below(pms, pseq, floor_ms, floor_seq) then
      floor_ms, floor_seq, held = pms, pseq, 1
    end
  end
end
local floor = string.format('%d-%d', floor_ms, floor_seq)
return {redis.call('XTRIM', KEYS[1], 'MINID', floor), floor, held}
