/* The talent module's dictionaries: studios, outputs, students, placements, certificates. */
#include "core/dict.h"
#include "lib/util.h"

#define D CJ_DICT

static const struct cj_dict_value studio_kind[] = {
	{ "master_studio", "技能大师工作室", "Skill-master studio", "primary" },
	{ "teacher_studio", "名师工作室", "Master-teacher studio", "success" },
	{ "patent_team", "专利研发团队", "Patent R&D team", "warning" },
	{ "service_team", "技术创新服务队", "Technology innovation service team", "danger" },
};

static const struct cj_dict_value level[] = {
	{ "national", "国家级", "National", "danger" },
	{ "provincial", "省级", "Provincial", "warning" },
	{ "municipal", "市级", "Municipal", "primary" },
	{ "school", "校级", "School", "info" },
};

static const struct cj_dict_value honour[] = {
	{ "plaque", "授牌", "Plaque", "primary" },
	{ "flag", "授旗", "Flag", "danger" },
};

static const struct cj_dict_value output_kind[] = {
	{ "patent", "专利", "Patent", "primary" },
	{ "tech_service", "横向技术服务", "Technical service", "success" },
	{ "competition", "技能竞赛获奖", "Competition award", "warning" },
	{ "standard", "标准", "Standard", "info" },
	{ "textbook", "教材", "Textbook", "info" },
};

static const struct cj_dict_value patent_type[] = {
	{ "invention", "发明专利", "Invention", "danger" },
	{ "utility_model", "实用新型", "Utility model", "primary" },
	{ "design", "外观设计", "Design", "info" },
};

static const struct cj_dict_value patent_status[] = {
	{ "filed", "已申请", "Filed", "warning" },
	{ "granted", "已授权", "Granted", "success" },
};

static const struct cj_dict_value student_status[] = {
	{ "enrolled", "在读", "Enrolled", "primary" },
	{ "graduated", "已毕业", "Graduated", "success" },
	{ "left", "已离校", "Left", "info" },
};

static const struct cj_dict_value placement_kind[] = {
	{ "cognition", "认识实习", "Cognition internship", "info" },
	{ "post", "岗位实习", "Post internship", "primary" },
	{ "employment", "就业", "Employment", "success" },
};

static const struct cj_dict_value placement_status[] = {
	{ "planned", "计划中", "Planned", "info" },
	{ "ongoing", "进行中", "Ongoing", "primary" },
	{ "finished", "已结束", "Finished", "success" },
	{ "aborted", "已中止", "Aborted", "danger" },
};

static const struct cj_dict_value skill_level[] = {
	{ "1", "一级/高级技师", "Level 1 / senior technician", "danger" },
	{ "2", "二级/技师", "Level 2 / technician", "warning" },
	{ "3", "三级/高级工", "Level 3 / senior worker", "primary" },
	{ "4", "四级/中级工", "Level 4 / intermediate worker", "success" },
	{ "5", "五级/初级工", "Level 5 / junior worker", "info" },
};

static const struct cj_dict_value holder_type[] = {
	{ "student", "学生", "Student", "primary" },
	{ "employee", "企业职工", "Enterprise employee", "success" },
};

const struct cj_dict cj_talent_dicts[] = {
	D("studio_kind", "工作室/团队类型", "Studio or team kind", studio_kind),
	D("studio_level", "级别", "Level", level),
	D("honour", "荣誉形式", "Honour", honour),
	D("output_kind", "成果类型", "Output kind", output_kind),
	D("patent_type", "专利类型", "Patent type", patent_type),
	D("patent_status", "专利状态", "Patent status", patent_status),
	D("student_status", "学籍状态", "Student status", student_status),
	D("placement_kind", "实习就业类型", "Placement kind", placement_kind),
	D("placement_status", "实习就业状态", "Placement status", placement_status),
	D("skill_level", "职业技能等级", "Skill level", skill_level),
	D("holder_type", "持证人类型", "Holder type", holder_type),
	{ NULL, NULL, NULL, NULL, 0 },
};
