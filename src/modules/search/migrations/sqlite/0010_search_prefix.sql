-- 0010: search_fts cuts its tokens to 8 code points (the "cjprefix" tokenizer, store/fts-prefix.c).
--
-- The tokens are suffixes of names and pinyin, nearly one distinct term per record: a query
-- prefix of more than two characters (the prefix index holds one and two) made FTS5 merge
-- the doclists of every term that starts with it, across every college in the file
-- ("jiaxing" in the generated province: some 6,000 terms, 47 ms for one college's list).
-- Cut to 8 code points, a prefix meets a few terms; a query longer than 8 finds a superset,
-- which the driver's search SQL checks against search_index.  Column k's tenant-and-entity
-- tokens are kept whole.
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(k, names, pinyin, initials,
	content='search_index', content_rowid='id', prefix='1 2', detail=column, columnsize=0,
	tokenize='cjprefix');
INSERT INTO search_fts (search_fts) VALUES ('rebuild');
