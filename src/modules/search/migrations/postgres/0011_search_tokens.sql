-- 0011: the search index as a btree of tokens (product.md §6).  Row-level security
-- keeps a query's own conditions from running before the policy's unless their
-- functions are leakproof; LIKE (textlike) and || (textcat) are not, so the pg_trgm
-- index of 0005 was never used and every search read all of a college's index rows.
-- Text comparisons are leakproof (text_ge, text_lt, texteq), so a prefix query read
-- as a range of tokens is an index condition under the policy:
--   token >= q AND token < q || U+10FFFF
-- One row a distinct token of a search_index row (every space-separated word of its
-- names, pinyin and initials), cut to its first 8 characters as SQLite's cjprefix
-- tokenizer cuts them (store/fts-prefix.h; the driver cuts a query the same way and
-- checks a longer one against the row: db-pg.c).  The table is written by triggers
-- of search_index, in the writer's transaction and under the same policy.
CREATE FUNCTION search_tokens_of(names text, pinyin text, initials text)
	RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT DISTINCT left(w, 8) COLLATE "C" FROM string_to_table(names || pinyin || initials, ' ') w
	      WHERE w <> '' $$;

CREATE TABLE search_tokens (
	tenant_id bigint NOT NULL,
	entity text NOT NULL,
	token text COLLATE "C" NOT NULL,
	index_id bigint NOT NULL,
	PRIMARY KEY (tenant_id, entity, token, index_id)
);

CREATE FUNCTION search_tokens_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		DELETE FROM search_tokens t WHERE t.tenant_id = OLD.tenant_id AND t.entity = OLD.entity
			AND t.token IN (SELECT search_tokens_of(OLD.names, OLD.pinyin, OLD.initials))
			AND t.index_id = OLD.id;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO search_tokens (tenant_id, entity, token, index_id)
			SELECT NEW.tenant_id, NEW.entity, w, NEW.id
			FROM search_tokens_of(NEW.names, NEW.pinyin, NEW.initials) w;
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER search_tokens_write AFTER INSERT OR UPDATE OR DELETE ON search_index
	FOR EACH ROW EXECUTE FUNCTION search_tokens_write();

-- No time limit: on a large database the copy takes minutes.
SET LOCAL statement_timeout = 0;

-- The rows indexed before this migration.  The migration runs as the tables' owner,
-- whom FORCE binds to the policies: lifted for the copy, in this transaction only.
ALTER TABLE search_index NO FORCE ROW LEVEL SECURITY;
INSERT INTO search_tokens (tenant_id, entity, token, index_id)
	SELECT s.tenant_id, s.entity, w, s.id
	FROM search_index s, search_tokens_of(s.names, s.pinyin, s.initials) w;
ALTER TABLE search_index FORCE ROW LEVEL SECURITY;

ALTER TABLE search_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE search_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON search_tokens
	USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::bigint);

-- The trigram index answered nothing under the policy; it only cost every write.
DROP INDEX search_index_tokens;
