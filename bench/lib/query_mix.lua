-- wrk script: each request takes the next path from the file named by the
-- ZH_PATHS environment variable (one URL path per line, already encoded),
-- so a run exercises many different searches instead of one cached answer.
local paths = {}
local next_index = 1

function init(args)
  local file = assert(io.open(os.getenv("ZH_PATHS"), "r"))
  for line in file:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  file:close()
  -- Threads start at different offsets so they do not ask the same thing.
  next_index = (math.random(#paths) or 1)
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("wrk: %d requests, %.0f req/s, p50 %.2f ms, p99 %.2f ms, non-2xx %d, socket errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
