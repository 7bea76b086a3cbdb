-- 0008: search_fts is written by the driver, not by triggers.  A trigger on search_index
-- wrote search_fts row by row, and FTS5 flushes its pending terms into a new segment at
-- every statement savepoint and SAVEPOINT: an import of 100,000 rows made 100,000
-- segments to merge.  The driver (store/db-sqlite.c) now notes the index rows a
-- transaction adds and writes them into search_fts in one statement just before COMMIT;
-- a row deleted that was already indexed is deleted from search_fts first.  The content
-- of search_fts is unchanged by this migration.
DROP TRIGGER search_index_ai;
DROP TRIGGER search_index_ad;
