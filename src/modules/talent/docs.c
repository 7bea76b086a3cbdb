/*
 * The talent module's part of the OpenAPI document (api/openapi.h): its
 * entities' names, child lists and derived values, and its routes that are
 * not generic ones (the search by ID number, a placement's confirmation).
 */
#include <stddef.h>

#include "api/openapi.h"

static const struct cj_entity_doc entities[] = {
	{
	    .entity = "specialty",
	    .zh = "专业",
	    .en = "specialty",
	    .fields =
	        "{'code':'Specialty code (专业代码) from the technician-college specialty "
	        "catalogue, "
	        "e.g. 0112-4; unique in the college (409 naming `code`).','name':'Name "
	        "(专业名称).','department_id':'Department (所属院系): id of a department of the "
	        "same college.','duration_years':'Years of study (学制), 1 to 6.','remark':'Remark "
	        "(备注).','demo':'Whether the record belongs to the demo data set.'}",
	},
	{
	    .entity = "studio",
	    .zh = "工作室/团队",
	    .en = "studio",
	    .fields = "{'kind':'Kind (类型).','name':'Name (名称).','field':'Field or craft "
	              "(领域).','level':'Level (级别).',"
	              "'honour':'Honour received (荣誉): a plaque (授牌) or a flag "
	              "(授旗).','honour_date':'Date of the "
	              "plaque or flag (授牌/授旗日期).','event_id':'Event where the honour was "
	              "given (授予活动): id of an "
	              "event of the same college.','department_id':'Department (所属部门): id of a "
	              "department of the "
	              "same college. A `staff` user may only create and write studios of their own "
	              "department.',"
	              "'remark':'Remark (备注).','demo':'Whether the record belongs to the demo "
	              "data set.','leaders':'Leaders "
	              "(负责人), in order: staff members of the college or, by name, masters from "
	              "outside (校外).','members':'Members "
	              "(成员), in order: staff members of the college or, by name, people from "
	              "outside.'}",
	    .items = "{'leaders':{'$ref':'#/components/schemas/PersonInput'},'members':{'$ref':'#/"
	             "components/schemas/PersonInput'}"
	             "}",
	    .extra = "{'leaders':{'type':'array','items':{'$ref':'#/components/schemas/"
	             "Person'},'description':'Leaders "
	             "(负责人), in order: staff members of the college or, by name, masters from "
	             "outside (校外).'},"
	             "'members':{'type':'array','items':{'$ref':'#/components/schemas/"
	             "Person'},'description':'Members "
	             "(成员), in order: staff members of the college or, by name, people from "
	             "outside.'},'department_name':{'type':['string',"
	             "'null'],'readOnly':true,'description':'Name of the department (derived).'}}",
	},
	{
	    .entity = "output",
	    .zh = "成果",
	    .en = "output",
	    .fields = "{'kind':'Output kind (成果类型). A `patent` needs `application_no` and "
	              "`patent_type`; a `tech_service` "
	              "needs `client_enterprise_id` (400 naming the field).','title':'Title "
	              "(成果名称).','date':'Date "
	              "(日期): filed, awarded or published.','studio_id':'Studio or team "
	              "(工作室/团队) it came from: id "
	              "of a studio of the same college.','department_id':'Department (所属部门): "
	              "id of a department "
	              "of the same college. A `staff` user may only create and write outputs of "
	              "their own department.',"
	              "'application_no':'Patent application number (专利申请号): a 4-digit year "
	              "(1985–2199), a kind "
	              "digit (`1` invention, `2` utility model, `3` design, `8` or `9` PCT entry), "
	              "a 7-digit serial,"
	              " a dot and the check character (`0123456789X`[Σ mod 11], weights 2–9 then "
	              "2–5 over the 12 "
	              "digits), e.g. `202310123456.6`. The dot is optional on input "
	              "(`2023101234566`) and a lower-case "
	              "`x` is upper-cased; stored and answered with the dot. Patents only: on "
	              "another kind it is "
	              "400 naming the field. Unique in the college (409 `duplicate`, field "
	              "`application_no`).',"
	              "'patent_type':'Patent type (专利类型); required for a "
	              "`patent`.','patent_status':'Patent status "
	              "(专利状态).','granted_on':'Date the patent was granted "
	              "(授权日期).','client_enterprise_id':'Client "
	              "enterprise of a technical service (委托企业): id of an enterprise of the "
	              "same college; required "
	              "for a `tech_service`.','contract_amount':'Contract amount in yuan "
	              "(合同金额（元）).','amount_received':'Amount "
	              "received in yuan (到账金额（元）).','start_date':'Start of the service "
	              "period (服务开始日期).','end_date':'End "
	              "of the service period (服务结束日期); not before `start_date` (400 naming "
	              "`end_date`).','contest':'Contest "
	              "of a competition award (赛事).','competition_level':'Level of the "
	              "competition (竞赛级别).','award':'Award "
	              "(奖项), e.g. 一等奖.','publisher':'Publisher or issuing body of a standard "
	              "or textbook (发布/出版单位).',"
	              "'remark':'Remark (备注).','demo':'Whether the record belongs to the demo "
	              "data set.','people':'People "
	              "who did it (完成人), in order: staff members of the college or, by name, "
	              "people from outside.'}",
	    .items = "{'people':{'$ref':'#/components/schemas/PersonInput'}}",
	    .extra =
	        "{'people':{'type':'array','items':{'$ref':'#/components/schemas/"
	        "Person'},'description':'People "
	        "who did it (完成人), in order: staff members of the college or, by name, people "
	        "from outside.'}"
	        ",'studio_name':{'type':['string','null'],'readOnly':true,'description':'Name of "
	        "the studio "
	        "or team "
	        "(derived).'},'client_enterprise_name':{'type':['string','null'],'readOnly':true,"
	        "'description':'Name of the client enterprise (derived).'}}",
	    .filters = "{'year':'Only outputs dated in this year (a patent\\u0027s filing, a "
	               "service\\u0027s contract).','granted_in':'Only patents granted "
	               "(`granted_on`) in this year.'}",
	},
	{
	    .entity = "student",
	    .zh = "学生",
	    .en = "student",
	    .fields = "{'student_no':'Student number (学号); unique in the college (409 "
	              "`duplicate`, field `student_no`).',"
	              "'name':'Name (姓名).','id_number':'Resident ID number (身份证号), personal "
	              "information. Returned "
	              "masked (`110***********002X`: the first 3 and the last 4 characters); the "
	              "full value only "
	              "through the audited `/pii` view.','specialty_code':'Specialty code "
	              "(专业代码).','specialty_name':'Specialty "
	              "(专业).','class_name':'Class (班级).','cohort_year':'Cohort: the year of "
	              "entry (年级).','status':'Student "
	              "status (学籍状态).','phone':'Phone (手机号), personal information. Returned "
	              "masked (`138****5678`,"
	              " landline `0573-******34`); the full value only through the audited `/pii` "
	              "view.','department_id':'Department "
	              "(所属系部): id of a department of the same college. A `staff` user may only "
	              "create and write "
	              "students of their own department.','demo':'Whether the record belongs to "
	              "the demo data set.'}",
	    .filters = "{'employed_at_partner':'Only students with an `employment` placement (not "
	               "aborted) that starts in this year at a partner enterprise of the year (see "
	               "the enterprises\\u0027 `partner_in`).'}",
	},
	{
	    .entity = "placement",
	    .zh = "实习与就业",
	    .en = "placement",
	    .fields =
	        "{'student_id':'Student (学生): id of a student of the same college; fixed after "
	        "creation.',"
	        "'enterprise_id':'Enterprise (企业) of the internship or job: id of an enterprise "
	        "of the same "
	        "college. An `enterprise_contact` sees and confirms the placements of their own "
	        "enterprise "
	        "only.','carrier_id':'Cooperation carrier (合作载体) it belongs to, e.g. an order "
	        "class or a "
	        "training base: id of a carrier of the same college.','kind':'Kind (类型). A "
	        "student has at "
	        "most one `post` internship at a time: a `post` placement that is not `aborted` "
	        "and whose "
	        "dates overlap another such placement of the same student is 409 `overlap` (field "
	        "`start_date`); "
	        "a missing `end_date` runs on without end.','start_date':'Start date "
	        "(开始日期).','end_date':'End "
	        "date (结束日期); not before `start_date` (400 naming `end_date`). `null` while it "
	        "runs on.',"
	        "'position':'Position (岗位); what `q` searches.','mentor':'Mentor at the "
	        "enterprise (企业导师).',"
	        "'status':'Status (状态).','score':'Score (成绩), 0–100.','confirmed':'Confirmed "
	        "by the enterprise "
	        "(企业确认); set only by `POST /api/v1/placements/{id}/confirm`.','remark':'Remark "
	        "(备注).','demo':'Whether "
	        "the record belongs to the demo data set.'}",
	    .extra = "{'student_name':{'type':'string','readOnly':true,'description':'Name of the "
	             "student (derived).'}"
	             ",'enterprise_name':{'type':'string','readOnly':true,'description':'Name of "
	             "the enterprise "
	             "(derived).'},'student_department_id':{'type':['integer','null'],'readOnly':"
	             "true,'description':'The "
	             "student\\u0027s department "
	             "(derived).'},'carrier_name':{'type':['string','null'],'readOnly':true,"
	             "'description':'The carrier\\u0027s name (derived).'}}",
	    .filters =
	        "{'year':'Only placements that start in this year.','aborted':'`true`: only "
	        "aborted placements; `false`: every other.','at_partner':'Only placements at a "
	        "partner enterprise of this year (see the enterprises\\u0027 `partner_in`).'}",
	},
	{
	    .entity = "certificate",
	    .zh = "技能证书",
	    .en = "certificate",
	    .fields =
	        "{'holder_type':'Holder type (持证人类型); fixed after creation. A `student` "
	        "certificate needs "
	        "`student_id` and takes no `holder_id_number`; an `employee` certificate takes no "
	        "`student_id` "
	        "and needs `holder_name` and `holder_id_number` (400 naming the "
	        "field).','student_id':'Student "
	        "holder (学生): id of a student of the same college; required when `holder_type` "
	        "is `student`,"
	        " refused otherwise.','holder_name':'Holder\\u0027s name (姓名); what `q` "
	        "searches. For a student "
	        "certificate the student\\u0027s name (set by the server); required for an "
	        "`employee`.','holder_id_number':'Holder\\u0027s "
	        "resident ID number (身份证号) of an `employee` certificate, personal information; "
	        "`null` for "
	        "a student certificate (see the student\\u0027s own `/pii` view). Returned masked "
	        "(`110***********002X`: "
	        "the first 3 and the last 4 characters); the full value only through the audited "
	        "`/pii` view.',"
	        "'enterprise_id':'Enterprise (所在企业) of the holder: id of an enterprise of the "
	        "same college.',"
	        "'occupation':'Occupation (职业（工种）).','level':'Skill level (等级), an integer "
	        "from 1 (highest) "
	        "to 5 (400 `invalid_argument` otherwise, also for a string such as `\\'2\\'`). "
	        "Levels 1 and "
	        "2 are the gold collar (`gold_collar`). Dictionary `skill_level` (职业技能等级 / "
	        "Skill level), "
	        "its values the level as text: `1` 一级/高级技师 (Level 1 / senior technician); "
	        "`2` 二级/技师 (Level "
	        "2 / technician); `3` 三级/高级工 (Level 3 / senior worker); `4` 四级/中级工 "
	        "(Level 4 / intermediate "
	        "worker); `5` 五级/初级工 (Level 5 / junior "
	        "worker).','certificate_no':'Certificate number (证书编号); "
	        "unique in the college (409 `duplicate`, field "
	        "`certificate_no`).','issue_date':'Date of "
	        "issue (发证日期).','demo':'Whether the record belongs to the demo data set.'}",
	    .extra = "{'gold_collar':{'type':'boolean','readOnly':true,'description':'Level 1 or 2 "
	             "(高级技师, 技师): "
	             "the gold collar (金蓝领) "
	             "(derived).'},'enterprise_name':{'type':['string','null'],'readOnly':true,"
	             "'description':'The enterprise\\u0027s name (derived).'}}",
	    .filters = "{'gold_collar':'true: levels 1 and 2 only (金蓝领); false: levels 3 to "
	               "5.','year':'Only certificates issued in this year.','date_from':'Only "
	               "certificates issued on or after this date.','date_to':'Only certificates "
	               "issued on or before this date.'}",
	},
	{
	    .entity = "training",
	    .zh = "职工培训",
	    .en = "employee training",
	    .fields = "{'enterprise_id':'Enterprise (企业) whose employees were trained: id of an "
	              "enterprise of the "
	              "same college. An `enterprise_contact` sees the trainings of their own "
	              "enterprise only.',"
	              "'title':'Title (培训项目).','occupation':'Occupation "
	              "(工种).','start_date':'Start date (培训开始日期).',"
	              "'end_date':'End date (培训结束日期); not before `start_date` (400 naming "
	              "`end_date`).','hours':'Hours "
	              "per trainee (学时).','trainees':'Number of trainees "
	              "(人数).','certificates_issued':'Certificates "
	              "issued (发证数).','department_id':'Department that gave it (承办部门): id "
	              "of a department of the "
	              "same college. A `staff` user may only create and write trainings of their "
	              "own department.',"
	              "'studio_id':'Studio or team that gave it (承办工作室/团队): id of a studio "
	              "of the same college.',"
	              "'fee':'Fee in yuan (培训费（元）).','remark':'Remark "
	              "(备注).','demo':'Whether the record belongs "
	              "to the demo data set.'}",
	    .extra = "{'person_hours':{'type':'integer','minimum':0,'readOnly':true,'description':'"
	             "`hours` × `trainees` "
	             "(人时数) "
	             "(derived).'},'enterprise_name':{'type':'string','readOnly':true,'description'"
	             ":'Name "
	             "of the enterprise "
	             "(derived).'},'studio_name':{'type':['string','null'],'readOnly':true,'"
	             "description':'The "
	             "delivering studio\\u0027s name "
	             "(derived).'},'department_name':{'type':['string','null'],'readOnly':true,"
	             "'description':'The delivering department\\u0027s name (derived).'}}",
	    .filters =
	        "{'year':'Only trainings that start in this year.','date_from':'Only trainings "
	        "that start on or after this date.','date_to':'Only trainings that start on or "
	        "before this date.'}",
	},
	{ NULL },
};

static const struct cj_route_doc routes[] = {
	{
	    .method = "POST",
	    .pattern = "/api/v1/students/search",
	    .zh = "按身份证号查找学生",
	    .en = "Find students by ID number",
	    .text = "An exact match on the full resident ID number, through its keyed hash: the "
	            "number travels "
	            "in the body, so it never appears in a URL or a log. Only `id_number` is "
	            "accepted (400 naming "
	            "any other field); it is checked like a student's `id_number` (400 when not "
	            "valid; `x` is "
	            "accepted for `X`). Answers the matching students of the caller's college, "
	            "masked like every "
	            "answer, as one list page (page 1, size 50, by id). A search tells whether a "
	            "full number exists, so it is a full view of personal information: "
	            "`school_admin` only (403 for the other roles); every search, found or not, "
	            "writes an audit row (`pii_search`: who, when and how many matched, never the "
	            "number); at most 20 searches a minute per user, then 429 with `Retry-After`.",
	    .body = "{'$ref':'#/components/schemas/StudentSearch'}",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/StudentList'}",
	},
	{
	    .method = "POST",
	    .pattern = "/api/v1/placements/:id/confirm",
	    .zh = "企业确认",
	    .en = "Confirm a placement",
	    .text = "Sets `confirmed` to `true`: the enterprise confirms its intern or employee. "
	            "An `enterprise_contact` "
	            "confirms only placements at their own enterprise (another one answers 404). "
	            "No body and "
	            "no version needed; the record's version rises as with any update, and "
	            "confirming again is "
	            "allowed. The placement's rules are checked again (409 `overlap`).",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/Placement'}",
	},
	{ NULL },
};

static const struct cj_schema_doc schemas[] = {
	{ "Person",
	  "{'type':'object','description':'A person of a studio or an output: a staff member of "
	  "the "
	  "college, or someone from outside by "
	  "name.','required':['staff_id','name'],'properties':{'staff_id':{'type':['integer',"
	  "'null'],'minimum':1,'description':'The staff member (教职工), or `null` for someone "
	  "from outside "
	  "the college (校外).'},'name':{'type':'string','description':'The staff member\\u0027s "
	  "current "
	  "name when `staff_id` is set, else the name given.'}}}" },
	{ "PersonInput",
	  "{'type':'object','description':'A staff member (`staff_id`) or someone from outside the "
	  "college (`name`); one of them is "
	  "required.','additionalProperties':false,'properties':{'staff_id':{'type':['integer',"
	  "'null'],'minimum':1,'description':'A staff member of the same college (404 naming the "
	  "list "
	  "otherwise). Their name is shown, whatever `name` "
	  "says.'},'name':{'type':['string','null']"
	  ",'maxLength':100,'description':'The name of someone from outside the college. At most "
	  "100 "
	  "characters.'}}}" },
	{ "StudentSearch", "{'type':'object','description':'The body of `POST "
	                   "/api/v1/students/search`.','required':['id_number']"
	                   ",'additionalProperties':false,'properties':{'id_number':{'type':'"
	                   "string','description':'The "
	                   "full resident ID number (18 characters; `x` is accepted for `X`). A "
	                   "number that is not valid "
	                   "is 400 naming `id_number`.'}}}" },
	{ NULL },
};

const struct cj_docs cj_talent_docs = {
	.zh = "人才与社会服务",
	.en = "Talent and social service",
	.text =
	    "skill-master studios and teams and their outputs, students with their internships and "
	    "jobs at partner enterprises, skill certificates and enterprise employee training.",
	.entities = entities,
	.routes = routes,
	.schemas = schemas,
};
