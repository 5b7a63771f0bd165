-- distinct-peers.lua: wrk script for tracker-heap.sh. Every request announces a peer never seen before (the peer id
-- is the thread's number and a counter), round-robin over the swarms of the pool, numwant=0 and keep-alive, so the
-- tracker's tables fill as fast as it can take announces and the count of stored peers is exactly the requests
-- answered. Usage: wrk ... -s distinct-peers.lua URL -- POOL_FILE
local pool = {}
local counter = 0
local path = "/announce"
local threads = {}

local function urlencode(hex)
  local out = {}
  for i = 1, #hex, 2 do
    out[#out + 1] = string.format("%%%s", hex:sub(i, i + 1))
  end
  return table.concat(out)
end

function setup(thread)
  thread:set("tid", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do
    local hex = line:match("^(%x+)")
    if hex and #hex == 40 then pool[#pool + 1] = urlencode(hex:lower()) end
  end
  f:close()
  if wrk.path and wrk.path ~= "" then path = wrk.path end
  counter = tid * 1000
end

function request()
  counter = counter + 1
  local peer = string.format("-HB0001-%02d%010d", tid, counter)
  return wrk.format("GET", path .. "?info_hash=" .. pool[counter % #pool + 1] .. "&peer_id=" .. peer ..
    "&port=" .. (1024 + counter % 60000) .. "&uploaded=0&downloaded=0&left=" .. (counter % 3) ..
    "&compact=1&numwant=0")
end
