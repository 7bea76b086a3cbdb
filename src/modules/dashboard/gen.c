/* The synthetic college; see gen.h. */
#include <stdio.h>
#include <string.h>

#include "core/pii.h"
#include "core/uscc.h"
#include "lib/util.h"
#include "modules/dashboard/gen.h"
#include "modules/projects/projects.h"
#include "modules/registry/registry.h"
#include "modules/talent/rules.h"
#include "modules/talent/talent.h"

struct rng {
	uint64_t s;
};

/* A uniform number below n (PCG-style LCG step, high bits). */
static unsigned
pick(struct rng *r, unsigned n)
{
	r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((r->s >> 33) % n);
}

#define ONE_OF(r, arr) (arr)[pick(r, CJ_ARRAY_SIZE(arr))]

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴",
	                                "周", "徐", "孙", "马", "朱", "胡", "沈", "钱", "陆",
	                                "姚", "金", "顾", "蒋", "韩", "许", "冯", "郑", "曹" };
static const char *const given[] = { "浩", "宇", "轩", "杰", "涛", "俊", "晨", "鑫", "磊",
	                             "欣", "怡", "婷", "佳", "琪", "悦", "雨", "嘉", "子",
	                             "文", "博", "思", "梓", "一", "明", "亮", "远", "航" };
static const char *const places[] = { "嘉禾", "南湖", "秀洲", "禾城", "鸳湖", "梅湾", "运河",
	                              "长水", "濮院", "王店", "新塍", "凤桥", "乍浦", "澉浦" };
static const char *const words[] = { "精工", "智造", "恒信", "瑞丰", "华通", "永盛", "东方",
	                             "宏达", "鼎力", "新源", "博远", "联创", "金桥", "天成" };
static const struct {
	const char *code, *trade;
} industries[] = {
	{ "C34", "机械设备" },   { "C38", "电气" },     { "C39", "电子科技" },
	{ "C36", "汽车零部件" }, { "C33", "金属制品" }, { "C29", "塑料制品" },
	{ "C17", "纺织" },       { "C14", "食品" },     { "I65", "软件" },
	{ "H62", "餐饮管理" },   { "M75", "技术服务" }, { "O80", "物业服务" },
};
static const char *const sizes[] = { "large", "medium", "small", "small", "micro" };
static const char *const carrier_kinds[] = { "training_base",      "industry_college",
	                                     "enterprise_college", "order_class",
	                                     "apprenticeship",     "joint_center" };
static const char *const departments[] = { "机电工程系", "信息技术系", "商贸服务系", "校企合作处" };
static const struct {
	const char *code, *name, *occupation;
} specialties[] = {
	{ "0105-4", "机电一体化技术", "电工" },
	{ "0302-4", "计算机网络应用", "计算机网络管理员" },
	{ "1104-4", "烹饪（中式烹调）", "中式烹调师" },
	{ "0401-4", "汽车维修", "汽车维修工" },
};

/* A key project's task book: five sections (the first-level tasks), four tasks each. */
static const struct {
	const char *section;
	struct {
		const char *title, *indicator, *unit;
		int target; /* the target is target + a seeded 0..target */
	} tasks[4];
} book_outline[] = {
	{ "专业与课程建设",
	  { { "修订专业人才培养方案", "修订人才培养方案数", "个", 4 },
	    { "建设精品在线开放课程", "建成精品在线开放课程数", "门", 2 },
	    { "开发工作页式一体化教材", "出版一体化教材数", "本", 3 },
	    { "建设一体化教学场地", "建成一体化教学场地数", "个", 2 } } },
	{ "师资队伍建设",
	  { { "培养专业带头人", "培养专业带头人数", "人", 3 },
	    { "聘请企业技术骨干任兼职教师", "聘请兼职教师数", "人", 10 },
	    { "组织教师下企业实践", "教师企业实践人次", "人次", 30 },
	    { "建设技能大师工作室", "建成技能大师工作室数", "个", 1 } } },
	{ "校企合作与产教融合",
	  { { "新增紧密型合作企业", "新增紧密型合作企业数", "家", 10 },
	    { "共建产业学院", "共建产业学院数", "个", 1 },
	    { "开设校企合作订单班", "开设订单班数", "个", 3 },
	    { "共建校内外实训基地", "共建实训基地数", "个", 4 } } },
	{ "社会服务能力建设",
	  { { "开展企业职工技能培训", "职工培训人次", "人次", 2000 },
	    { "开展职业技能等级认定", "技能等级认定人数", "人", 800 },
	    { "承接横向技术服务项目", "横向技术服务项目数", "项", 5 },
	    { "申请发明和实用新型专利", "专利申请数", "项", 4 } } },
	{ "技能竞赛与人才培养",
	  { { "承办市级以上职业技能竞赛", "承办竞赛项数", "项", 2 },
	    { "组织学生参加省级以上竞赛", "省级以上竞赛获奖数", "项", 5 },
	    { "提高毕业生双证书获取率", "双证书获取率", "%", 45 },
	    { "推进高质量就业", "毕业生就业率", "%", 48 } } },
};

void
cj_gen_uscc(uint64_t seed, const char *region, char out[19])
{
	static const int w[] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	char first17[18];
	int s = 0, c;

	snprintf(first17, sizeof(first17), "91%.6s%08llu", region,
	         (unsigned long long)(seed % 100000000ULL));
	for (int i = 0; i < 8; i++)
		s += (first17[8 + i] - '0') * w[i];
	c = 11 - s % 11;
	first17[16] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
	first17[17] = '\0';
	memcpy(out, first17, 17);
	out[17] = cj_uscc_check_char(first17);
	out[18] = '\0';
}

/* A name of two or three characters. */
static void
person(struct rng *r, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s", ONE_OF(r, surnames), ONE_OF(r, given),
	         pick(r, 3) ? ONE_OF(r, given) : "");
}

/* A valid resident ID number born in year, registered in region. */
static void
id_number(struct rng *r, const char *region, int year, int seq, char out[19])
{
	char id17[24];

	snprintf(id17, sizeof(id17), "%.6s%04d%02u%02u%03d", region, year, 1 + pick(r, 12),
	         1 + pick(r, 28), seq % 1000);
	memcpy(out, id17, 17);
	out[17] = cj_idcard_check_char(id17);
	out[18] = '\0';
}

int
cj_gen_make_trusted(struct cj_ctx *ctx, const struct cj_entity *e, json_t *in, int64_t *id,
                    struct cj_error *err)
{
	int64_t ignored;
	int rc = cj_store_create(ctx, e, in, id ? id : &ignored, err);

	json_decref(in);
	return rc;
}

struct run {
	struct cj_ctx *ctx;
	const struct cj_gen_college *c;
	cj_gen_make_fn make;
	struct cj_error *err;
};

static int
emit(struct run *g, const struct cj_entity *e, json_t *in, int64_t *id)
{
	int rc;

	if (!in)
		return cj_error_set(g->err, CJ_EINTERNAL, CJ_M_NOT_FOUND, e->name);
	rc = g->make(g->ctx, e, in, id, g->err);
	if (rc == 0 && g->c->tick)
		g->c->tick(g->c->arg);
	return rc;
}

/*
 * A record whose store hooks derive what it holds (a task's outline order,
 * a report's state, a review's effect on its report): made with every
 * check even in a trusted batch.
 */
static int
emit_checked(struct run *g, const struct cj_entity *e, json_t *in, int64_t *id)
{
	int trusted = g->ctx->batch_trusted, rc;

	g->ctx->batch_trusted = 0;
	rc = emit(g, e, in, id);
	g->ctx->batch_trusted = trusted;
	return rc;
}

/* A task's final state, drawn: most done, some cancelled, in progress or not started. */
static const char *
task_status(struct rng *r, int last)
{
	unsigned u = pick(r, 100);

	if (u < (last ? 60u : 80u))
		return "done";
	if (u < (last ? 65u : 85u))
		return "cancelled";
	return u < (last ? 85u : 97u) ? "in_progress" : "not_started";
}

/*
 * A task's indicator and, unless it is cancelled or not started, its
 * progress report: approved at 100 % for a done task; for a task in
 * progress, part of the way, approved or still waiting for review.
 */
static int
task_progress(struct run *g, struct rng *r, int64_t task, const char *status, int year, int month,
              int s, int k)
{
	int64_t ind, rep;
	int target = book_outline[s].tasks[k].target, pct, value, rc;
	const char *unit = book_outline[s].tasks[k].unit;
	char date[24], text[200];

	target += (int)pick(r, (unsigned)target + 1);
	if ((rc = emit_checked(g, &cj_entity_indicator,
	                       json_pack("{s:I,s:s,s:s,s:s,s:i,s:i}", "task_id", (json_int_t)task,
	                                 "name", book_outline[s].tasks[k].indicator, "category",
	                                 strcmp(unit, "%") ? "quantity" : "quality", "unit", unit,
	                                 "baseline", 0, "target", target),
	                       &ind)) < 0)
		return rc;
	if (!strcmp(status, "cancelled") || !strcmp(status, "not_started"))
		return 0;
	pct = strcmp(status, "done") ? 20 + (int)pick(r, 60) : 100;
	value = pct == 100 ? target + (pick(r, 4) ? 0 : 1) : target * pct / 100;
	snprintf(date, sizeof(date), "%d-%02d-%02u", year, month, 10 + pick(r, 15));
	snprintf(text, sizeof(text), "%s：完成%d%s，进度%d%%。", book_outline[s].tasks[k].title,
	         value, unit, pct);
	if ((rc = emit_checked(g, &cj_entity_progress_report,
	                       json_pack("{s:I,s:s,s:s,s:i,s:[{s:I,s:I}]}", "task_id",
	                                 (json_int_t)task, "date", date, "text", text, "percent",
	                                 pct, "indicator_values", "indicator_id", (json_int_t)ind,
	                                 "value", (json_int_t)value),
	                       &rep)) < 0)
		return rc;
	if (pct < 100 && !pick(r, 5))
		return 0;
	return emit_checked(
	    g, &cj_entity_report_review,
	    json_pack("{s:I,s:s}", "report_id", (json_int_t)rep, "decision", "approve"), NULL);
}

/*
 * The college's provincial key project: a task book a year of the five
 * sections and their tasks (25 a year), indicators, progress reports and
 * their reviews, and an evaluation at the end of every year but the last.
 */
static int
key_project(struct run *g, struct rng *r, const int64_t dep[4])
{
	const struct cj_gen_college *c = g->c;
	int64_t project, book, task;
	char buf[200], date[24];
	int rc;

	snprintf(buf, sizeof(buf), "依据省级立项文件建设，%d—%d年按年度下达任务书。", c->first_year,
	         c->last_year);
	if ((rc = emit_checked(g, &cj_entity_key_project,
	                       json_pack("{s:s,s:s,s:s,s:i,s:i,s:I,s:s}", "name",
	                                 "省高水平专业群建设项目", "level", "provincial", "kind",
	                                 "specialty_group", "first_year", c->first_year,
	                                 "last_year", c->last_year, "department_id",
	                                 (json_int_t)dep[3], "description", buf),
	                       &project)) < 0)
		return rc;
	for (int y = c->first_year; y <= c->last_year; y++) {
		snprintf(buf, sizeof(buf), "%d年度省高水平专业群建设任务书", y);
		snprintf(date, sizeof(date), "%d-02-20", y);
		if ((rc = emit_checked(g, &cj_entity_task_book,
		                       json_pack("{s:I,s:i,s:s,s:s}", "project_id",
		                                 (json_int_t)project, "year", y, "title", buf,
		                                 "issue_date", date),
		                       &book)) < 0)
			return rc;
		for (int s = 0; s < (int)CJ_ARRAY_SIZE(book_outline); s++) {
			const char *st[4];
			int done = 0, open = 0;

			for (int k = 0; k < 4; k++) {
				st[k] = task_status(r, y == c->last_year);
				done += !strcmp(st[k], "done");
				open +=
				    !strcmp(st[k], "in_progress") || !strcmp(st[k], "not_started");
			}
			snprintf(buf, sizeof(buf), "%d", s + 1);
			snprintf(date, sizeof(date), "%d-12-20", y);
			if ((rc = emit_checked(g, &cj_entity_task,
			                       json_pack("{s:I,s:s,s:s,s:I,s:s,s:s}",
			                                 "task_book_id", (json_int_t)book, "code",
			                                 buf, "title", book_outline[s].section,
			                                 "lead_department_id",
			                                 (json_int_t)dep[s == 2 ? 3 : s % 3],
			                                 "deadline", date, "status",
			                                 open   ? "in_progress"
			                                 : done ? "done"
			                                        : "cancelled"),
			                       NULL)) < 0)
				return rc;
			for (int k = 0; k < 4; k++) {
				int month = 3 + 2 * k + (int)pick(r, 2);

				snprintf(buf, sizeof(buf), "%d.%d", s + 1, k + 1);
				snprintf(date, sizeof(date), "%d-%02d-28", y, month);
				if ((rc = emit_checked(g, &cj_entity_task,
				                       json_pack("{s:I,s:s,s:s,s:I,s:s,s:s}",
				                                 "task_book_id", (json_int_t)book,
				                                 "code", buf, "title",
				                                 book_outline[s].tasks[k].title,
				                                 "lead_department_id",
				                                 (json_int_t)dep[(s + k) % 4],
				                                 "deadline", date, "status", st[k]),
				                       &task)) < 0 ||
				    (rc = task_progress(g, r, task, st[k], y, month, s, k)) < 0)
					return rc;
			}
		}
		if (y < c->last_year) {
			int score = 70 + (int)pick(r, 30);

			snprintf(date, sizeof(date), "%d-01-20", y + 1);
			if ((rc = emit_checked(
			         g, &cj_entity_evaluation,
			         json_pack(
			             "{s:I,s:s,s:s,s:s,s:i,s:s}", "project_id", (json_int_t)project,
			             "kind", y == c->first_year + 1 ? "midterm" : "annual", "date",
			             date, "result",
			             score >= 90   ? "excellent"
			             : score >= 80 ? "good"
			                           : "pass",
			             "score", score, "evaluator", "省人力资源和社会保障厅评估组"),
			         NULL)) < 0)
				return rc;
		}
	}
	return 0;
}

/*
 * More employee trainings of a year, numbered from first, each with the
 * skill certificates of some of its trainees (enterprise employees, their ID
 * numbers sealed).
 */
static int
employee_trainings(struct run *g, struct rng *r, const int64_t *ent, int ne, const int64_t dep[4],
                   int year, int first, int *certs)
{
	const struct cj_gen_college *c = g->c;
	char buf[160], date[24], no[40], name[40], idn[19];
	int rc;

	for (int k = first; k < 1 + ne * 5 / 6; k++) {
		int n = 2 + (int)pick(r, 3), month = 1 + (int)pick(r, 12);
		int64_t e = ent[pick(r, (unsigned)ne)];
		const char *occupation = specialties[k % 4].occupation;

		snprintf(buf, sizeof(buf), "%d年职工技能提升培训（%d）", year, k + 1);
		snprintf(date, sizeof(date), "%d-%02d-10", year, month);
		if ((rc = emit(g, &cj_entity_training,
		               json_pack("{s:I,s:s,s:s,s:s,s:i,s:i,s:i,s:I}", "enterprise_id",
		                         (json_int_t)e, "title", buf, "occupation", occupation,
		                         "start_date", date, "hours", 8 + (int)pick(r, 72),
		                         "trainees", 10 + (int)pick(r, 50), "certificates_issued",
		                         n, "department_id", (json_int_t)dep[k % 3]),
		               NULL)) < 0)
			return rc;
		snprintf(date, sizeof(date), "%d-%02d-28", year, month);
		for (int i = 0; i < n; i++, (*certs)++) {
			person(r, name, sizeof(name));
			id_number(r, c->region, 1970 + (int)pick(r, 30), *certs, idn);
			snprintf(no, sizeof(no), "E%llu-%07d", (unsigned long long)c->seed,
			         *certs + 1);
			if ((rc =
			         emit(g, &cj_entity_certificate,
			              json_pack("{s:s,s:s,s:s,s:I,s:s,s:i,s:s,s:s}", "holder_type",
			                        "employee", "holder_name", name, "holder_id_number",
			                        idn, "enterprise_id", (json_int_t)e, "occupation",
			                        occupation, "level", 2 + (int)pick(r, 4),
			                        "certificate_no", no, "issue_date", date),
			              NULL)) < 0)
				return rc;
		}
	}
	return 0;
}

int
cj_gen_college_records(struct cj_ctx *ctx, const struct cj_gen_college *c, cj_gen_make_fn make,
                       struct cj_error *err)
{
	struct run g = { ctx, c, make, err };
	struct rng r = { c->seed * 2654435761ULL + 17 };
	/* The records added since the first profile draw from their own stream. */
	struct rng r2 = { c->seed * 40503ULL + 101 };
	int ne = c->enterprises > 0 ? c->enterprises : 1, span = c->last_year - c->first_year + 1;
	int64_t dep[CJ_ARRAY_SIZE(departments)], *ent, id;
	char buf[160], uscc[19], date[24], until[24], no[40], idn[19], phone[24];
	int rc, certs = 0;

	ent = cj_arena_alloc(ctx->arena, (size_t)ne * sizeof(*ent));
	for (size_t i = 0; i < CJ_ARRAY_SIZE(departments); i++)
		if ((rc = emit(&g, &cj_entity_department,
		               json_pack("{s:s,s:s}", "name", departments[i], "kind",
		                         i == 3 ? "office" : "academic"),
		               &dep[i])) < 0)
			return rc;
	for (int i = 0; i < ne; i++) {
		int ind = (int)pick(&r, CJ_ARRAY_SIZE(industries));

		snprintf(buf, sizeof(buf), "嘉兴%s%s%s有限公司（%d）", ONE_OF(&r, places),
		         ONE_OF(&r, words), industries[ind].trade, i + 1);
		cj_gen_uscc(c->seed * 100000ULL + (uint64_t)i + 1, c->region, uscc);
		if ((rc = emit(&g, &cj_entity_enterprise,
		               json_pack("{s:s,s:s,s:s,s:s,s:s}", "name", buf, "uscc", uscc,
		                         "industry_code", industries[ind].code, "size",
		                         ONE_OF(&r, sizes), "region_code", c->region),
		               &ent[i])) < 0)
			return rc;
	}
	/* One carrier per enterprise: most signed or active, some negotiating, some ended. */
	for (int i = 0; i < ne; i++) {
		const char *kind = carrier_kinds[i % CJ_ARRAY_SIZE(carrier_kinds)];
		int from = c->first_year + (int)pick(&r, (unsigned)span), st = (int)pick(&r, 10);
		const char *status = st == 0   ? "negotiating"
		                     : st == 1 ? "ended"
		                     : st < 4  ? "signed"
		                               : "active";
		json_t *in;

		snprintf(buf, sizeof(buf), "校企合作载体 %d（%s）", i + 1, kind);
		snprintf(date, sizeof(date), "%d-%02u-15", from, 1 + pick(&r, 12));
		snprintf(until, sizeof(until), "%d-12-31",
		         st == 1 ? from + 1 : from + 3 + (int)pick(&r, 3));
		in = json_pack("{s:s,s:s,s:s,s:I,s:[{s:I,s:b}]}", "kind", kind, "name", buf,
		               "status", status, "department_id", (json_int_t)dep[i % 3],
		               "partners", "enterprise_id", (json_int_t)ent[i], "lead", 1);
		if (strcmp(status, "negotiating")) {
			json_object_set_new(in, "signed_on", json_string(date));
			json_object_set_new(in, "valid_from", json_string(date));
			json_object_set_new(in, "valid_to", json_string(until));
		}
		if (st == 1)
			json_object_set_new(in, "end_reason", json_string("expired"));
		if (!strcmp(kind, "training_base") || !strcmp(kind, "order_class"))
			json_object_set_new(in, "capacity", json_integer(20 + pick(&r, 60)));
		if ((rc = emit(&g, &cj_entity_carrier, in, NULL)) < 0)
			return rc;
	}
	/* Students: cohorts over the years; internships, jobs and certificates. */
	for (int i = 0; i < c->students; i++) {
		int sp = i % (int)CJ_ARRAY_SIZE(specialties);
		int cohort = c->first_year - 2 + (int)pick(&r, (unsigned)span + 2);
		int grad = cohort + 3 <= c->last_year;
		int64_t student;

		person(&r, buf, sizeof(buf));
		snprintf(no, sizeof(no), "%d%02d%06d", cohort, sp + 1, i + 1);
		id_number(&r, c->region, cohort - 16, i, idn);
		snprintf(phone, sizeof(phone), "1%u%u%08u", 3 + pick(&r, 7), pick(&r, 10),
		         pick(&r, 100000000));
		if ((rc = emit(&g, &cj_entity_student,
		               json_pack("{s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:s,s:I}", "student_no", no,
		                         "name", buf, "id_number", idn, "specialty_code",
		                         specialties[sp].code, "specialty_name",
		                         specialties[sp].name, "cohort_year", cohort, "status",
		                         grad ? "graduated" : "enrolled", "phone", phone,
		                         "department_id", (json_int_t)dep[sp % 3]),
		               &student)) < 0)
			return rc;
		if (cohort + 1 <= c->last_year && pick(&r2, 10) < 8) {
			snprintf(date, sizeof(date), "%d-04-%02u", cohort + 1, 6 + pick(&r2, 10));
			snprintf(until, sizeof(until), "%d-04-30", cohort + 1);
			if ((rc = emit(&g, &cj_entity_placement,
			               json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s}", "student_id",
			                         (json_int_t)student, "enterprise_id",
			                         (json_int_t)ent[pick(&r2, (unsigned)ne)], "kind",
			                         "cognition", "start_date", date, "end_date", until,
			                         "position", "认识实习", "status", "finished"),
			               NULL)) < 0)
				return rc;
		}
		if (cohort + 2 <= c->last_year) {
			snprintf(date, sizeof(date), "%d-03-01", cohort + 2);
			snprintf(until, sizeof(until), "%d-06-30", cohort + 3);
			if ((rc = emit(&g, &cj_entity_placement,
			               json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s}", "student_id",
			                         (json_int_t)student, "enterprise_id",
			                         (json_int_t)ent[pick(&r, (unsigned)ne)], "kind",
			                         "post", "start_date", date, "end_date", until,
			                         "position", "岗位实习生", "status",
			                         pick(&r, 20) ? (grad ? "finished" : "ongoing")
			                                      : "aborted"),
			               NULL)) < 0)
				return rc;
		}
		if (grad && pick(&r, 10) < 7) {
			snprintf(date, sizeof(date), "%d-07-01", cohort + 3);
			if ((rc = emit(&g, &cj_entity_placement,
			               json_pack("{s:I,s:I,s:s,s:s,s:s,s:s}", "student_id",
			                         (json_int_t)student, "enterprise_id",
			                         (json_int_t)ent[pick(&r, (unsigned)ne)], "kind",
			                         "employment", "start_date", date, "position",
			                         "技术员", "status", "ongoing"),
			               NULL)) < 0)
				return rc;
		}
		if (cohort + 2 <= c->last_year && pick(&r, 10) < 8) {
			int level = grad ? (pick(&r, 6) ? 3 : 2) : 4 + (int)pick(&r, 2);

			snprintf(no, sizeof(no), "G%llu-%07d", (unsigned long long)c->seed, i + 1);
			snprintf(date, sizeof(date), "%d-%02u-15", cohort + 2, 6 + pick(&r, 6));
			if ((rc = emit(&g, &cj_entity_certificate,
			               json_pack("{s:s,s:I,s:s,s:s,s:i,s:s,s:s}", "holder_type",
			                         "student", "student_id", (json_int_t)student,
			                         "holder_name", buf, "occupation",
			                         specialties[sp].occupation, "level", level,
			                         "certificate_no", no, "issue_date", date),
			               NULL)) < 0)
				return rc;
		}
	}
	/* Employee trainings and the college's outputs, every year. */
	for (int y = c->first_year; y <= c->last_year; y++) {
		for (int k = 0; k < 1 + ne / 4; k++) {
			snprintf(buf, sizeof(buf), "%d年职工技能提升培训（%d）", y, k + 1);
			snprintf(date, sizeof(date), "%d-%02u-10", y, 1 + pick(&r, 12));
			if ((rc = emit(&g, &cj_entity_training,
			               json_pack("{s:I,s:s,s:s,s:s,s:i,s:i,s:I}", "enterprise_id",
			                         (json_int_t)ent[pick(&r, (unsigned)ne)], "title",
			                         buf, "occupation", specialties[k % 4].occupation,
			                         "start_date", date, "hours", 8 + (int)pick(&r, 72),
			                         "trainees", 10 + (int)pick(&r, 50),
			                         "department_id", (json_int_t)dep[k % 3]),
			               NULL)) < 0)
				return rc;
		}
		for (int k = 0; k < 2; k++) {
			char digits[16], appno[24];

			snprintf(
			    digits, sizeof(digits), "%d%d%07llu", y, k ? 2 : 1,
			    (unsigned long long)((c->seed * 7919 + (uint64_t)y * 10 + (uint64_t)k) %
			                         10000000ULL));
			snprintf(appno, sizeof(appno), "%s.%c", digits,
			         cj_patent_check_char(digits));
			snprintf(buf, sizeof(buf), "一种%s用的辅助装置（%d-%d）",
			         specialties[k].name, y, k + 1);
			snprintf(date, sizeof(date), "%d-%02u-20", y, 1 + pick(&r, 12));
			id = 0;
			json_t *in =
			    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "kind", "patent", "title", buf,
			              "date", date, "application_no", appno, "patent_type",
			              k ? "utility_model" : "invention", "patent_status", "filed");
			if (k && y < c->last_year) {
				snprintf(until, sizeof(until), "%d-%02u-20", y + 1,
				         1 + pick(&r, 12));
				json_object_set_new(in, "patent_status", json_string("granted"));
				json_object_set_new(in, "granted_on", json_string(until));
			}
			if ((rc = emit(&g, &cj_entity_output, in, &id)) < 0)
				return rc;
			snprintf(buf, sizeof(buf), "%d年横向技术服务项目（%d）", y, k + 1);
			int64_t amount = 50000 + 10000 * (int64_t)pick(&r, 30);
			if ((rc =
			         emit(&g, &cj_entity_output,
			              json_pack("{s:s,s:s,s:s,s:I,s:I,s:I}", "kind", "tech_service",
			                        "title", buf, "date", date, "client_enterprise_id",
			                        (json_int_t)ent[pick(&r, (unsigned)ne)],
			                        "contract_amount", (json_int_t)amount,
			                        "amount_received", (json_int_t)(amount / 2)),
			              NULL)) < 0)
				return rc;
		}
	}
	for (int y = c->first_year; y <= c->last_year; y++)
		if ((rc = employee_trainings(&g, &r2, ent, ne, dep, y, 1 + ne / 4, &certs)) < 0)
			return rc;
	return key_project(&g, &r2, dep);
}
