-- The tables of the PostgreSQL migrations in SQLite's types: timestamps are epoch milliseconds, booleans
-- 0 or 1, claim tokens UUIDs as text. STRICT makes SQLite refuse a value of the wrong type.

CREATE TABLE claims (
  key text PRIMARY KEY,
  claim_token text NOT NULL,
  claimed_at integer NOT NULL,
  expires_at integer
) STRICT;
CREATE INDEX claims_expires_at_idx ON claims (expires_at);

CREATE TABLE remembered_messages (
  key text PRIMARY KEY,
  value text NOT NULL,
  expires_at integer NOT NULL
) STRICT;
CREATE INDEX remembered_messages_expires_at_idx ON remembered_messages (expires_at);

CREATE TABLE digest_subscriptions (
  channel_id text PRIMARY KEY,
  cron text NOT NULL,
  timezone text NOT NULL,
  window_days integer NOT NULL CHECK (window_days > 0),
  catalog text NOT NULL CHECK (catalog IN ('AWS', 'Sandbox')),
  quiet integer NOT NULL CHECK (quiet IN (0, 1)),
  created_by text NOT NULL,
  created_at integer NOT NULL
) STRICT;

CREATE TABLE digest_occurrences (
  channel_id text NOT NULL,
  scheduled_for integer NOT NULL,
  status text NOT NULL CHECK (status IN ('claimed', 'posted', 'empty', 'failed')),
  claimed_by text NOT NULL,
  claim_token text NOT NULL,
  claimed_at integer NOT NULL,
  finished_at integer,
  detail text,
  message_ts text,
  PRIMARY KEY (channel_id, scheduled_for)
) STRICT;
CREATE INDEX digest_occurrences_scheduled_for_idx ON digest_occurrences (scheduled_for);

CREATE TABLE invitation_actions (
  key text PRIMARY KEY,
  invitation_kind text NOT NULL CHECK (invitation_kind IN ('engagement', 'connection')),
  invitation_id text NOT NULL,
  catalog text NOT NULL CHECK (catalog IN ('AWS', 'Sandbox')),
  action text NOT NULL CHECK (action IN ('accept', 'reject', 'cancel')),
  user_id text NOT NULL,
  reason text,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'conflict')),
  detail text,
  aws_request_id text,
  result_id text,
  attempts integer NOT NULL,
  claim_token text NOT NULL,
  created_at integer NOT NULL,
  finished_at integer
) STRICT;
CREATE INDEX invitation_actions_created_at_idx ON invitation_actions (created_at);

CREATE TABLE announced_invitations (
  key text PRIMARY KEY,
  claim_token text NOT NULL,
  announced_at integer NOT NULL
) STRICT;
CREATE INDEX announced_invitations_announced_at_idx ON announced_invitations (announced_at);

CREATE TABLE alert_channels (
  channel_id text PRIMARY KEY,
  enabled integer NOT NULL CHECK (enabled IN (0, 1)),
  updated_by text NOT NULL,
  updated_at integer NOT NULL
) STRICT;
