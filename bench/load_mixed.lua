-- The mixed load of bench/load_mixed.py, driven by wrk so that the load generator costs next to
-- nothing on the machine it shares with the server, and latencies are timed in C, not by Python
-- threads waiting for the GIL.
--
--   wrk -t 50 -c 50 -d 60s --timeout 10s -s bench/load_mixed.lua http://127.0.0.1:8765 -- \
--       TOKEN IDS_FILE THINK_MS SEARCH_WORDS   (comma-separated; bench/load_mixed.py passes its own)
--
-- One wrk thread per client (-t equal to -c): each thread has one connection and one request in
-- flight, so a response always answers that thread's last request and a "start" can be followed
-- by the "release" of the same claim, as a reviewer would. The mix is the Python generator's:
-- 25% claim lists by status, 25% claim details, 15% search, 15% article lists, 20% moves.

local threads = {}

function setup(thread)
  thread:set("client", #threads + 1)
  table.insert(threads, thread)
end

local STATUSES = {"unreviewed", "published", "in_review"}
local KINDS = {"list", "detail", "search", "articles", "start", "release"}

function init(args)
  token, think_ms = args[1], tonumber(args[3] or "0")
  words = {}
  for word in string.gmatch(args[4], "[^,]+") do words[#words + 1] = word end
  ids = {}
  for line in io.lines(args[2]) do ids[#ids + 1] = line end
  math.randomseed(7 + client)
  headers = {["Authorization"] = "Token " .. token, ["Content-Type"] = "application/json"}
  errors, conflicts, error_sample = 0, 0, ""
  for _, kind in ipairs(KINDS) do _G["n_" .. kind] = 0 end
end

local function pick(list) return list[math.random(#list)] end

function request()
  if started then
    kind, claim, started = "release", started, nil
    return wrk.format("POST", "/api/claims/" .. claim .. "/transition/", headers, '{"action": "release"}')
  end
  local roll = math.random()
  if roll < 0.25 then
    kind = "list"
    return wrk.format("GET", "/api/claims/?status=" .. pick(STATUSES), headers)
  elseif roll < 0.50 then
    kind = "detail"
    return wrk.format("GET", "/api/claims/" .. pick(ids) .. "/", headers)
  elseif roll < 0.65 then
    kind = "search"
    return wrk.format("GET", "/api/claims/?q=" .. pick(words), headers)
  elseif roll < 0.80 then
    kind = "articles"
    return wrk.format("GET", "/api/articles/", headers)
  end
  kind, claim = "start", pick(ids)
  return wrk.format("POST", "/api/claims/" .. claim .. "/transition/", headers, '{"action": "start"}')
end

function response(status, headers, body)
  _G["n_" .. kind] = _G["n_" .. kind] + 1
  if kind == "start" and status == 200 then started = claim end
  if status == 409 then
    conflicts = conflicts + 1
  elseif status < 200 or status >= 300 then
    errors = errors + 1
    if error_sample == "" then error_sample = kind .. " " .. status .. " " .. string.sub(body or "", 1, 200) end
  end
end

function delay()
  -- A reviewer who started a claim releases it at once; otherwise each client pauses if asked to.
  if started or think_ms == 0 then return 0 end
  return think_ms * (0.5 + math.random())
end

local function quote(text) return '"' .. string.gsub(text, '[%c"\\]', " ") .. '"' end

function done(summary, latency, requests)
  local totals = {errors = 0, conflicts = 0}
  local sample = ""
  for _, kind in ipairs(KINDS) do totals[kind] = 0 end
  for _, thread in ipairs(threads) do
    totals.errors = totals.errors + thread:get("errors")
    totals.conflicts = totals.conflicts + thread:get("conflicts")
    for _, kind in ipairs(KINDS) do totals[kind] = totals[kind] + thread:get("n_" .. kind) end
    if sample == "" then sample = thread:get("error_sample") end
  end
  local e = summary.errors
  local fields = {
    "\"requests\": " .. summary.requests, "\"seconds\": " .. summary.duration / 1e6,
    "\"socket_errors\": " .. (e.connect + e.read + e.write), "\"timeouts\": " .. e.timeout,
    "\"errors\": " .. totals.errors, "\"conflicts\": " .. totals.conflicts, "\"error_sample\": " .. quote(sample),
  }
  for _, kind in ipairs(KINDS) do fields[#fields + 1] = "\"" .. kind .. "\": " .. totals[kind] end
  for _, q in ipairs({50, 90, 95, 99, 99.9}) do
    fields[#fields + 1] = string.format("\"p%s_ms\": %.1f", q, latency:percentile(q) / 1000)
  end
  fields[#fields + 1] = string.format("\"max_ms\": %.1f", latency.max / 1000)
  io.write("LOAD-RESULT {" .. table.concat(fields, ", ") .. "}\n")
end
