-- wrk script: each connection waits PACE_MS (default 1) between requests, so LOAD connections
-- offer at most LOAD * 1000 / PACE_MS hits per second per node: load that leaves the CPU room,
-- unlike wrk's closed loop, which saturates whatever it runs against.
local pace = tonumber(os.getenv("PACE_MS") or "1")
function delay()
  return pace
end
