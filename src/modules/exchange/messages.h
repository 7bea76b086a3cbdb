/*
 * The exchange module's messages (zh-CN, English); see core/error.h.
 */
#ifndef CJ_EXCHANGE_MESSAGES_H
#define CJ_EXCHANGE_MESSAGES_H

#include "core/error.h"

/* clang-format off */
#define CJ_EXCHANGE_MSG_MAP(X) \
	X(NOT_XLSX, "文件不是有效的 .xlsx（不是 zip 压缩包）", "the file is not a valid .xlsx (not a zip archive)") \
	X(ZIP_BAD, "无法读取 .xlsx 压缩包：%s", "cannot read the .xlsx archive: %s") \
	X(ZIP_ENTRIES, "压缩包内文件过多（最多 1000 个）", "the archive holds too many entries (at most 1,000)") \
	X(ZIP_SIZE, "解压后内容过大（最多 200 MiB）", "the archive is too large uncompressed (at most 200 MiB)") \
	X(ZIP_RATIO, "压缩比异常（超过 100 倍），疑似压缩炸弹：%s", \
	  "compression ratio over 100, refused as a zip bomb: %s") \
	X(XML_DTD, "表格 XML 含有 DTD 或实体声明，已拒绝：%s", \
	  "a DTD or entity declaration in the sheet XML is refused: %s") \
	X(XML_BAD, "表格 XML 格式错误：%s", "the sheet XML is malformed: %s") \
	X(NO_SHEET, "文件中没有工作表", "the file holds no worksheet") \
	X(TOO_MANY_ROWS, "数据行过多（最多 100000 行）", "too many data rows (at most 100,000)") \
	X(CELL_TOO_LONG, "单元格内容过长：%s", "a cell is too long: %s") \
	X(CSV_BAD, "CSV 格式错误：%s", "the CSV is malformed: %s") \
	X(CSV_ENCODING, "无法识别文件编码（应为 UTF-8 或 GBK）", \
	  "the file's encoding is not UTF-8 or GBK") \
	X(NO_HEADER, "第 1 行应为表头", "row 1 must be the header") \
	X(MISSING_COLUMN, "缺少必填列：%s", "a required column is missing: %s") \
	X(DUP_COLUMN, "列名重复：%s", "a column appears twice: %s") \
	X(NO_ROWS, "文件中没有数据行", "the file holds no data rows") \
	X(REF_MISSING, "找不到对应记录：%s", "no record matches %s") \
	X(REF_AMBIGUOUS, "匹配到多条记录，请改用唯一编码：%s", \
	  "more than one record matches %s; use its unique code") \
	X(BAD_NUMBER, "应为整数：%s", "%s must be a whole number") \
	X(BAD_BOOL, "应为“是”或“否”：%s", "%s must be 是 or 否") \
	X(EXISTS_INSERT, "记录已存在（如需更新请选择“更新已有记录”）：%s", \
	  "a record with this %s exists (choose upsert to update it)") \
	X(DUP_IN_FILE, "文件中重复：%s", "appears twice in the file: %s") \
	X(IMPORT_REJECTED, "导入未执行：共 %s 处错误，请修改后重新导入", \
	  "nothing was imported: %s errors; fix them and import again") \
	X(BAD_LIST, "该列表不支持导入导出：%s", "this list has no import or export: %s") \
	X(BAD_MODE, "导入方式应为 insert 或 upsert：%s", "the mode must be insert or upsert: %s") \
	X(BAD_YEAR, "年份无效：%s", "invalid year: %s")
/* clang-format on */
CJ_MSG_DECLARE(CJ_EXCHANGE_MSG_MAP)

#endif
