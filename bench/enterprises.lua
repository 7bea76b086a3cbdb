-- wrk script: a filtered, sorted page of the enterprise list.
-- The session cookie comes from the environment (bench/run.sh logs in with curl):
--   CJ_COOKIE='cj_session=...' wrk -s bench/enterprises.lua http://127.0.0.1:PORT
local cookie = os.getenv("CJ_COOKIE")
if cookie == nil or cookie == "" then
	io.stderr:write("enterprises.lua: CJ_COOKIE is not set\n")
	os.exit(2)
end

wrk.method = "GET"
wrk.path = "/api/v1/enterprises?industry_code=C&page=2&size=10&sort=name"
wrk.headers["Cookie"] = cookie
wrk.headers["Accept"] = "application/json"
