-- A colleague asking the approvers to decide an invitation: one row per invitation and colleague, claimed
-- before the request is posted (exactly once across replicas) and then recording where it was posted. A
-- claim whose replica died before posting may be taken over after a few minutes.
CREATE TABLE approver_requests (
  invitation_key text NOT NULL,
  user_id text NOT NULL,
  claim_token text NOT NULL,
  status text NOT NULL CHECK (status IN ('claimed', 'posted')),
  asked_at timestamptz NOT NULL,
  channel_id text,
  message_ts text,
  PRIMARY KEY (invitation_key, user_id)
);
CREATE INDEX approver_requests_asked_at_idx ON approver_requests (asked_at);

-- Who opened their App Home, and when: the Homes republished when invitations arrive or are decided.
CREATE TABLE open_homes (
  user_id text PRIMARY KEY,
  opened_at timestamptz NOT NULL
);
CREATE INDEX open_homes_opened_at_idx ON open_homes (opened_at);

-- What a channel's alerts take: only one kind of invitation, only one payload of engagement invitations.
ALTER TABLE alert_channels ADD COLUMN only_kind text CHECK (only_kind IN ('engagement', 'connection'));
ALTER TABLE alert_channels ADD COLUMN only_payload text CHECK (only_payload IN ('opportunity', 'lead'));
