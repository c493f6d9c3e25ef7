-- The status `formed` is now `filed` (已登记). Items of an older data directory move over; their revision
-- goes up so that the indexer's catch-up sweep rewrites their search entries (the status facet).
UPDATE items
   SET status = 'filed',
       revision = revision + 1,
       body = json_set(body, '$.status', 'filed', '$.revision', revision + 1)
 WHERE status = 'formed';
