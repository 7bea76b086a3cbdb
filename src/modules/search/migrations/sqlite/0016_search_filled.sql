-- 0016: whether all of a college's records have their search index rows.  The store indexed
-- every record without a row at every open (store/search.c): on the generated province
-- (4.7 million records) that was 9 s before a server answered, and as long before every
-- command.  A college is now filled once, then marked here; writes through the store index
-- their records in their own transaction, so a marked college stays complete.  A new or
-- moved college starts unmarked; a migration that indexes more (a new searchable entity or
-- field) sets every mark back to false, so the next open fills every college again.
ALTER TABLE tenants ADD COLUMN search_filled INTEGER NOT NULL DEFAULT 0;
