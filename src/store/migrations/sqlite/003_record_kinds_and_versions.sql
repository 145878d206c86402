-- Each remembered record says what it is (an answer, a channel message's copy, a reject form's state), and
-- carries a version, so that two processes changing one record compare and swap instead of undoing each other.
ALTER TABLE remembered_messages ADD COLUMN kind text NOT NULL DEFAULT 'answer';
ALTER TABLE remembered_messages ADD COLUMN version integer NOT NULL DEFAULT 1;

-- Records from before were told apart by their shape: a reject form holds the invitation it rejects; a
-- channel message's copy is kept 15 days and an answer one, so a copy that outlives tomorrow is a channel's
-- (one in its last day reads as an answer, which is redrawn the same way).
UPDATE remembered_messages SET kind = CASE
  WHEN NOT json_valid(value) THEN 'answer'
  WHEN json_type(value, '$.ref') IS NOT NULL THEN 'reject-form'
  WHEN json_type(value, '$.blocks') = 'array'
    AND json_type(value, '$.next') IS NULL AND json_type(value, '$.previous') IS NULL
    AND expires_at > CAST(unixepoch('subsec') * 1000 AS integer) + 86400000 THEN 'channel-message'
  ELSE 'answer'
END;

-- A channel's digest subscription is replaced in one statement that also says whether there was one.
ALTER TABLE digest_subscriptions ADD COLUMN version integer NOT NULL DEFAULT 1;
