/* The registry module's dictionaries; see core/dict.h. */
#include "core/dict.h"
#include "lib/util.h"

#define D CJ_DICT

static const struct cj_dict_value department_kind[] = {
	{ "academic", "院系", "Academic department", "primary" },
	{ "office", "职能部门", "Administrative office", "info" },
};

static const struct cj_dict_value enterprise_size[] = {
	{ "large", "大型", "Large", "danger" },
	{ "medium", "中型", "Medium", "warning" },
	{ "small", "小型", "Small", "success" },
	{ "micro", "微型", "Micro", "info" },
};

static const struct cj_dict_value carrier_kind[] = {
	{ "training_base", "校外实训基地", "Off-campus training base", "primary" },
	{ "industry_college", "产业学院", "Industry college", "success" },
	{ "enterprise_college", "企业学院", "Enterprise college", "warning" },
	{ "order_class", "订单班", "Order class", "info" },
	{ "apprenticeship", "现代学徒制试点", "Modern apprenticeship pilot", "info" },
	{ "joint_center", "校企共建研发/技术中心", "Joint R&D / technology centre", "danger" },
};

static const struct cj_dict_value carrier_status[] = {
	{ "negotiating", "洽谈中", "Negotiating", "info" },
	{ "signed", "已签约", "Signed", "warning" },
	{ "active", "运行中", "Active", "success" },
	{ "ended", "已终止", "Ended", "danger" },
};

static const struct cj_dict_value carrier_end_reason[] = {
	{ "expired", "协议到期", "Expired", "info" },
	{ "terminated", "提前终止", "Terminated", "danger" },
};

static const struct cj_dict_value base_nature[] = {
	{ "school_built", "学校自建", "Built by the college", "primary" },
	{ "joint_built", "校企共建", "Built jointly", "success" },
	{ "enterprise_built", "企业建设", "Built by the enterprise", "warning" },
};

static const struct cj_dict_value event_kind[] = {
	{ "meeting", "会议", "Meeting", "primary" },
	{ "signing", "签约仪式", "Signing ceremony", "success" },
	{ "visit", "走访调研", "Visit", "info" },
	{ "contest", "技能竞赛", "Skills contest", "warning" },
	{ "training", "培训", "Training", "info" },
	{ "other", "其他", "Other", "info" },
};

static const struct cj_dict_value event_action[] = {
	{ "plaque_awarded", "授牌", "Plaque awarded", "primary" },
	{ "flag_awarded", "授旗", "Flag awarded", "danger" },
	{ "agreement_signed", "签约", "Agreement signed", "success" },
	{ "task_book_issued", "颁发任务书", "Task book issued", "warning" },
	{ "commendation", "表彰", "Commendation", "warning" },
};

/* Studio, task book and commendation targets arrive with their modules. */
static const struct cj_dict_value action_target[] = {
	{ "carrier", "合作载体", "Cooperation carrier", "primary" },
	{ "studio", "工作室/团队", "Studio or team", "success" },
	{ "task_book", "年度建设任务书", "Annual task book", "warning" },
	{ "commendation", "表彰", "Commendation", "success" },
};

static const struct cj_dict_value press_role[] = {
	{ "correspondent", "通讯员", "Correspondent", "info" },
	{ "photographer", "摄影", "Photographer", "info" },
	{ "editor", "编辑", "Editor", "info" },
};

static const struct cj_dict_value industry_section[] = {
	{ "A", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery", "info" },
	{ "B", "采矿业", "Mining", "info" },
	{ "C", "制造业", "Manufacturing", "primary" },
	{ "D", "电力、热力、燃气及水生产和供应业", "Electricity, heat, gas and water", "info" },
	{ "E", "建筑业", "Construction", "info" },
	{ "F", "批发和零售业", "Wholesale and retail", "info" },
	{ "G", "交通运输、仓储和邮政业", "Transport, storage and post", "info" },
	{ "H", "住宿和餐饮业", "Accommodation and catering", "info" },
	{ "I", "信息传输、软件和信息技术服务业", "Information and software services", "success" },
	{ "J", "金融业", "Finance", "info" },
	{ "K", "房地产业", "Real estate", "info" },
	{ "L", "租赁和商务服务业", "Leasing and business services", "info" },
	{ "M", "科学研究和技术服务业", "Research and technical services", "success" },
	{ "N", "水利、环境和公共设施管理业", "Water, environment and public facilities", "info" },
	{ "O", "居民服务、修理和其他服务业", "Household, repair and other services", "info" },
	{ "P", "教育", "Education", "warning" },
	{ "Q", "卫生和社会工作", "Health and social work", "info" },
	{ "R", "文化、体育和娱乐业", "Culture, sports and entertainment", "info" },
	{ "S", "公共管理、社会保障和社会组织", "Public administration and social organisations",
	  "info" },
	{ "T", "国际组织", "International organisations", "info" },
};

const struct cj_dict cj_registry_dicts[] = {
	D("department_kind", "部门类型", "Department kind", department_kind),
	D("enterprise_size", "企业规模", "Enterprise size", enterprise_size),
	D("industry_section", "国民经济行业门类", "Industry section (GB/T 4754-2017)",
	  industry_section),
	D("carrier_kind", "合作载体类型", "Carrier kind", carrier_kind),
	D("carrier_status", "合作载体状态", "Carrier status", carrier_status),
	D("carrier_end_reason", "终止原因", "End reason", carrier_end_reason),
	D("base_nature", "基地性质", "Base nature", base_nature),
	D("event_kind", "活动类型", "Event kind", event_kind),
	D("event_action", "活动事项", "Event action", event_action),
	D("action_target", "事项对象类型", "Action target type", action_target),
	D("press_role", "署名角色", "Press credit role", press_role),
	{ NULL, NULL, NULL, NULL, 0 },
};
