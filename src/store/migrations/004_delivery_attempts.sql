-- What a resend needs to find a message an earlier attempt may have posted (the answer lost to a crash or
-- a timeout): the nonce it was sent with, and when the first attempt started. NULL send_started_at: never
-- attempted, so nothing can be in the channel and the claim is simply sent.
ALTER TABLE deliveries ADD COLUMN nonce TEXT;
-- Real wall-clock time (Date.now(), not the bot's possibly offset clock): Discord's snowflakes are real
-- time, and the lookup asks for messages after a snowflake made from this.
ALTER TABLE deliveries ADD COLUMN send_started_at INTEGER;
