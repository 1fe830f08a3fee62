-- The read side's projections ask for the events of one tag after an offset (eventsByTag). event_tag's primary key
-- is (event_id, tag), which cannot find one tag's rows without reading every row of the table: each poll of each
-- projection then scanned all tagged events ever written, slower with every hour of trading. This index finds them
-- by tag, in event order.
CREATE INDEX IF NOT EXISTS event_tag_tag_idx ON event_tag (tag, event_id);
