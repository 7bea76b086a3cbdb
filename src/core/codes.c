/* Region, industry and short codes; see codes.h. */
#include "core/codes.h"

#include <stddef.h>

#define CODE_MAX 32

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Province-level prefixes of GB/T 2260, as inclusive ranges. */
static const struct {
	int lo, hi;
} provinces[] = {
	{ 11, 15 }, /* 北京 .. 内蒙古 */
	{ 21, 23 }, /* 辽宁 .. 黑龙江 */
	{ 31, 37 }, /* 上海 .. 山东 */
	{ 41, 46 }, /* 河南 .. 海南 */
	{ 50, 54 }, /* 重庆 .. 西藏 */
	{ 61, 65 }, /* 陕西 .. 新疆 */
	{ 71, 71 }, /* 台湾 */
	{ 81, 82 }, /* 香港, 澳门 */
};

int
cj_region_validate(const char *s, const char *field, struct cj_error *err)
{
	size_t i;
	int p;

	if (!s)
		return cj_error_set(err, CJ_EINVAL, CJ_M_REGION, field);
	for (i = 0; i < 6; i++)
		if (!is_digit(s[i]))
			return cj_error_set(err, CJ_EINVAL, CJ_M_REGION, field);
	if (s[6] != '\0')
		return cj_error_set(err, CJ_EINVAL, CJ_M_REGION, field);
	p = (s[0] - '0') * 10 + (s[1] - '0');
	for (i = 0; i < sizeof(provinces) / sizeof(provinces[0]); i++)
		if (p >= provinces[i].lo && p <= provinces[i].hi)
			return 0;
	return cj_error_set(err, CJ_EINVAL, CJ_M_REGION, field);
}

/* GB/T 4754-2017 sections ("门类"), A..T in order, with their divisions. */
static const struct {
	int lo, hi;
	const char *zh, *en;
} sections[] = {
	{ 1, 5, "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery" },
	{ 6, 12, "采矿业", "Mining" },
	{ 13, 43, "制造业", "Manufacturing" },
	{ 44, 46, "电力、热力、燃气及水生产和供应业",
	  "Production and supply of electricity, heat, gas and water" },
	{ 47, 50, "建筑业", "Construction" },
	{ 51, 52, "批发和零售业", "Wholesale and retail trade" },
	{ 53, 60, "交通运输、仓储和邮政业", "Transport, storage and postal services" },
	{ 61, 62, "住宿和餐饮业", "Accommodation and catering" },
	{ 63, 65, "信息传输、软件和信息技术服务业",
	  "Information transmission, software and information technology services" },
	{ 66, 69, "金融业", "Finance" },
	{ 70, 70, "房地产业", "Real estate" },
	{ 71, 72, "租赁和商务服务业", "Leasing and business services" },
	{ 73, 75, "科学研究和技术服务业", "Scientific research and technical services" },
	{ 76, 79, "水利、环境和公共设施管理业",
	  "Water conservancy, environment and public facilities management" },
	{ 80, 82, "居民服务、修理和其他服务业", "Resident services, repair and other services" },
	{ 83, 83, "教育", "Education" },
	{ 84, 85, "卫生和社会工作", "Health and social work" },
	{ 86, 90, "文化、体育和娱乐业", "Culture, sports and entertainment" },
	{ 91, 96, "公共管理、社会保障和社会组织",
	  "Public administration, social security and social organisations" },
	{ 97, 97, "国际组织", "International organisations" },
};

#define NSECTIONS ((int)(sizeof(sections) / sizeof(sections[0])))

/* The index of section letter, or -1. */
static int
section_of(char letter)
{
	int i = letter - 'A';

	return i >= 0 && i < NSECTIONS ? i : -1;
}

int
cj_industry_validate(const char *s, const char *field, struct cj_error *err)
{
	size_t n = 0;
	int sec, div;

	if (!s || (sec = section_of(s[0])) < 0)
		return cj_error_set(err, CJ_EINVAL, CJ_M_INDUSTRY, field);
	while (n < 5 && is_digit(s[1 + n]))
		n++;
	if (s[1 + n] != '\0' || n == 1 || n > 4)
		return cj_error_set(err, CJ_EINVAL, CJ_M_INDUSTRY, field);
	if (n == 0)
		return 0;
	div = (s[1] - '0') * 10 + (s[2] - '0');
	if (div < sections[sec].lo || div > sections[sec].hi)
		return cj_error_set(err, CJ_EINVAL, CJ_M_INDUSTRY, field);
	return 0;
}

const char *
cj_industry_section_name(char letter, int english)
{
	int i = section_of(letter);

	if (i < 0)
		return NULL;
	return english ? sections[i].en : sections[i].zh;
}

int
cj_code_validate(const char *s, const char *field, struct cj_error *err)
{
	size_t n;

	if (!s || s[0] < 'a' || s[0] > 'z')
		return cj_error_set(err, CJ_EINVAL, CJ_M_CODE_FORMAT, field);
	for (n = 1; s[n]; n++) {
		if (n == CODE_MAX)
			return cj_error_set(err, CJ_EINVAL, CJ_M_CODE_FORMAT, field);
		if (!((s[n] >= 'a' && s[n] <= 'z') || is_digit(s[n]) || s[n] == '_' || s[n] == '-'))
			return cj_error_set(err, CJ_EINVAL, CJ_M_CODE_FORMAT, field);
	}
	if (n < 2)
		return cj_error_set(err, CJ_EINVAL, CJ_M_CODE_FORMAT, field);
	return 0;
}
