-- wrk script of benches/performance.sh: cycles through a list of request paths (one per line,
-- already URL-encoded: the dev queries as `/api/search?q=…`, which the server answers with the
-- facet counts of the search page) and reports, once at the end, one JSON line prefixed by
-- `WRK_JSON ` for the calling script to read.
--
--   wrk -t2 -c8 -d30s --latency -s benches/http_mix.lua http://127.0.0.1:8080 -- paths.txt
--
-- Each wrk thread runs this script in a Lua state of its own: `setup` (main state) numbers the
-- threads and keeps them so that `done` (main state again) can add up their error counts;
-- `init`, `request` and `response` run in each thread's state.

local threads = {}

function setup(thread)
   thread:set("thread_number", #threads)
   table.insert(threads, thread)
end

function init(args)
   local file_name = args[1]
   if file_name == nil then
      error("http_mix.lua: give the file of request paths after `--`")
   end
   paths = {}
   for line in io.lines(file_name) do
      if line ~= "" then
         table.insert(paths, line)
      end
   end
   if #paths == 0 then
      error("http_mix.lua: " .. file_name .. " holds no request path")
   end
   -- Threads start at different places in the list so that they do not send the same query at
   -- the same moment (which would flatter any cache along the way).
   next_path = (thread_number * 7) % #paths + 1
   http_errors = 0
   responses = 0
end

function request()
   local path = paths[next_path]
   next_path = next_path % #paths + 1
   return wrk.format("GET", path)
end

-- Counting statuses here as well as wrk's own `errors.status` (which counts statuses above 399)
-- costs wrk a little (it keeps bodies when this hook exists) but checks the count both ways.
function response(status, headers, body)
   responses = responses + 1
   if status >= 400 then
      http_errors = http_errors + 1
   end
end

function done(summary, latency, requests)
   local http_errors, responses = 0, 0
   for _, thread in ipairs(threads) do
      http_errors = http_errors + thread:get("http_errors")
      responses = responses + thread:get("responses")
   end
   local seconds = summary.duration / 1e6
   local errors = summary.errors
   -- Latencies are microseconds in wrk.
   io.write(string.format(
      'WRK_JSON {"seconds": %.3f, "requests": %d, "responses_seen": %d, "requests_per_s": %.1f, '
         .. '"bytes": %d, "latency_p50_ms": %.3f, "latency_p90_ms": %.3f, "latency_p99_ms": %.3f, '
         .. '"latency_p999_ms": %.3f, "latency_mean_ms": %.3f, "latency_max_ms": %.3f, '
         .. '"http_errors": %d, "wrk_status_errors": %d, "socket_errors": {"connect": %d, '
         .. '"read": %d, "write": %d, "timeout": %d}}\n',
      seconds, summary.requests, responses, summary.requests / seconds, summary.bytes,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.mean / 1000,
      latency.max / 1000, http_errors, errors.status, errors.connect, errors.read, errors.write,
      errors.timeout))
end
