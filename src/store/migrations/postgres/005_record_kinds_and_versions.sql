-- Each remembered record says what it is (an answer, a channel message's copy, a reject form's state), and
-- carries a version, so that two processes changing one record compare and swap instead of undoing each other.
ALTER TABLE remembered_messages ADD COLUMN kind text NOT NULL DEFAULT 'answer';
ALTER TABLE remembered_messages ADD COLUMN version integer NOT NULL DEFAULT 1;

-- Records from before were told apart by their shape: a reject form holds the invitation it rejects; a
-- channel message's copy is kept 15 days and an answer one, so a copy that outlives tomorrow is a channel's
-- (one in its last day reads as an answer, which is redrawn the same way). A value that is not JSON stays an
-- answer, which reads as nothing.
CREATE FUNCTION pg_temp.remembered_kind(value text, expires_at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  doc jsonb;
BEGIN
  doc := value::jsonb;
  IF jsonb_typeof(doc) <> 'object' THEN
    RETURN 'answer';
  ELSIF doc ? 'ref' THEN
    RETURN 'reject-form';
  ELSIF jsonb_typeof(doc -> 'blocks') = 'array' AND NOT (doc ? 'next' OR doc ? 'previous')
    AND expires_at > now() + interval '1 day' THEN
    RETURN 'channel-message';
  END IF;
  RETURN 'answer';
EXCEPTION WHEN invalid_text_representation THEN
  RETURN 'answer';
END
$$;
UPDATE remembered_messages SET kind = pg_temp.remembered_kind(value, expires_at);
DROP FUNCTION pg_temp.remembered_kind(text, timestamptz);

-- A channel's digest subscription is replaced in one statement that also says whether there was one.
ALTER TABLE digest_subscriptions ADD COLUMN version integer NOT NULL DEFAULT 1;
