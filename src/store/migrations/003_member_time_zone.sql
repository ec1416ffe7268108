-- The time zone a member last chose, offered first the next time they pick one.
ALTER TABLE members ADD COLUMN time_zone TEXT;
