-- 0015: the industry filter reads its index.  A code's prefix is asked as a range
-- (industry_code >= 'C34' AND industry_code < 'C35', src/store/filter.c), which only an index
-- of the column's default operator class answers: the text_pattern_ops index of 0001 serves
-- LIKE and ~>=~ alone, so PostgreSQL read every enterprise of the college and filtered it.
-- Codes are upper-case ASCII letters and digits, which every collation orders alike.
CREATE INDEX enterprises_industry_code ON enterprises (tenant_id, industry_code);
DROP INDEX enterprises_industry;
