-- wrk script: a page of 20 placements (each row names its student, enterprise and carrier).
--   CJ_COOKIE='cj_session=...' wrk -s bench/placements.lua http://127.0.0.1:PORT
local cookie = os.getenv("CJ_COOKIE")
if cookie == nil or cookie == "" then
	io.stderr:write("placements.lua: CJ_COOKIE is not set\n")
	os.exit(2)
end

wrk.method = "GET"
wrk.path = "/api/v1/placements?page=2&size=20"
wrk.headers["Cookie"] = cookie
wrk.headers["Accept"] = "application/json"
