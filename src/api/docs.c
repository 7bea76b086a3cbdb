/*
 * The platform's part of the OpenAPI document (api/openapi.h): the
 * document's conventions, the routes of health, the session, the data
 * dictionaries and the audit log, and the names of the platform's entities
 * (colleges, user accounts, custom dictionaries).
 */
#include <stddef.h>

#include "api/openapi.h"

static const struct cj_entity_doc entities[] = {
	{
	    .entity = "tenant",
	    .zh = "院校",
	    .en = "tenant",
	    .fields = "{'code':'College short code (学校代码), used at login: a lower-case letter, "
	              "then 1 to 31 lower-case "
	              "letters, digits, `_` or `-`. Unique on the platform; fixed after "
	              "creation.','name':'College "
	              "name (院校名称).','kind':'College kind (院校类型).','region_code':'Region "
	              "code (行政区划代码, GB/T 2260): "
	              "6 digits with a valid province prefix, e.g. `330400` 嘉兴市.'}",
	    .extra = "{'kind':{'anyOf':[{'$ref':'#/components/schemas/"
	             "dict.tenant_kind'},{'const':'platform'}]"
	             ",'description':'The college kind; `platform` for the platform "
	             "administrators’ own pseudo-college.'}"
	             "}",
	},
	{
	    .entity = "user",
	    .zh = "用户账号",
	    .en = "user",
	    .fields =
	        "{'username':'Login name (用户名): 3–32 of `A-Z a-z 0-9 _ . -`; unique in the "
	        "college.','display_name':'Display "
	        "name (显示名称).','role':'Role (角色). `platform_admin` cannot be given through "
	        "the API (400).',"
	        "'department_id':'Department of a `staff` user: the carriers they may "
	        "write.','enterprise_id':'Enterprise "
	        "of an `enterprise_contact` user (required for that role): the only enterprise and "
	        "carriers "
	        "they see.','staff_id':'The staff record the user stands for (a task owner reports "
	        "progress "
	        "on its tasks).','active':'Whether the account may log in. Deactivating an account "
	        "ends its "
	        "sessions at once.','last_login_at':'Time of the last successful login (UTC).',"
	        "'must_change_password':'Whether the user must change the password at the "
	        "next login (a password an administrator gave).'}",
	},
	{
	    .entity = "dictionary",
	    .zh = "自定义字典",
	    .en = "dictionary",
	    .fields = "{'name':'Dictionary name: a lower-case letter, then 1 to 31 lower-case "
	              "letters, digits, "
	              "`_` or `-`. Must not be the name of a built-in dictionary (409 "
	              "`builtin_readonly`); fixed "
	              "after creation.','label_zh':'Chinese label (中文名称).','label_en':'English "
	              "label.','values':'The "
	              "entries, in order (1 to 500; values unique).'}",
	    .items = "{'values':{'$ref':'#/components/schemas/DictionaryValueInput'}}",
	    .extra = "{'values':{'type':'array','items':{'$ref':'#/components/schemas/"
	             "DictionaryValue'},'description':'The "
	             "entries, in order (1 to 500; values "
	             "unique).'},'builtin':{'type':'boolean','enum':[false]"
	             ",'readOnly':true}}",
	},
	{ NULL },
};

static const struct cj_route_doc routes[] = {
	{
	    .method = "GET",
	    .pattern = "/api/v1/health",
	    .zh = "健康检查",
	    .en = "Health check",
	    .text = "Answers 200 while the server runs.",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/Health'}",
	},
	{
	    .method = "GET",
	    .pattern = "/api/v1/openapi.json",
	    .zh = "接口文档",
	    .en = "This OpenAPI document",
	    .text = "This document: generated from the tables the server runs on at the first "
	            "request, then kept "
	            "(the same as `chanjiao openapi` prints).",
	    .status = 200,
	    .answer = "{'type':'object','additionalProperties':true}",
	},
	{
	    .method = "POST",
	    .pattern = "/api/v1/session",
	    .zh = "登录",
	    .en = "Log in",
	    .text = "Checks the college code, username and password and starts a session: the "
	            "`cj_session` cookie (HttpOnly, SameSite=Strict, Path=/) and, in the body, the "
	            "CSRF token for later writes. Unknown college, unknown or inactive user and "
	            "wrong password all answer 401, after the same password-hashing work. Failures "
	            "are counted per username and client address (5 free within 15 minutes) and "
	            "per client address (50 free): past them each attempt from that address waits "
	            "2, 4, 8, ... seconds (at most 15 minutes) after the last failure, else 429 "
	            "with `Retry-After`; failures from one address never slow the same user at "
	            "another. A session ends after `--session-idle` seconds unused (default 30 "
	            "minutes) and 12 hours after the login at most. With `must_change_password` "
	            "true (a password an administrator gave), every call but this session's GET "
	            "and DELETE and `POST /api/v1/session/password` answers 403 "
	            "`password_change_required`. Every attempt is written to the login log. Only "
	            "`tenant`, `username` and `password` are accepted.",
	    .body = "{'$ref':'#/components/schemas/LoginRequest'}",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/Session'}",
	},
	{
	    .method = "GET",
	    .pattern = "/api/v1/session",
	    .zh = "当前用户",
	    .en = "Current user and CSRF token",
	    .text = "The session's user, college and CSRF token.",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/Session'}",
	},
	{
	    .method = "DELETE",
	    .pattern = "/api/v1/session",
	    .zh = "退出登录",
	    .en = "Log out",
	    .text = "Ends the session and clears the cookie.",
	    .status = 204,
	},
	{
	    .method = "POST",
	    .pattern = "/api/v1/session/password",
	    .zh = "修改密码",
	    .en = "Change one's own password",
	    .text = "The old password, then the new one: at least 8 characters with letters and "
	            "digits, not containing the username, not the old one (400 `invalid_argument` "
	            "naming `new_password`). A wrong old password is 400 naming `old_password` and "
	            "counts as a login failure (429 with `Retry-After` past the limit). Clears "
	            "`must_change_password`, ends the user's other sessions (this one goes on) and "
	            "answers the session.",
	    .body = "{'$ref':'#/components/schemas/PasswordChange'}",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/Session'}",
	},
	{
	    .method = "GET",
	    .pattern = "/api/v1/login-log",
	    .zh = "登录日志",
	    .en = "Login log",
	    .text = "The college's login log (school_admin; a platform administrator reads the "
	            "platform's own): every login, failure, throttled "
	            "attempt, logout and password change with username, college code typed, "
	            "client address, time (UTC) and result; newest first unless `sort` says. "
	            "Attempts at an unknown college are in the platform's log.",
	    .query = "{'username':{'type':'string','description':'Only rows of this "
	             "username.'},'result':{'type':'string','enum':['success','failure',"
	             "'throttled','logout','password_changed'],'description':'Only rows of this "
	             "result.'},'from':{'type':'string','format':'date','description':'From this "
	             "day (UTC), inclusive.'},'to':{'type':'string','format':'date','description':"
	             "'To this day (UTC), inclusive.'},'sort':{'type':'string','enum':['at','-at',"
	             "'id','-id','username','-username'],'default':'-id','description':'Sort key; "
	             "`-` for descending.'},'page':{'type':'integer','minimum':1,"
	             "'maximum':1000000,'default':1,'description':'Page number, from "
	             "1.'},'size':{'type':'integer','minimum':1,'maximum':200,'default':20,"
	             "'description':'Page size.'}}",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/LoginLogList'}",
	},
	{
	    .method = "GET",
	    .pattern = "/api/v1/dictionaries",
	    .zh = "字典列表",
	    .en = "List dictionaries",
	    .text =
	        "Every built-in dictionary with its values, then the college's own. Not paginated.",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/AllDictionaries'}",
	},
	{
	    .method = "POST",
	    .pattern = "/api/v1/dictionaries",
	    .zh = "新建自定义字典",
	    .en = "Create a custom dictionary",
	    .text = "A dictionary of the college's own. A built-in name is 409 `builtin_readonly`; "
	            "an existing "
	            "name 409 `duplicate`.",
	    .body = "{'$ref':'#/components/schemas/DictionaryCreate'}",
	    .status = 201,
	    .answer = "{'$ref':'#/components/schemas/Dictionary'}",
	},
	{
	    .method = "GET",
	    .pattern = "/api/v1/dictionaries/:name",
	    .zh = "字典详情",
	    .en = "Get a dictionary",
	    .text = "A built-in dictionary or one of the college's own, by name. No ETag: a custom "
	            "dictionary's "
	            "`version` is in the body.",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/AnyDictionary'}",
	},
	{
	    .method = "PATCH",
	    .pattern = "/api/v1/dictionaries/:name",
	    .zh = "修改自定义字典",
	    .en = "Update a custom dictionary",
	    .text = "Built-in dictionaries answer 409 `builtin_readonly`. `values`, when given, "
	            "replaces the "
	            "whole list.",
	    .body = "{'$ref':'#/components/schemas/DictionaryUpdate'}",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/Dictionary'}",
	},
	{
	    .method = "DELETE",
	    .pattern = "/api/v1/dictionaries/:name",
	    .zh = "删除自定义字典",
	    .en = "Delete a custom dictionary",
	    .text = "Built-in dictionaries answer 409 `builtin_readonly`. No version check.",
	    .status = 204,
	},
	{
	    .method = "GET",
	    .pattern = "/api/v1/audit",
	    .zh = "审计日志",
	    .en = "Audit log",
	    .text = "The college's audit log, newest first: every create, update and delete with "
	            "before and after "
	            "images, and every view of personal information. Only `entity`, `entity_id`, "
	            "`page` and `size` "
	            "are accepted.",
	    .query = "{'entity':{'type':'string','description':'Only rows of this "
	             "entity.'},'entity_id':{'type':'integer',"
	             "'minimum':1,'description':'Only rows of this record "
	             "id.'},'page':{'type':'integer','minimum':1,"
	             "'maximum':1000000,'default':1,'description':'Page number, from "
	             "1.'},'size':{'type':'integer',"
	             "'minimum':1,'maximum':200,'default':20,'description':'Page size.'}}",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/AuditList'}",
	},
	{ NULL },
};

static const struct cj_schema_doc schemas[] = {
	{ "AllDictionaries", "{'type':'object','required':['items'],'description':'All "
	                     "dictionaries, built-in first, then "
	                     "the college\\u0027s own by name; not "
	                     "paginated.','properties':{'items':{'type':'array','items':{'$ref':'#/"
	                     "components/schemas/AnyDictionary'}"
	                     "}}}" },
	{ "AnyDictionary", "{'description':'A data dictionary (数据字典): built-in (`builtin: "
	                   "true`, no id/version/timestamps) "
	                   "or the college\\u0027s "
	                   "own.','oneOf':[{'$ref':'#/components/schemas/"
	                   "BuiltinDictionary'},{'$ref':'#/components/schemas/Dictionary'}"
	                   "]}" },
	{ "AuditEntry",
	  "{'type':'object','description':'One audit-log row (审计日志). Personal information "
	  "appears masked.',"
	  "'required':['id','at','user_id','username','action','entity','entity_id','before','"
	  "after']"
	  ",'properties':{'id':{'type':'integer'},'at':{'type':'string','format':'date-time'},'"
	  "user_id':{'type':['integer',"
	  "'null'],'description':'The acting user; 0 for the command "
	  "line.'},'username':{'type':['string',"
	  "'null'],'description':'The acting user\\u0027s username; empty for the command "
	  "line.'},'action':{'type':'string',"
	  "'description':'`create`, `update`, `delete`, `pii_view`, or the name of an operation on "
	  "the record (`approve`, "
	  "`return`).'},'entity':{'type':'string'},'entity_id':{'type':['integer',"
	  "'null']},'before':{'type':['object','null'],'additionalProperties':true,'description':'"
	  "The "
	  "record before the change (update, "
	  "delete).'},'after':{'type':['object','null'],'additionalProperties':true,"
	  "'description':'The record after the change (create, update).'}}}" },
	{ "AuditList", "{'allOf':[{'$ref':'#/components/schemas/"
	               "ListEnvelope'},{'type':'object','properties':{'items':{'type':'array',"
	               "'items':{'$ref':'#/components/schemas/AuditEntry'}}}}]}" },
	{ "BuiltinDictionary",
	  "{'type':'object','description':'A built-in dictionary; read-only (PATCH and DELETE "
	  "answer "
	  "409 "
	  "`builtin_readonly`).','required':['name','label_zh','label_en','builtin','values'],'"
	  "properties':{'name':{'type':'string',"
	  "'description':'Built-in dictionaries: `tenant_kind` 院校类型; `department_kind` "
	  "部门类型; `enterprise_size` "
	  "企业规模; `industry_section` 国民经济行业门类; `carrier_kind` 合作载体类型; "
	  "`carrier_status` 合作载体状态; `carrier_end_reason` "
	  "终止原因; `base_nature` 基地性质; `event_kind` 活动类型; `event_action` 活动事项; "
	  "`action_target` 事项对象类型; "
	  "`press_role` 署名角色; `role` "
	  "用户角色.'},'label_zh':{'type':'string'},'label_en':{'type':'string'}"
	  ",'builtin':{'type':'boolean','enum':[true]},'values':{'type':'array','items':{'$ref':'#/"
	  "components/schemas/DictionaryValue'}"
	  "}}}" },
	{ "DictionaryValue",
	  "{'type':'object','description':'One dictionary "
	  "entry.','required':['value','label_zh','label_en',"
	  "'color'],'properties':{'value':{'type':'string','description':'The stored "
	  "value.'},'label_zh':{'type':'string',"
	  "'description':'Chinese "
	  "label.'},'label_en':{'type':['string','null'],'description':'English "
	  "label.'},'color':{'type':'string','enum':['primary','success','info','warning','danger']"
	  ",'description':'Tag colour (Element Plus tag type).'}}}" },
	{ "DictionaryValueInput",
	  "{'type':'object','required':['value','label_zh'],'additionalProperties':false,'"
	  "properties':{'value':{'type':'string',"
	  "'minLength':1,'maxLength':64,'description':'The stored value, unique in the dictionary "
	  "(at "
	  "most 64 "
	  "bytes).'},'label_zh':{'type':'string','minLength':1,'maxLength':100,'description':'"
	  "Chinese "
	  "label (at most 100 "
	  "bytes).'},'label_en':{'type':'string','maxLength':100,'description':'English "
	  "label (at most 100 "
	  "bytes).'},'color':{'type':'string','enum':['primary','success','info',"
	  "'warning','danger'],'default':'info','description':'Tag colour (Element Plus tag "
	  "type).'}"
	  "}}" },
	{ "Health", "{'type':'object','required':['status'],'properties':{'status':{'type':'string'"
	            ",'enum':['ok']"
	            "}}}" },
	{ "ListEnvelope",
	  "{'type':'object','description':'The envelope of every paginated "
	  "list.','required':['items',"
	  "'total','page','size'],'properties':{'items':{'type':'array','items':{},'description':'"
	  "The "
	  "records of this page.'},'total':{'type':'integer','minimum':0,'description':'Records "
	  "matching "
	  "the filters, on all "
	  "pages.'},'page':{'type':'integer','minimum':1},'size':{'type':'integer',"
	  "'minimum':1,'maximum':200}}}" },
	{ "LoginLogEntry",
	  "{'type':'object','description':'One login-log row (登录日志).','required':['id','at',"
	  "'username','tenant_code','client_addr','result','user_id'],'properties':{'id':{'type':"
	  "'integer'},'at':{'type':'string','format':'date-time'},'username':{'type':'string',"
	  "'description':'The username as typed.'},'tenant_code':{'type':'string','description':"
	  "'The college code as typed.'},'client_addr':{'type':'string','description':'The "
	  "client\\u0027s address.'},'result':{'type':'string','enum':['success','failure',"
	  "'throttled','logout','password_changed']},'user_id':{'type':['integer','null'],"
	  "'description':'The user, when the attempt succeeded or came from a session.'}}}" },
	{ "LoginLogList", "{'allOf':[{'$ref':'#/components/schemas/"
	                  "ListEnvelope'},{'type':'object','properties':{'items':{'type':'array',"
	                  "'items':{'$ref':'#/components/schemas/LoginLogEntry'}}}}]}" },
	{ "LoginRequest", "{'type':'object','required':['tenant','username','password'],'"
	                  "additionalProperties':false,"
	                  "'properties':{'tenant':{'type':'string','maxLength':64,'description':'"
	                  "College code (学校代码).'}"
	                  ",'username':{'type':'string','maxLength':64},'password':{'type':'string'"
	                  ",'maxLength':200,"
	                  "'format':'password'}}}" },
	{ "PasswordChange",
	  "{'type':'object','required':['old_password','new_password'],'additionalProperties':"
	  "false,'properties':{'old_password':{'type':'string','maxLength':200,'format':"
	  "'password'},'new_password':{'type':'string','maxLength':200,'format':'password',"
	  "'description':'At least 8 characters with letters and digits, not containing the "
	  "username.'}}}" },
	{ "Session", "{'type':'object','required':['user','csrf_token','must_change_password'],"
	             "'properties':{'must_change_password':{'type':'boolean','description':"
	             "'Whether the password must be changed (POST /api/v1/session/password) "
	             "before anything else.'},'user':{'$"
	             "ref':'#/components/schemas/SessionUser'}"
	             ",'csrf_token':{'type':'string','description':'Send it as the `X-CSRF-Token` "
	             "header on every "
	             "write (POST, PATCH, DELETE) of this session.'}}}" },
	{ "SessionTenant",
	  "{'type':'object','required':['id','code','name','kind','region_code'],'properties':{'id'"
	  ":{'type':'integer'}"
	  ",'code':{'type':'string'},'name':{'type':'string'},'kind':{'anyOf':[{'$ref':'#/"
	  "components/schemas/dict.tenant_kind'}"
	  ",{'const':'platform'}],'description':'The college kind; `platform` for the platform "
	  "administrators’ "
	  "own pseudo-college.'},'region_code':{'type':'string','pattern':'^[0-9]{6}$'}}}" },
	{ "SessionUser",
	  "{'type':'object','required':['id','username','display_name','role','tenant','department_"
	  "id',"
	  "'enterprise_id'],'properties':{'id':{'type':'integer'},'username':{'type':'string'},'"
	  "display_name':{'type':['string',"
	  "'null']},'role':{'$ref':'#/components/schemas/dict.role'},'tenant':{'$ref':'#/"
	  "components/schemas/SessionTenant'}"
	  ",'department_id':{'type':['integer','null']},'enterprise_id':{'type':['integer','null']}"
	  ",'staff_id':{'type':['integer','null'],'description':'The staff record this user is (a "
	  "task "
	  "owner), or null.'}}}" },
	{ NULL },
};

const struct cj_docs cj_platform_docs = {
	.zh = "平台",
	.en = "Platform",
	.text =
	    "The JSON API of Chanjiao (产教融合平台), the industry–education integration platform "
	    "of Chinese vocational colleges: the records of each module of the domain (each module "
	    "is a tag below) and the accounts and dictionaries around them.  This "
	    "document is generated from the tables the server runs on (`chanjiao openapi`).\n"
	    "\n"
	    "## Conventions\n"
	    "\n"
	    "- **JSON only.** Request bodies are `Content-Type: application/json` (else 415): one "
	    "JSON object, strict UTF-8, no duplicate keys, at most 1 MiB (else 413); the one "
	    "exception is the upload of an attachment.  Unknown and read-only fields are refused "
	    "(400, `field` names them).  Text is trimmed and its limits are in characters; an "
	    "empty optional text is stored as `null`.  Dates are real `YYYY-MM-DD` dates; "
	    "timestamps are UTC `YYYY-MM-DDTHH:MM:SSZ`.\n"
	    "- **Errors** always use the envelope `{\"error\": {\"code\", \"message\", "
	    "\"field\"}}` (`Error`): `code` is a stable slug tied to the HTTP status; `field` "
	    "names the field or parameter at fault when there is one.\n"
	    "- **Language.** Messages are in Chinese (zh-CN), in English when `Accept-Language` "
	    "starts with `en`.  Dictionaries carry both labels.\n"
	    "- **Authentication.** `POST /api/v1/session` sets the `cj_session` cookie (HttpOnly, "
	    "SameSite=Strict) and answers a CSRF token; every other write (POST, PATCH, DELETE) "
	    "sends it as `X-CSRF-Token`.  Checks run in this order: session (401), CSRF token (403 "
	    "`csrf_failed`), role (403 `forbidden`), content type (415), body (400).  Sessions end "
	    "after a period of inactivity.\n"
	    "- **Roles.** `platform_admin` manages colleges; `school_admin` everything in the "
	    "college; `staff` reads the college and writes the records of their own department; "
	    "`enterprise_contact` sees only their enterprise and what it takes part in; "
	    "`bureau_viewer` reads only.  Each operation lists its roles.\n"
	    "- **Tenant isolation.** Every college is a tenant; a session sees only its own "
	    "college.  Another college’s record answers 404, exactly like a missing one (so does a "
	    "record outside the caller’s scope), and so does a reference to one.\n"
	    "- **Lists** answer `{\"items\", \"total\", \"page\", \"size\"}` and take `page` (from "
	    "1), `size` (1–200, default 20), `sort` (a key, `-key` descending), `q` (a part of the "
	    "record’s name) and the filters each lists; unknown or repeated parameters are 400.\n"
	    "- **Personal information** (phones, resident ID numbers) is always answered masked "
	    "(`138****5678`); in full only through the audited `/pii` views.\n"
	    "- **Optimistic concurrency.** Every record has a `version`, answered as `ETag` "
	    "(`\"3\"`).  A PATCH carries it as `If-Match` or as a `version` field (428 without); a "
	    "stale one is 409 `version_conflict`.  DELETE checks `If-Match` when given.  Creation "
	    "answers 201 with `Location` and `ETag`; deletion 204.\n"
	    "- **Audit.** Every write and every view of personal information is written to the "
	    "college’s audit log (`GET /api/v1/audit`).\n",
	.entities = entities,
	.routes = routes,
	.schemas = schemas,
};
