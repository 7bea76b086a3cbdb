/*
 * The demo's students: a deterministic cohort for 嘉兴技师学院 (a few hundred
 * students across its specialties, their internships and jobs at the demo's
 * partner enterprises, their skill certificates), made from a seed so that
 * every demo database is the same.  All of it is invented and flagged demo;
 * ID numbers and phones are well-formed but fictitious.  Every record goes
 * through the same decoder and store as the API.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/demo.h"
#include "modules/talent/talent.h"
#include "core/pii.h"
#include "lib/util.h"

struct rng {
	uint64_t s;
};

static unsigned
next(struct rng *r, unsigned n)
{
	r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((r->s >> 33) % n);
}

static const struct {
	const char *dept, *code[2], *name[2], *enterprises[5];
} specialties[] = {
	{ "d_znzz",
	  { "0112-4", "0105-4" },
	  { "工业机器人应用与维护", "机电一体化技术" },
	  { "e_rbjqr", "e_hczd", "e_jzzn", "e_jxbl", NULL } },
	{ "d_jdgc",
	  { "0103-4", "0114-4" },
	  { "数控加工", "电气自动化设备安装与维修" },
	  { "e_xzjm", "e_hted", "e_jcyq", "e_jndl", "e_jxbl" } },
	{ "d_xxjs",
	  { "0302-4", "0304-4" },
	  { "计算机网络应用", "计算机程序设计" },
	  { "e_szy", "e_ylwl", "e_xldz", NULL, NULL } },
	{ "d_prhb",
	  { "1104-4", "1107-4" },
	  { "烹饪（中式烹调）", "西式面点（烘焙）" },
	  { "e_yhcy", "e_hxsp", "e_mxf", "e_wdjx", NULL } },
	{ "d_qcgc",
	  { "0401-4", "0415-4" },
	  { "汽车维修", "新能源汽车检测与维修" },
	  { "e_jcqp", "e_tqqc", "e_htxny", NULL, NULL } },
	{ "d_ysjs",
	  { "0803-4", "0804-4" },
	  { "工艺美术", "陶瓷工艺" },
	  { "e_trwc", "e_jcgd", NULL, NULL, NULL } },
};

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴",
	                                "周", "徐", "孙", "马", "朱", "胡", "沈", "钱", "陆",
	                                "沃", "姚", "金", "顾", "褚", "蒋", "韩", "许", "冯" };
static const char *const given[] = { "浩", "宇", "轩", "杰", "涛", "俊", "晨", "鑫", "磊",
	                             "欣", "怡", "婷", "佳", "琪", "悦", "雨", "嘉", "子",
	                             "文", "博", "思", "梓", "一", "明", "亮", "远", "航" };
static const char *const regions[] = { "330402", "330411", "330421", "330424",
	                               "330481", "330482", "330483" };
static const char *const occupations[][2] = {
	{ "工业机器人系统操作员", "d_znzz" }, { "车工", "d_jdgc" },
	{ "计算机网络管理员", "d_xxjs" },     { "中式烹调师", "d_prhb" },
	{ "汽车维修工", "d_qcgc" },           { "陶瓷工艺品制作师", "d_ysjs" },
};

int
cj_talent_demo_cohort(struct cj_ctx *ctx, json_t *spec, json_t *keys, struct cj_error *err)
{
	struct rng r = { (uint64_t)json_integer_value(json_object_get(spec, "seed")) };
	int n = (int)json_integer_value(json_object_get(spec, "students"));
	int certno = 0;
	int rc;

	for (int i = 0; i < n; i++) {
		int sp = i % (int)CJ_ARRAY_SIZE(specialties), track = (i / 6) % 2;
		int cohort = 2021 + (i / 12) % 4, seq = i + 1;
		char sno[32], name[32], id17[24], id[32], phone[24], klass[64], date[32];
		const char *status = cohort == 2021 ? (next(&r, 10) ? "graduated" : "left")
		                                    : (next(&r, 40) ? "enrolled" : "left");
		int64_t student, dep = cj_demo_key(keys, specialties[sp].dept);
		int nent = 0;

		while (nent < 5 && specialties[sp].enterprises[nent])
			nent++;
		snprintf(sno, sizeof(sno), "%d%02d%04d", cohort, sp + 1, seq);
		snprintf(name, sizeof(name), "%s%s%s", surnames[next(&r, CJ_ARRAY_SIZE(surnames))],
		         given[next(&r, CJ_ARRAY_SIZE(given))],
		         next(&r, 3) ? given[next(&r, CJ_ARRAY_SIZE(given))] : "");
		snprintf(id17, sizeof(id17), "%s%04d%02u%02u%03d",
		         regions[next(&r, CJ_ARRAY_SIZE(regions))], cohort - 16, 1 + next(&r, 12),
		         1 + next(&r, 28), 100 + seq % 900);
		snprintf(id, sizeof(id), "%s%c", id17, cj_idcard_check_char(id17));
		snprintf(phone, sizeof(phone), "1%u%u%08d", 3 + next(&r, 7), next(&r, 10),
		         20230000 + seq);
		snprintf(klass, sizeof(klass), "%d级%s%d班", cohort, specialties[sp].name[track],
		         1 + (i / 36) % 2);
		rc = cj_record_create(ctx, &cj_entity_student, 1,
		                      json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:s,s:I}",
		                                "student_no", sno, "name", name, "id_number", id,
		                                "specialty_code", specialties[sp].code[track],
		                                "specialty_name", specialties[sp].name[track],
		                                "class_name", klass, "cohort_year", cohort,
		                                "status", status, "phone", phone, "department_id",
		                                (json_int_t)dep),
		                      &student, err);
		if (rc < 0)
			return rc;
		/* second-year students see an enterprise; third-years hold a post internship */
		if (cohort <= 2023) {
			int64_t ent = cj_demo_key(
			    keys, specialties[sp].enterprises[next(&r, (unsigned)nent)]);
			int post = cohort <= 2022;

			snprintf(date, sizeof(date), "%d-%02d-01", cohort + (post ? 2 : 1),
			         post ? 3 : 10);
			rc = cj_record_create(
			    ctx, &cj_entity_placement, 1,
			    json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:i}", "student_id",
			              (json_int_t)student, "enterprise_id", (json_int_t)ent, "kind",
			              post ? "post" : "cognition", "start_date", date, "end_date",
			              post ? (cohort == 2021 ? "2023-06-30" : "2024-06-30")
			                   : (cohort == 2023 ? "2024-10-31" : "2023-10-31"),
			              "position", post ? "岗位实习生" : "认识实习", "mentor",
			              "企业导师（演示）", "status",
			              cohort == 2021 || cohort == 2022 ? "finished" : "ongoing",
			              "score", 70 + (int)next(&r, 30)),
			    NULL, err);
			if (rc < 0)
				return rc;
			/* most graduates are employed, many by the partner they interned with */
			if (!strcmp(status, "graduated") && next(&r, 10) < 7) {
				rc = cj_record_create(
				    ctx, &cj_entity_placement, 1,
				    json_pack("{s:I,s:I,s:s,s:s,s:s,s:s}", "student_id",
				              (json_int_t)student, "enterprise_id", (json_int_t)ent,
				              "kind", "employment", "start_date", "2023-07-01",
				              "position", "技术员", "status", "ongoing"),
				    NULL, err);
				if (rc < 0)
					return rc;
			}
		}
		/* skill certificates: most older students hold level 4 or 3; a few level 2 */
		if (cohort <= 2023 && next(&r, 10) < 8) {
			int level = cohort == 2021 ? (next(&r, 8) ? 3 : 2) : cohort == 2022 ? 4 : 5;
			char no[32];

			snprintf(no, sizeof(no), "S%06d%04d", 330400, ++certno);
			snprintf(date, sizeof(date), "%d-%02d-15", cohort + 2,
			         6 + (int)next(&r, 6));
			rc = cj_record_create(ctx, &cj_entity_certificate, 1,
			                      json_pack("{s:s,s:I,s:s,s:i,s:s,s:s}", "holder_type",
			                                "student", "student_id",
			                                (json_int_t)student, "occupation",
			                                occupations[sp][0], "level", level,
			                                "certificate_no", no, "issue_date", date),
			                      NULL, err);
			if (rc < 0)
				return rc;
		}
	}
	/* enterprise employees certified after the trainings: 技师 and 高级技师 among them */
	for (int i = 0; i < 24; i++) {
		char id17[24], id[32], name[32], no[32];
		int level = i < 3 ? 1 : i < 10 ? 2 : 3;
		int sp = i % (int)CJ_ARRAY_SIZE(specialties);

		snprintf(id17, sizeof(id17), "%s%04d%02u%02u%03d",
		         regions[next(&r, CJ_ARRAY_SIZE(regions))], 1975 + (int)next(&r, 25),
		         1 + next(&r, 12), 1 + next(&r, 28), 500 + i);
		snprintf(id, sizeof(id), "%s%c", id17, cj_idcard_check_char(id17));
		snprintf(name, sizeof(name), "%s%s%s", surnames[next(&r, CJ_ARRAY_SIZE(surnames))],
		         given[next(&r, CJ_ARRAY_SIZE(given))],
		         given[next(&r, CJ_ARRAY_SIZE(given))]);
		snprintf(no, sizeof(no), "E%06d%04d", 330400, i + 1);
		rc = cj_record_create(
		    ctx, &cj_entity_certificate, 1,
		    json_pack("{s:s,s:s,s:s,s:I,s:s,s:i,s:s,s:s}", "holder_type", "employee",
		              "holder_name", name, "holder_id_number", id, "enterprise_id",
		              (json_int_t)cj_demo_key(keys, specialties[sp].enterprises[0]),
		              "occupation", occupations[sp][0], "level", level, "certificate_no",
		              no, "issue_date", "2024-11-20"),
		    NULL, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}
