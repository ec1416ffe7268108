-- PostgreSQL twin of src/store/migrations/005_one_utc.sql (kept so the numbers mean the same on both backends).
UPDATE reminders SET time_zone = 'UTC' WHERE time_zone = 'Etc/UTC';
UPDATE club_channels SET time_zone = 'UTC' WHERE time_zone = 'Etc/UTC';
UPDATE members SET time_zone = 'UTC' WHERE time_zone = 'Etc/UTC';
