-- New-invitation alerts to post, one per invitation and channel: written in the same transaction that
-- records the invitation as announced, confirmed with the message's ts once Slack took it, and retried until
-- then. A lease (token and end) keeps two replicas from posting the same alert at once.
CREATE TABLE alert_outbox (
  invitation_key text NOT NULL,
  channel_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'posted', 'dropped')),
  attempts integer NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  lease_token uuid,
  lease_until timestamptz,
  -- Why the last attempt failed, or why the alert was dropped.
  detail text,
  -- The channel itself refused the last attempt (the app is not in it, it is archived).
  refused boolean NOT NULL DEFAULT false,
  message_ts text,
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  PRIMARY KEY (invitation_key, channel_id)
);
CREATE INDEX alert_outbox_pending_idx ON alert_outbox (channel_id) WHERE status = 'pending';
CREATE INDEX alert_outbox_created_at_idx ON alert_outbox (created_at);
