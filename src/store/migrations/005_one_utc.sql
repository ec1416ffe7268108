-- UTC's spellings are one zone, stored as "UTC" (src/time/zones.ts). Before, "Etc/UTC" was kept as
-- typed, so one member could hold UTC under two names; fold the old rows into the one name.
UPDATE reminders SET time_zone = 'UTC' WHERE time_zone = 'Etc/UTC';
UPDATE club_channels SET time_zone = 'UTC' WHERE time_zone = 'Etc/UTC';
UPDATE members SET time_zone = 'UTC' WHERE time_zone = 'Etc/UTC';
