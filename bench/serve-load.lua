-- wrk script for bench/serve-load.sh: cycles through the site's pages and
-- stops each thread after its share of the requests, so the run is
-- bounded in count as well as in time.
local paths = {}
local limit = tonumber(os.getenv("REQUESTS_PER_THREAD") or "5000")
local done = 0
local bad = 0

function init(args)
  for p in string.gmatch(os.getenv("PATHS") or "/", "%S+") do
    table.insert(paths, p)
  end
end

local i = 0
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

function response(status, headers, body)
  done = done + 1
  if status ~= 200 then bad = bad + 1 end
  if done >= limit then wrk.thread:stop() end
end

function done_summary() end
