-- wrk script: bulk upserts of 1000 status variants. Each wrk thread has one connection, one partner
-- and ids of its own (so requests never wait on each other's row locks), cycles through ten
-- groups of ids and relabels them on every pass, so every row of every request is a durable write.
-- Bodies are built once per thread: the load generator must not compete with the service for CPU.
-- BENCH_KEYS: comma-separated API keys.
local threads = 0

function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

local bodies = {}
local batch = 0
local key

function init(args)
  local keys = {}
  for k in string.gmatch(os.getenv("BENCH_KEYS") or "", "[^,]+") do
    keys[#keys + 1] = k
  end
  key = keys[(index % #keys) + 1]
  for pass = 0, 1 do
    for group = 0, 9 do
      local items = {}
      for i = 1, 1000 do
        items[i] = string.format('{"id":"bulk-%d-%d-%d","label":"Http %d","mapped_status":"open"}', index, group, i - 1, pass)
      end
      bodies[#bodies + 1] = '{"items":[' .. table.concat(items, ",") .. ']}'
    end
  end
end

request = function()
  local body = bodies[(batch % #bodies) + 1]
  batch = batch + 1
  return wrk.format("POST", "/api/v1/partner/reference/status/bulk", {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
  }, body)
end
