-- wrk script: one carrier by id (partners, status history, events joined in).
--   CJ_COOKIE='cj_session=...' CJ_CARRIER_ID=3 wrk -s bench/carrier.lua http://127.0.0.1:PORT
local cookie = os.getenv("CJ_COOKIE")
local id = os.getenv("CJ_CARRIER_ID")
if cookie == nil or cookie == "" or id == nil or not id:match("^%d+$") then
	io.stderr:write("carrier.lua: CJ_COOKIE and a numeric CJ_CARRIER_ID are required\n")
	os.exit(2)
end

wrk.method = "GET"
wrk.path = "/api/v1/carriers/" .. id
wrk.headers["Cookie"] = cookie
wrk.headers["Accept"] = "application/json"
