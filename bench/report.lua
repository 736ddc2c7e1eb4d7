-- wrk script: cycles through the paths in BENCH_PATHS (one per line), sends BENCH_HEADER, and
-- prints one JSON line of figures at the end (wrk's own summary has no p95).
local paths, index = {}, 0
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local header = os.getenv("BENCH_HEADER") or ""
local name, value = header:match("^([^:]+):%s*(.*)$")
if name then wrk.headers[name] = value end

request = function()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50": %.3f, "p95": %.3f, "p99": %.3f, "errors": %d, "non2xx": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
