/*
 * The registry module's part of the OpenAPI document (api/openapi.h): the
 * names of its entities, their child lists and the values the store adds
 * to their answers.
 */
#include <stddef.h>

#include "api/openapi.h"

static const struct cj_entity_doc entities[] = {
	{
	    .entity = "department",
	    .zh = "院系/部门",
	    .en = "department",
	    .fields =
	        "{'name':'Department name (院系/部门名称); unique in the "
	        "college.','code':'Department code (部门代码),"
	        " free text.','kind':'Department kind (部门类型).','remark':'Remark (备注).'}",
	},
	{
	    .entity = "staff",
	    .zh = "教职工",
	    .en = "staff",
	    .fields = "{'name':'Name (姓名).','employee_no':'Employee number (工号); unique in the "
	              "college.','department_id':'Department "
	              "(所属部门): id of a department of the same college.','title':'Title or post "
	              "(职务/职称).','phone':'Phone "
	              "(联系电话), personal information. Returned masked (`138****5678`, landline "
	              "`0573-******34`); "
	              "the full value only through the audited `/pii` view.','demo':'Whether the "
	              "record belongs "
	              "to the demo data set.'}",
	},
	{
	    .entity = "enterprise",
	    .zh = "合作企业",
	    .en = "enterprise",
	    .fields = "{'name':'Enterprise name (企业名称).','uscc':'Unified social credit code "
	              "(统一社会信用代码, GB 32100-2015): "
	              "18 characters from `0123456789ABCDEFGHJKLMNPQRTUWXY` with a valid check "
	              "character, or an "
	              "old 15-digit registration number (kept as is, flagged by `uscc_legacy`). "
	              "Input is trimmed,"
	              " full-width forms become ASCII and letters are upper-cased. Unique in the "
	              "college (409 `duplicate`,"
	              " field `uscc`).','uscc_legacy':'True when `uscc` is an old 15-digit "
	              "registration number "
	              "(工商注册号).','industry_code':'Industry code (国民经济行业代码, GB/T "
	              "4754-2017): a section letter A–T "
	              "alone or followed by a 2-, 3- or 4-digit division/group/class of that "
	              "section, e.g. `C34` "
	              "general equipment manufacturing.','size':'Enterprise size "
	              "(企业规模).','region_code':'Region "
	              "code (行政区划代码): 6 digits.','address':'Address "
	              "(地址).','contact_name':'Contact person (联系人).',"
	              "'contact_phone':'Contact phone (联系电话), personal information. Returned "
	              "masked (`138****5678`,"
	              " landline `0573-******34`); the full value only through the audited `/pii` "
	              "view.','remark':'Remark "
	              "(备注).','demo':'Whether the record belongs to the demo data set.'}",
	    .extra = "{'carriers':{'type':'array','items':{'$ref':'#/components/schemas/"
	             "EnterpriseCarrier'},'readOnly':true,"
	             "'description':'Detail only (one record, not lists): the carriers the "
	             "enterprise is a partner "
	             "of, by kind then id.'}}",
	    .filters = "{'partner':'`true`: partners today (a partner of a carrier `signed` or "
	               "`active`); `false`: the others.','partner_in':'Partners of the year (the "
	               "dashboard): of a carrier in force then: for the current year `signed` or "
	               "`active` today; for a past year signed at some time and valid on its 31 "
	               "December (an ended carrier counts).'}",
	},
	{
	    .entity = "carrier",
	    .zh = "合作载体",
	    .en = "carrier",
	    .fields = "{'kind':'Carrier kind (合作载体类型).','name':'Carrier name "
	              "(载体名称).','department_id':'Lead department "
	              "(牵头院系): id of a department of the same college. A `staff` user may only "
	              "create and write "
	              "carriers of their own department.','status':'Status (状态): `negotiating` → "
	              "`signed` → `active` "
	              "→ `ended`, one step forward at a time; reaching `ended` from `active` needs "
	              "`end_reason` "
	              "`expired`; `terminated` ends a carrier from any state that has not ended. "
	              "Any other move "
	              "is 409 `invalid_transition`.','end_reason':'End reason (终止原因): set "
	              "exactly when `status` "
	              "is `ended` (400 otherwise).','signed_on':'Date the agreement was signed "
	              "(签约日期).','valid_from':'Start "
	              "of the agreement term (协议起始日期).','valid_to':'End of the agreement "
	              "term (协议截止日期); not before "
	              "`valid_from`.','plaque_no':'Plaque number (授牌编号).','plaque_date':'Date "
	              "the plaque was awarded "
	              "(授牌日期).','capacity':'Yearly capacity in student places "
	              "(年接纳学生数).','on_campus':'Training "
	              "base on campus (校内) or off campus (校外).','base_nature':'Nature of a "
	              "training base (基地性质).',"
	              "'productive':'Productive training base "
	              "(生产性实训基地).','virtual_sim':'Virtual-simulation training "
	              "base (虚拟仿真实训基地).','workstations':'Workstations "
	              "(工位数).','remark':'Remark (备注).','demo':'Whether "
	              "the record belongs to the demo data set.','partners':'Partner enterprises "
	              "(合作企业), in order.'}",
	    .items = "{'partners':{'$ref':'#/components/schemas/CarrierPartnerInput'}}",
	    .extra =
	        "{'partners':{'type':'array','items':{'$ref':'#/components/schemas/"
	        "CarrierPartner'},'description':'Partner "
	        "enterprises (合作企业), in "
	        "order.'},'expiring':{'type':'boolean','readOnly':true,'description':'`valid_to` "
	        "is today or within the next 90 days and the carrier has not ended "
	        "(即将到期).'},'overdue_renewal':{'type':'boolean',"
	        "'readOnly':true,'description':'`valid_to` is past and the carrier is still "
	        "`active` (逾期未续签).'}"
	        ",'status_history':{'type':'array','items':{'$ref':'#/components/schemas/"
	        "CarrierStatusChange'}"
	        ",'readOnly':true,'description':'Detail only: the status changes, oldest "
	        "first.'},'events':{'type':'array',"
	        "'items':{'$ref':'#/components/schemas/"
	        "CarrierEventRef'},'readOnly':true,'description':'Detail "
	        "only: event actions naming this carrier, by event date.'}}",
	    .filters = "{'enterprise_id':'Only carriers this enterprise is a partner "
	               "of.','expiring':'Only carriers "
	               "not ended whose `valid_to` is between today and today + this many days "
	               "(inclusive).','overdue_renewal':'`true` "
	               "(the only accepted value): only `active` carriers whose `valid_to` is "
	               "past.','year':'Carriers as they stand in this "
	               "year: every carrier for the current year; for a past year those signed at "
	               "some time "
	               "and valid on its 31 December.','in_force':'Carriers in force in this year: "
	               "for the "
	               "current year `signed` or `active`; for a past year as `year`.'}",
	},
	{
	    .entity = "event",
	    .zh = "活动",
	    .en = "event",
	    .fields = "{'title':'Title (活动名称).','date':'Date of the event "
	              "(活动日期).','place':'Place (地点).','kind':'Event "
	              "kind (活动类型).','summary':'Summary or report text "
	              "(活动纪要).','demo':'Whether the record belongs "
	              "to the demo data set.','attendees':'Attendees (参会单位/人员), in "
	              "order.','press':'Press credits "
	              "(署名：通讯员、摄影、编辑), in order.','actions':'What the event did to "
	              "records (活动事项: 授牌, 签约, ...),"
	              " in order.'}",
	    .items = "{'attendees':{'type':'string','maxLength':200,'description':'Name of a unit "
	             "or person (at "
	             "most 200 bytes). Blank names are "
	             "dropped.'},'press':{'$ref':'#/components/schemas/PressCredit'}"
	             ",'actions':{'$ref':'#/components/schemas/EventActionInput'}}",
	    .extra = "{'attendees':{'type':'array','items':{'type':'string','maxLength':200,'"
	             "description':'Name "
	             "of a unit or person (at most 200 bytes).'},'description':'Attendees "
	             "(参会单位/人员), in order.'}"
	             ",'actions':{'type':'array','items':{'$ref':'#/components/schemas/"
	             "EventAction'},'description':'What "
	             "the event did to records (活动事项: 授牌, 签约, ...), in order.'}}",
	    .filters = "{'date_from':'Only events on or after this date.','date_to':'Only events "
	               "on or before this "
	               "date.'}",
	},
	{ NULL },
};

static const struct cj_schema_doc schemas[] = {
	{ "CarrierEventRef", "{'type':'object','description':'An event action that names this "
	                     "carrier (e.g. the meeting "
	                     "where its plaque was "
	                     "awarded).','required':['event_id','title','date','action'],'"
	                     "properties':{'event_id':{'type':'integer'}"
	                     ",'title':{'type':'string'},'date':{'type':'string','format':'date'},'"
	                     "action':{'$ref':'#/components/schemas/dict.event_action'}"
	                     "}}" },
	{ "CarrierPartner", "{'type':'object','description':'A partner enterprise of a "
	                    "carrier.','required':['enterprise_id',"
	                    "'enterprise_name','lead'],'properties':{'enterprise_id':{'type':'"
	                    "integer','minimum':1},'enterprise_name':{'type':'string',"
	                    "'readOnly':true,'description':'Name of the enterprise "
	                    "(derived).'},'lead':{'type':'boolean',"
	                    "'description':'The lead enterprise (牵头企业).'}}}" },
	{ "CarrierPartnerInput",
	  "{'type':'object','required':['enterprise_id'],'additionalProperties':false,'properties':"
	  "{'enterprise_id':{'type':'integer',"
	  "'minimum':1,'description':'An enterprise of the same college (404 naming `partners` "
	  "otherwise).'}"
	  ",'lead':{'type':'boolean','default':false,'description':'The lead enterprise "
	  "(牵头企业).'}}}" },
	{ "CarrierStatusChange",
	  "{'type':'object','description':'One status change of a carrier (状态变更记录), oldest "
	  "first.',"
	  "'required':['from','to','end_reason','at','user_id'],'properties':{'from':{'anyOf':[{'$"
	  "ref':'#/components/schemas/dict.carrier_status'}"
	  ",{'type':'null'}],'description':'Previous status; null for the "
	  "creation.'},'to':{'$ref':'#/components/schemas/dict.carrier_status'}"
	  ",'end_reason':{'anyOf':[{'$ref':'#/components/schemas/"
	  "dict.carrier_end_reason'},{'type':'null'}"
	  "]},'at':{'type':'string','format':'date-time'},'user_id':{'type':['integer','null'],'"
	  "description':'The "
	  "user who made the change; 0 for the command line.'}}}" },
	{ "EnterpriseCarrier",
	  "{'type':'object','description':'A carrier the enterprise is a partner "
	  "of.','required':['id',"
	  "'name','kind','status','lead'],'properties':{'id':{'type':'integer'},'name':{'type':'"
	  "string'}"
	  ",'kind':{'$ref':'#/components/schemas/dict.carrier_kind'},'status':{'$ref':'#/"
	  "components/schemas/dict.carrier_status'}"
	  ",'lead':{'type':'boolean','description':'Whether the enterprise is the carrier\\u0027s "
	  "lead "
	  "partner.'}}}" },
	{ "EventAction",
	  "{'type':'object','description':'An action of the event on a "
	  "record.','required':['action',"
	  "'target_type','target_id','target_name'],'properties':{'action':{'$ref':'#/components/"
	  "schemas/dict.event_action'}"
	  ",'target_type':{'$ref':'#/components/schemas/"
	  "dict.action_target'},'target_id':{'type':'integer'}"
	  ",'target_name':{'type':['string','null'],'readOnly':true,'description':'Name of the "
	  "target "
	  "(derived).'},'target_kind':{'type':['string','null'],'readOnly':true,'description':'The "
	  "kind of a carrier target (derived); absent for other targets.'}}}" },
	{ "EventActionInput",
	  "{'type':'object','required':['action','target_type','target_id'],'additionalProperties':"
	  "false,"
	  "'description':'An action of the event. Allowed pairs: `plaque_awarded` or "
	  "`agreement_signed` "
	  "on a `carrier`, `task_book_issued` on a `task_book`, `commendation` on a `commendation` "
	  "(any other pair: 400). The target must exist in the same college (404 naming "
	  "`actions`).',"
	  "'properties':{'action':{'$ref':'#/components/schemas/"
	  "dict.event_action'},'target_type':{'$ref':'#/components/schemas/dict.action_target'}"
	  ",'target_id':{'type':'integer','minimum':1}}}" },
	{ "PressCredit",
	  "{'type':'object','description':'A press credit "
	  "(署名).','required':['role','name'],'additionalProperties':false,"
	  "'properties':{'role':{'$ref':'#/components/schemas/"
	  "dict.press_role'},'name':{'type':'string',"
	  "'minLength':1,'maxLength':100,'description':'Not blank; at most 100 bytes.'}}}" },
	{ NULL },
};

const struct cj_docs cj_registry_docs = {
	.zh = "合作登记",
	.en = "Registry",
	.text = "departments, staff, partner enterprises, cooperation carriers (training bases, "
	        "industry and enterprise colleges, order classes, apprenticeships, joint centres) "
	        "and the events at which they were signed or awarded.",
	.entities = entities,
	.schemas = schemas,
};
