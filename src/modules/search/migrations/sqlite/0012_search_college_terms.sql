-- 0012: search_fts's terms belong to one college's list (the "cjcollege" tokenizer,
-- store/fts-prefix.h): each token is prefixed with the row's tenant-and-entity token k
-- ("t2xenterprise:jiaxing"), so that a prefix query meets only the terms of the list it
-- searches.  In the generated province "jiaxing" met the terms of every 嘉兴 enterprise of
-- 300 colleges (some 60,000 doclist entries merged for a list of 200).  The indexed texts are
-- search_index's with k in front, read through the view search_fts_content, FTS5's
-- external content; column k and the one- and two-character prefix indexes are gone (every
-- term now starts with k).
DROP TABLE search_fts;
CREATE VIEW search_fts_content AS
	SELECT id, tenant_id, entity, record_id, k || names AS names, k || pinyin AS pinyin,
	       k || initials AS initials
	FROM search_index;
CREATE VIRTUAL TABLE search_fts USING fts5(names, pinyin, initials,
	content='search_fts_content', content_rowid='id', detail=column, columnsize=0,
	tokenize='cjcollege');
INSERT INTO search_fts (search_fts) VALUES ('rebuild');
