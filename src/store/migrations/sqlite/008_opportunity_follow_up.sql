-- Following opportunities after Accept.
--
-- A change worth telling is posted through the alert outbox, recorded in the same transaction that saves
-- the opportunity's new state: `payload` holds what to say (the domain's words, since it cannot be looked
-- up again later), `thread_ts` the message it answers (the invitation's alert), if any. Invitations' alerts
-- leave both empty.
ALTER TABLE alert_outbox ADD COLUMN payload text;
ALTER TABLE alert_outbox ADD COLUMN thread_ts text;

-- Which accept made an opportunity, to find the invitation (and its alert) an opportunity came from.
CREATE INDEX invitation_actions_result_idx ON invitation_actions (catalog, result_id) WHERE result_id IS NOT NULL;

-- Assigning opportunities and changing their next steps from Slack: the lock, one row per action on what
-- its actor saw (a double click claims it once), and the append-only audit log of every attempt, written by
-- the database itself as the lock changes, like decision_attempts.
CREATE TABLE opportunity_actions (
  key text PRIMARY KEY,
  catalog text NOT NULL,
  opportunity_id text NOT NULL,
  title text,
  action text NOT NULL,
  user_id text NOT NULL,
  -- What it was set to: the assignee, the next steps.
  subject text,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'conflict')),
  detail text,
  aws_request_id text,
  attempts integer NOT NULL,
  claim_token text NOT NULL,
  created_at integer NOT NULL,
  updated_at integer NOT NULL,
  finished_at integer
) STRICT;
CREATE INDEX opportunity_actions_created_at_idx ON opportunity_actions (created_at);

CREATE TABLE opportunity_action_attempts (
  id integer PRIMARY KEY AUTOINCREMENT,
  action_key text NOT NULL,
  attempt integer NOT NULL,
  catalog text NOT NULL,
  opportunity_id text NOT NULL,
  title text,
  action text NOT NULL,
  user_id text NOT NULL,
  subject text,
  status text NOT NULL,
  detail text,
  aws_request_id text,
  started_at integer NOT NULL,
  recorded_at integer NOT NULL
) STRICT;
CREATE INDEX opportunity_action_attempts_attempt_idx ON opportunity_action_attempts (action_key, attempt, id);
CREATE INDEX opportunity_action_attempts_started_at_idx ON opportunity_action_attempts (started_at);
CREATE INDEX opportunity_action_attempts_recorded_at_idx ON opportunity_action_attempts (recorded_at);

CREATE TRIGGER opportunity_actions_claimed AFTER INSERT ON opportunity_actions
BEGIN
  INSERT INTO opportunity_action_attempts (action_key, attempt, catalog, opportunity_id, title, action, user_id,
      subject, status, detail, aws_request_id, started_at, recorded_at)
    VALUES (NEW.key, NEW.attempts, NEW.catalog, NEW.opportunity_id, NEW.title, NEW.action, NEW.user_id,
      NEW.subject, NEW.status, NEW.detail, NEW.aws_request_id, NEW.created_at, NEW.updated_at);
END;

-- A statement repeated after a lost connection changes nothing here, so it appends nothing.
CREATE TRIGGER opportunity_actions_changed AFTER UPDATE ON opportunity_actions
WHEN OLD.status IS NOT NEW.status OR OLD.attempts IS NOT NEW.attempts
BEGIN
  INSERT INTO opportunity_action_attempts (action_key, attempt, catalog, opportunity_id, title, action, user_id,
      subject, status, detail, aws_request_id, started_at, recorded_at)
    VALUES (NEW.key, NEW.attempts, NEW.catalog, NEW.opportunity_id, NEW.title, NEW.action, NEW.user_id,
      NEW.subject, NEW.status, NEW.detail, NEW.aws_request_id, NEW.created_at, NEW.updated_at);
END;

-- When the app last looked for opportunities modified in Partner Central, per catalog: the next look asks
-- for those modified since (one row per catalog, kept for good).
CREATE TABLE opportunity_looks (
  catalog text PRIMARY KEY,
  looked_at integer NOT NULL
) STRICT;
