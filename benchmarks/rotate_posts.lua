-- wrk script: POST form bodies, rotating over (path, body) pairs read from a file.
--
-- Usage: wrk -s rotate_posts.lua <url> -- <pairs file> <wrk threads>
-- The pairs file has one "path body" pair a line (the body URL-encoded, so without spaces).
-- Each wrk thread starts at its own offset so that threads do not post the same pairs at once.
-- At the end one line "WRK key=value ..." gives the figures the benchmark reads.

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

local prepared = {}
local position = 0

function init(args)
  local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
  for line in io.lines(args[1]) do
    local path, body = line:match("^(%S+) (%S+)$")
    if path then
      prepared[#prepared + 1] = wrk.format("POST", path, headers, body)
    end
  end
  if #prepared == 0 then
    error("no 'path body' pairs in " .. args[1])
  end
  position = index * math.floor(#prepared / tonumber(args[2]))
end

function request()
  position = position % #prepared + 1
  return prepared[position]
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d p50_us=%d p99_us=%d status_errors=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
