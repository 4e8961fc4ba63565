-- wrk script for scripts/loadtest.sh: posts real entities of the generated district to
-- /v1/evaluate (one request body per line of BODIES), samples answers into SAMPLES-<thread>.jsonl
-- for checking against the CLI, counts statuses, and writes the latency summary to SUMMARY.
local bodies_path = os.getenv("XIUFU_LT_BODIES")
local samples_prefix = os.getenv("XIUFU_LT_SAMPLES")
local summary_path = os.getenv("XIUFU_LT_SUMMARY")
local sample_every = tonumber(os.getenv("XIUFU_LT_SAMPLE_EVERY") or "25")
local max_samples = tonumber(os.getenv("XIUFU_LT_MAX_SAMPLES") or "20000")

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

local bodies = {}
local next_body = 1
local responses = 0
local samples = 0
local non2xx = 0
local out = nil

function init(args)
  for line in io.lines(bodies_path) do
    bodies[#bodies + 1] = line
  end
  next_body = (id * 7919) % #bodies + 1
  out = io.open(samples_prefix .. "-" .. id .. ".jsonl", "w")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/v1/evaluate", nil, body)
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  if responses % sample_every == 0 and samples < max_samples then
    samples = samples + 1
    out:write(body, "\n")
    out:flush()
  end
end

function done(summary, latency, requests)
  local f = io.open(summary_path, "w")
  f:write(string.format(
    '{"requests": %d, "duration_s": %.3f, "rps": %.1f, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "p999": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.bytes, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean))
  f:close()
end
