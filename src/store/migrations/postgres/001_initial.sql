-- claim_token columns: a random value per claiming call, so that a statement retried after a lost
-- connection recognises its own earlier (committed) claim instead of reporting it as lost.

CREATE TABLE claims (
  key text PRIMARY KEY,
  claim_token uuid NOT NULL,
  claimed_at timestamptz NOT NULL
);

CREATE TABLE page_tokens (
  key text PRIMARY KEY,
  token text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX page_tokens_expires_at_idx ON page_tokens (expires_at);

CREATE TABLE digest_subscriptions (
  channel_id text PRIMARY KEY,
  cron text NOT NULL,
  timezone text NOT NULL,
  window_days integer NOT NULL CHECK (window_days > 0),
  catalog text NOT NULL CHECK (catalog IN ('AWS', 'Sandbox')),
  quiet boolean NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);

-- No foreign key to digest_subscriptions: the history outlives a deleted subscription.
CREATE TABLE digest_occurrences (
  channel_id text NOT NULL,
  scheduled_for timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('claimed', 'posted', 'empty', 'failed')),
  claimed_by text NOT NULL,
  claim_token uuid NOT NULL,
  claimed_at timestamptz NOT NULL,
  finished_at timestamptz,
  detail text,
  message_ts text,
  PRIMARY KEY (channel_id, scheduled_for)
);

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
  claim_token uuid NOT NULL,
  created_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX invitation_actions_created_at_idx ON invitation_actions (created_at);

CREATE TABLE announced_invitations (
  key text PRIMARY KEY,
  claim_token uuid NOT NULL,
  announced_at timestamptz NOT NULL
);

CREATE TABLE alert_channels (
  channel_id text PRIMARY KEY,
  enabled boolean NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL
);
