-- 0005: the search index (product.md §6).  One row a record of every entity that has a
-- name: the folded name and the token lists of core/fold.h, written by the store in the
-- same transaction as the record.  search_fts indexes the tokens (FTS5, external content;
-- the unicode61 tokenizer keeps a run of letters, digits and Han as one token, so a query
-- is a prefix query on tokens and works from one character on).  The index of records
-- that exist before this migration is filled by the store at open (store/search.c).
CREATE TABLE search_index (
	id INTEGER PRIMARY KEY,
	tenant_id INTEGER NOT NULL,
	entity TEXT NOT NULL,
	record_id INTEGER NOT NULL,
	k TEXT NOT NULL,
	fname TEXT NOT NULL,
	names TEXT NOT NULL,
	pinyin TEXT NOT NULL,
	initials TEXT NOT NULL,
	UNIQUE (tenant_id, entity, record_id)
);
CREATE VIRTUAL TABLE search_fts USING fts5(k, names, pinyin, initials,
	content='search_index', content_rowid='id', prefix='1 2');
CREATE TRIGGER search_index_ai AFTER INSERT ON search_index BEGIN
	INSERT INTO search_fts (rowid, k, names, pinyin, initials)
	VALUES (new.id, new.k, new.names, new.pinyin, new.initials);
END;
CREATE TRIGGER search_index_ad AFTER DELETE ON search_index BEGIN
	INSERT INTO search_fts (search_fts, rowid, k, names, pinyin, initials)
	VALUES ('delete', old.id, old.k, old.names, old.pinyin, old.initials);
END;
