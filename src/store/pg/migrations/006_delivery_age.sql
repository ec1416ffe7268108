-- History retention (HISTORY_DAYS): old delivery rows are pruned a small batch per tick, oldest first.
-- This index makes each batch a short range scan from the oldest row, however large the table is.
CREATE INDEX deliveries_age ON deliveries (scheduled_at);
