-- wrk script: one status variant upsert per request over a mix of partners and ids. Every request
-- carries a new label, so each one is a durable write, like the raw-limit workload it is compared to.
-- BENCH_KEYS: comma-separated API keys; BENCH_IDS: ids per partner; BENCH_DELAY_MS: pause per request.
local keys = {}
for key in string.gmatch(os.getenv("BENCH_KEYS") or "", "[^,]+") do
  keys[#keys + 1] = key
end
local ids = tonumber(os.getenv("BENCH_IDS") or "5000")
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local categories = { "new", "open", "hold", "pending", "solved", "closed" }
local counter = 0

request = function()
  counter = counter + 1
  local body = string.format('{"id":"bench-%d","label":"Label %d","mapped_status":"%s"}',
    math.random(ids), counter, categories[math.random(#categories)])
  return wrk.format("POST", "/api/v1/partner/reference/status", {
    ["Authorization"] = "Bearer " .. keys[math.random(#keys)],
    ["Content-Type"] = "application/json",
  }, body)
end

if pause > 0 then
  delay = function()
    return pause
  end
end
