/*
 * The key-projects module's part of the OpenAPI document (api/openapi.h):
 * its entities' names, child lists and derived values, and its routes that
 * are not generic ones (a report's review, attachments, the to-do list,
 * the pillar-1 figures).
 */
#include <stddef.h>

#include "api/openapi.h"

static const struct cj_entity_doc entities[] = {
	{
	    .entity = "key_project",
	    .zh = "重点项目",
	    .en = "key project",
	    .fields = "{'name':'Name (项目名称), unique in the college (409 "
	              "`duplicate`).','level':'Level (项目级别).',"
	              "'kind':'Kind (项目类型).','first_year':'First year of the period "
	              "(建设期起始年度).','last_year':'Last "
	              "year of the period (建设期结束年度); not before `first_year` (400). A "
	              "shorter period must still "
	              "hold the project\\u0027s task books and task deadlines "
	              "(400).','department_id':'Lead department "
	              "(牵头部门).','description':'Description (项目简介).','demo':'Whether the "
	              "record belongs to the demo "
	              "data set.','funding':'Funding by source, in order, with derived rates.'}",
	    .items = "{'funding':{'$ref':'#/components/schemas/FundingInput'}}",
	    .extra = "{'funding':{'type':'array','items':{'$ref':'#/components/schemas/"
	             "FundingRow'},'description':'Funding "
	             "by source, in order, with derived "
	             "rates.'},'funding_total':{'$ref':'#/components/schemas/FundingRow',"
	             "'readOnly':true,'description':'All sources together (no "
	             "`source`).'},'task_books':{'type':'array',"
	             "'readOnly':true,'description':'Detail only: the annual task books (id, year, "
	             "title, issue_date,"
	             " event_id).','items':{'type':'object'}},'evaluations':{'type':'array','"
	             "readOnly':true,'description':'Detail "
	             "only: the evaluations (id, kind, date, result, "
	             "score).','items':{'type':'object'}}}",
	    .filters = "{'year':'Only projects whose period covers this year.'}",
	},
	{
	    .entity = "task_book",
	    .zh = "年度建设任务书",
	    .en = "annual task book",
	    .fields = "{'project_id':'Key project (重点项目).','year':'Year (年度), within the "
	              "project\\u0027s period "
	              "(400); one task book per project and year (409 `duplicate` naming "
	              "`year`).','title':'Title "
	              "(任务书名称); defaults to “<project "
	              "name><year>年度建设任务书”.','issue_date':'Issue date "
	              "(下达日期).','event_id':'The "
	              "event it was issued at (颁发活动); the event records the `task_book_issued` "
	              "action in its own "
	              "`actions`.','remark':'Remark (备注).','demo':'Whether the record belongs to "
	              "the demo data "
	              "set.'}",
	    .extra = "{'project_name':{'type':'string','readOnly':true,'description':'Name of the "
	             "project (derived).'}"
	             ",'figures':{'$ref':'#/components/schemas/"
	             "Figures','readOnly':true,'description':'The task "
	             "book\\u0027s pillar-1 figures "
	             "(derived).'},'events':{'type':'array','readOnly':true,'items':{'$ref':'#/"
	             "components/schemas/EventRef'}"
	             ",'description':'Detail only: events whose actions name the task book.'}}",
	},
	{
	    .entity = "task",
	    .zh = "建设任务",
	    .en = "task",
	    .fields = "{'task_book_id':'Task book (任务书).','code':'Outline code (任务编号): `2` "
	              "(first level) or `2.3` "
	              "(second level; needs task `2` in the same task book, else 400 naming "
	              "`code`), 1–999 per "
	              "level; unique in the task book (409). A first-level task with second-level "
	              "tasks cannot "
	              "be renumbered or deleted (409 `in_use`).','outline_order':'Sort key of the "
	              "outline (major "
	              "× 1000 + minor): `sort=outline_order` lists 2, 2.1, 2.10, "
	              "3.','title':'Title (任务名称).','lead_department_id':'Lead "
	              "department (牵头部门). A `staff` user writes only the tasks their "
	              "department leads.','participating_departments':'Participating "
	              "departments, in order.','owner_id':'Owner (责任人), a staff record; the "
	              "user linked to it (`users.staff_id`) "
	              "reports progress.','deadline':'Deadline (完成时限), within the "
	              "project\\u0027s period (400 naming "
	              "`deadline`).','status':'Status (任务状态).','remark':'Remark "
	              "(备注).','demo':'Whether the record "
	              "belongs to the demo data set.'}",
	    .items = "{'participating_departments':{'oneOf':[{'type':'integer','minimum':1},{'type'"
	             ":'object','properties':{'department_id':{'type':'integer',"
	             "'minimum':1}}}]}}",
	    .extra =
	        "{'participating_departments':{'type':'array','items':{'type':'object','properties'"
	        ":{'department_id':{'type':'integer',"
	        "'minimum':1},'name':{'type':'string'}}},'description':'Participating departments, "
	        "in order.'}"
	        ",'project_id':{'type':'integer','minimum':1,'readOnly':true,'description':'"
	        "Project of the "
	        "task book "
	        "(derived).'},'year':{'type':'integer','readOnly':true,'description':'Year of the "
	        "task book "
	        "(derived).'},'level':{'type':'integer','enum':[1,2],'readOnly':true,'description':"
	        "'Outline "
	        "level "
	        "(derived).'},'owner_name':{'type':['string','null'],'readOnly':true},'lead_"
	        "department_name':{'type':['string',"
	        "'null'],'readOnly':true},'percent':{'type':'integer','minimum':0,'maximum':100,'"
	        "readOnly':true,"
	        "'description':'The percent of the latest approved progress report (by date, then "
	        "id); 0 "
	        "without one. Never "
	        "stored.'},'overdue':{'type':'boolean','readOnly':true,'description':'Deadline "
	        "before today (China time) and status neither `done` nor `cancelled`. Never "
	        "stored.'},'indicators':{'type':'array',"
	        "'readOnly':true,'items':{'type':'object'},'description':'Detail only: the "
	        "task\\u0027s indicators "
	        "with actual and "
	        "attainment.'},'reports':{'type':'array','readOnly':true,'items':{'type':'object'}"
	        ",'description':'Detail only: its progress reports, latest first.'}}",
	    .filters = "{'overdue':'`true`: only overdue tasks (deadline before today, not done or "
	               "cancelled); `false`: "
	               "the others.','project_id':'Only tasks of this project\\u0027s task "
	               "books.','year':'Only tasks "
	               "of the task books of this year.','level':'`1` first-level, `2` "
	               "second-level tasks.','mine':'`true`: "
	               "tasks owned by the caller\\u0027s staff record.'}",
	},
	{
	    .entity = "indicator",
	    .zh = "建设指标",
	    .en = "indicator",
	    .fields =
	        "{'task_id':'Task (建设任务).','name':'Name (指标名称).','category':'Category "
	        "(指标类别): 产出 quantity/quality/timeliness/cost,"
	        " 效益 benefit, 满意度 satisfaction.','unit':'Unit (计量单位), e.g. 个, 人次, "
	        "%.','baseline':'Baseline "
	        "(基期值), a whole number in the unit.','target':'Target for the task book\\u0027s "
	        "year (年度目标值); "
	        "must be > 0 (400 naming `target`).','cycle_target':'Target for the whole cycle "
	        "(周期目标值); "
	        "> 0 when given.','remark':'Remark.','demo':'Whether the record belongs to the "
	        "demo data "
	        "set.'}",
	    .extra =
	        "{'task_book_id':{'type':'integer','minimum':1,'readOnly':true},'task_code':{'type'"
	        ":'string',"
	        "'readOnly':true},'task_title':{'type':'string','readOnly':true},'actual':{'type':["
	        "'integer',"
	        "'null'],'readOnly':true,'description':'The value the latest approved progress "
	        "report gives "
	        "(实际值); null before one. Never "
	        "stored.'},'attainment':{'type':'number','readOnly':true,'description':'min(actual "
	        "÷ target, 1), four decimals; 0 without an "
	        "actual.'},'cycle_attainment':{'type':['number',"
	        "'null'],'readOnly':true,'description':'min(actual ÷ cycle_target, 1); null "
	        "without a cycle "
	        "target.'}}",
	    .filters = "{'task_book_id':'Only indicators of this task book\\u0027s "
	               "tasks.','project_id':'Only indicators "
	               "of this project\\u0027s tasks.'}",
	},
	{
	    .entity = "progress_report",
	    .zh = "进展报告",
	    .en = "progress report",
	    .fields = "{'task_id':'Task (建设任务). Only its owner (`users.staff_id` = "
	              "`tasks.owner_id`) or a `school_admin` "
	              "reports (403); a cancelled task takes no report (409 `invalid_transition` "
	              "naming `task_id`).',"
	              "'date':'Date (填报日期).','text':'Progress "
	              "(进展情况).','percent':'Completion percent (完成进度) 0–100. "
	              "Moves the task\\u0027s `percent` once "
	              "approved.','indicator_values':'Indicator actuals (指标完成值). "
	              "Replaces the whole list when given.','attachment_ids':'Evidence (佐证材料): "
	              "ids of attachments "
	              "uploaded with `POST /api/v1/attachments` (404 naming `attachment_ids` when "
	              "not in the college).',"
	              "'status':'Review status, set by the server: `submitted` on create and when "
	              "a returned report "
	              "is edited (resubmitted), then `approved` or `returned` through the review "
	              "routes. An approved "
	              "report is final (409 on change or delete).','return_reason':'Why it was "
	              "returned (退回原因).',"
	              "'submitted_by':'User who submitted it.','reviewed_by':'User who reviewed it "
	              "last.','reviewed_at':'When "
	              "it was reviewed last (UTC).','demo':'Whether the record belongs to the demo "
	              "data set.'}",
	    .items = "{'indicator_values':{'$ref':'#/components/schemas/"
	             "IndicatorValue'},'attachment_ids':{'type':'integer',"
	             "'minimum':1}}",
	    .extra = "{'task_code':{'type':'string','readOnly':true},'task_title':{'type':'string',"
	             "'readOnly':true}"
	             ",'owner_id':{'type':['integer','null'],'minimum':1,'readOnly':true},'"
	             "submitted_by_name':{'type':['string',"
	             "'null'],'readOnly':true},'attachments':{'type':'array','readOnly':true,'"
	             "items':{'type':'object'}"
	             ",'description':'Detail only: id, filename, kind, content_type, size of each "
	             "attachment.'}"
	             ",'reviews':{'type':'array','readOnly':true,'items':{'type':'object'},'"
	             "description':'Detail "
	             "only: the review history (id, decision, reason, reviewed_by, "
	             "reviewed_by_name, at).'}}",
	    .filters = "{'task_book_id':'Only reports on this task book\\u0027s "
	               "tasks.','project_id':'Only reports "
	               "on this project\\u0027s tasks.','mine':'`true`: reports on tasks the "
	               "caller\\u0027s staff "
	               "record owns.'}",
	},
	{
	    .entity = "attachment",
	    .zh = "附件",
	    .en = "attachment",
	    .fields = "{'filename':'The name the client gave.','kind':'What the content "
	              "is.','content_type':'Media "
	              "type served for the kind.','sha256':'SHA-256 of the content, "
	              "hex.','stored_name':'Generated "
	              "storage name, `<sha256>.<ext>`.'}",
	},
	{
	    .entity = "evaluation",
	    .zh = "评估",
	    .en = "evaluation",
	    .fields = "{'project_id':'Key project (重点项目).','kind':'Kind "
	              "(评估类型).','date':'Date (评估日期).','result':'Result "
	              "(评估结果).','score':'Score (得分) 0–100.','evaluator':'Evaluating body "
	              "(评估机构).','remarks':'Remarks "
	              "(评估意见).','demo':'Whether the record belongs to the demo data set.'}",
	    .extra = "{'project_name':{'type':'string','readOnly':true},'snapshot':{'$ref':'#/"
	             "components/schemas/Figures',"
	             "'type':'object','readOnly':true,'description':'The completion figures frozen "
	             "when the evaluation "
	             "was recorded (never recomputed): the `Figures` of the project over all its "
	             "years, `as_of`,"
	             " `recorded_at`, `funding_total` and `years` (the figures of each task book "
	             "with `year` and "
	             "`task_book_id`).'}}",
	},
	{
	    .entity = "commendation",
	    .zh = "表彰",
	    .en = "commendation",
	    .fields = "{'title':'Title of the honour (表彰名称), e.g. "
	              "省“双高”中期建设先进个人.','label':'“title：person”, set "
	              "by the server: what `q` searches and what an event action "
	              "shows.','staff_id':'The person,"
	              " a staff record (受表彰人); or give `person_name`. One of them is required "
	              "(400 naming `person_name`).',"
	              "'person_name':'The person\\u0027s name when not a staff record (or as "
	              "printed).','project_id':'Key "
	              "project (optional).','event_id':'The event it was made at (optional); the "
	              "event records "
	              "the `commendation` action in its own `actions`.','date':'Date "
	              "(表彰日期).','issuer':'Issuer "
	              "(表彰单位).','remark':'Remark.','demo':'Whether the record belongs to the "
	              "demo data set.'}",
	    .extra =
	        "{'person':{'type':'string','readOnly':true,'description':'`person_name`, else the "
	        "staff "
	        "member\\u0027s name "
	        "(derived).'},'project_name':{'type':['string','null'],'readOnly':true}"
	        ",'event_title':{'type':['string','null'],'readOnly':true},'events':{'type':'array'"
	        ",'readOnly':true,"
	        "'items':{'$ref':'#/components/schemas/EventRef'},'description':'Detail only.'}}",
	},
	{ NULL },
};

static const struct cj_route_doc routes[] = {
	{
	    .method = "POST",
	    .pattern = "/api/v1/progress-reports/:id/approve",
	    .zh = "审核通过",
	    .en = "Approve a progress report",
	    .text = "Only a `submitted` report can be reviewed (409 `invalid_transition`). Each "
	            "review is kept "
	            "in the report's `reviews`. Approval moves the task's `percent` and the "
	            "indicators' `actual`; "
	            "a task at 100 % becomes `done`, one above 0 % that had not started becomes "
	            "`in_progress`. "
	            "A report on a task cancelled since is 409. No body.",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/ProgressReport'}",
	},
	{
	    .method = "POST",
	    .pattern = "/api/v1/progress-reports/:id/return",
	    .zh = "退回修改",
	    .en = "Return a progress report",
	    .text = "Only a `submitted` report can be reviewed (409 `invalid_transition`). Each "
	            "review is kept "
	            "in the report's `reviews`. The reason is required (400 naming `reason`); the "
	            "owner edits "
	            "the report to submit it again.",
	    .body = "{'type':'object','additionalProperties':false,'required':['reason'],'"
	            "properties':{'reason':{'type':'string',"
	            "'maxLength':1000}}}",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/ProgressReport'}",
	},
	{
	    .method = "POST",
	    .pattern = "/api/v1/attachments",
	    .zh = "上传附件",
	    .en = "Upload a file",
	    .text = "`multipart/form-data` with one file in the field `file` (other fields are "
	            "ignored); the "
	            "body limit of this route is 20 MiB of file plus 64 KiB of framing (every "
	            "other route: 1 "
	            "MiB). The type is decided by the content: PDF (`%PDF-`), PNG, JPEG, DOCX or "
	            "XLSX (a ZIP "
	            "with `[Content_Types].xml` and `word/` or `xl/` entries and no macro "
	            "project); anything "
	            "else is 415 naming `file`. A file over 20 MiB is 413 naming `file`; a file "
	            "name with `/`,"
	            " `\\`, `..`, a control character or invalid UTF-8 is 400 naming `filename` "
	            "(`filename*=UTF-8''…` "
	            "is understood). The same bytes uploaded again make a new record that shares "
	            "the stored content. The session, the CSRF token and the role are checked "
	            "before the body is read (401 or 403 at once); a server takes at most four "
	            "uploads at a time (else 503 `busy` with `Retry-After`).",
	    .body = "{'type':'object','required':['file'],'properties':{'file':{'type':'string','"
	            "format':'binary'}"
	            "}}",
	    .body_type = "multipart/form-data",
	    .status = 201,
	    .answer = "{'$ref':'#/components/schemas/Attachment'}",
	},
	{
	    .method = "GET",
	    .pattern = "/api/v1/attachments/:id/content",
	    .zh = "下载附件",
	    .en = "Download an attachment",
	    .text = "The bytes with the kind's `Content-Type`, `Content-Disposition: attachment; "
	            "filename=\"<ASCII "
	            "fallback>\"; filename*=UTF-8''<name>`, `X-Content-Type-Options: nosniff` and "
	            "`Content-Security-Policy: "
	            "default-src 'none'; sandbox`. Another college's is 404.",
	    .status = 200,
	    .answer = "{'type':'string','format':'binary'}",
	    .answer_type = "application/octet-stream",
	},
	{
	    .method = "GET",
	    .pattern = "/api/v1/todo",
	    .zh = "我的待办",
	    .en = "My to-do list",
	    .text = "No query parameters (400).",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/Todo'}",
	},
	{
	    .method = "GET",
	    .pattern = "/api/v1/dashboard/projects",
	    .zh = "全力推进省重点项目建设",
	    .en = "Pillar 1: key projects",
	    .text = "Per project of the year: the figures of that year's task book and the latest "
	            "evaluation; "
	            "then the totals. Each figure links to its list.",
	    .query = "{'year':{'type':'integer','minimum':2000,'maximum':2100,'description':'The "
	             "year; default "
	             "this year (China time).'}}",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/ProjectsDashboard'}",
	},
	{ NULL },
};

static const struct cj_schema_doc schemas[] = {
	{ "EventRef", "{'type':'object','description':'An event whose actions name this "
	              "record.','properties':{'event_id':{'type':'integer',"
	              "'minimum':1},'title':{'type':'string'},'date':{'type':'string','format':'"
	              "date'},'action':{'type':'string'}"
	              "}}" },
	{ "Figures",
	  "{'type':'object','description':'Pillar-1 figures of a set of tasks (product.md §4): "
	  "every "
	  "task counts; indicators of cancelled tasks do not. Overdue is as of today in China "
	  "time.',"
	  "'required':['tasks','done','overdue','cancelled','completion_rate','indicators','"
	  "indicator_attainment']"
	  ",'properties':{'tasks':{'type':'integer'},'done':{'type':'integer'},'overdue':{'type':'"
	  "integer',"
	  "'description':'Deadline passed and neither done nor "
	  "cancelled.'},'cancelled':{'type':'integer'}"
	  ",'completion_rate':{'type':['number','null'],'description':'done ÷ (tasks − cancelled), "
	  "four decimals; null when no task "
	  "counts.'},'indicators':{'type':'integer'},'indicator_attainment':{'type':['number',"
	  "'null'],'description':'Mean over the indicators of min(actual ÷ target, 1), four "
	  "decimals; "
	  "null without indicators.'}}}" },
	{ "FundingInput",
	  "{'type':'object','additionalProperties':false,'required':['source'],'description':'"
	  "Funds "
	  "of one source, whole yuan, each 0..10^12 (absent: 0); each source at most once (400 "
	  "naming "
	  "`funding`). The rates may be sent back and are "
	  "ignored.','properties':{'source':{'$ref':'#/components/schemas/dict.funding_source'}"
	  ",'budgeted':{'type':'integer','minimum':0},'arrived':{'type':'integer','minimum':0},'"
	  "spent':{'type':'integer',"
	  "'minimum':0},'arrival_rate':{'type':'number'},'execution_rate':{'type':'number'}}}" },
	{ "FundingRow",
	  "{'type':'object','description':'Funds of one source of a project, in whole yuan (元); "
	  "the "
	  "rates are "
	  "derived.','required':['budgeted','arrived','spent','arrival_rate','execution_rate']"
	  ",'properties':{'source':{'$ref':'#/components/schemas/"
	  "dict.funding_source'},'budgeted':{'type':'integer',"
	  "'minimum':0,'description':'Budgeted (预算), "
	  "yuan.'},'arrived':{'type':'integer','minimum':0,"
	  "'description':'Arrived (到位), "
	  "yuan.'},'spent':{'type':'integer','minimum':0,'description':'Spent "
	  "(支出), "
	  "yuan.'},'arrival_rate':{'type':['number','null'],'readOnly':true,'description':'Arrival "
	  "rate (到位率) = arrived ÷ budgeted, four decimals; null when nothing is "
	  "budgeted.'},'execution_rate':{'type':['number',"
	  "'null'],'readOnly':true,'description':'Execution rate (执行率) = spent ÷ arrived, four "
	  "decimals; "
	  "null when nothing arrived.'}}}" },
	{ "IndicatorValue", "{'type':'object','required':['indicator_id','value'],'description':'A "
	                    "value the report gives "
	                    "an indicator of its task (400 naming `indicator_values` for an "
	                    "indicator of another task).',"
	                    "'properties':{'indicator_id':{'type':'integer','minimum':1},'value':{'"
	                    "type':'integer','minimum':0}"
	                    ",'indicator_name':{'type':'string','readOnly':true},'unit':{'type':['"
	                    "string','null'],'readOnly':true}"
	                    "}}" },
	{ "ProjectsDashboard",
	  "{'type':'object','description':'Pillar 1 (全力推进省重点项目建设) for a "
	  "year.','required':['year','as_of',"
	  "'projects','total'],'properties':{'year':{'type':'integer'},'as_of':{'type':'string','"
	  "format':'date',"
	  "'description':'Today in China time: overdue is as of this "
	  "date.'},'projects':{'type':'array',"
	  "'description':'Every project whose period covers the year, by "
	  "id.','items':{'allOf':[{'$ref':'#/components/schemas/Figures'}"
	  ",{'type':'object','properties':{'project_id':{'type':'integer','minimum':1},'name':{'"
	  "type':'string'}"
	  ",'level':{'type':'string'},'kind':{'type':['string','null']},'task_book_id':{'type':['"
	  "integer',"
	  "'null'],'minimum':1,'description':'The year\\u0027s task book; null (and zero figures) "
	  "without "
	  "one.'},'task_book_title':{'type':['string','null']},'latest_evaluation':{'type':['"
	  "object',"
	  "'null'],'description':'The latest evaluation dated by the end of the year: id, kind, "
	  "date,"
	  " result, score.'},'tasks_url':{'type':'string','description':'The list behind `tasks`.'}"
	  ",'overdue_url':{'type':'string','description':'The list behind "
	  "`overdue`.'},'indicators_url':{'type':'string',"
	  "'description':'The list behind "
	  "`indicators`.'}}}]}},'total':{'$ref':'#/components/schemas/Figures',"
	  "'description':'All projects together.'}}}" },
	{ "Todo", "{'type':'object','description':'The current user\\u0027s to-do list (at most "
	          "500 of each).',"
	          "'required':['overdue_tasks','reports_to_review','returned_reports','counts'],'"
	          "properties':{'overdue_tasks':{'type':'array',"
	          "'items':{'$ref':'#/components/schemas/Task'},'description':'Overdue tasks owned "
	          "by the user\\u0027s "
	          "staff record (`users.staff_id`), earliest deadline "
	          "first.'},'reports_to_review':{'type':'array',"
	          "'items':{'$ref':'#/components/schemas/ProgressReport'},'description':'For a "
	          "`school_admin`: "
	          "submitted reports, except those they submitted or on tasks they own; empty for "
	          "other roles.'}"
	          ",'returned_reports':{'type':'array','items':{'$ref':'#/components/schemas/"
	          "ProgressReport'}"
	          ",'description':'Returned reports the user submitted or on tasks they own, "
	          "latest first.'}"
	          ",'counts':{'type':'object','properties':{'overdue_tasks':{'type':'integer'},'"
	          "reports_to_review':{'type':'integer'}"
	          ",'returned_reports':{'type':'integer'}}}}}" },
	{ NULL },
};

const struct cj_docs cj_projects_docs = {
	.zh = "重点项目",
	.en = "Key projects",
	.text = "key projects and their funding, annual task books as outlines of tasks with "
	        "owners, deadlines and indicators, progress reports with evidence files and their "
	        "review, evaluations, commendations, the to-do list and the pillar-1 figures.",
	.entities = entities,
	.routes = routes,
	.schemas = schemas,
};
