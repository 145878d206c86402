-- The audit log apart from the lock. `invitation_actions` keeps each invitation to one decision (the lock);
-- `decision_attempts` is appended to, never changed, by the database itself whenever that row is claimed,
-- takes up an accept task or finishes, so the lock and its log cannot disagree even if the app dies
-- between two statements. An attempt is its latest row: who, what, why, the outcome and AWS's request id.
ALTER TABLE invitation_actions
  ADD COLUMN title text,
  -- The ClientToken AWS gets for this decision; a retry keeps it (NULL: the next attempt makes a new one).
  ADD COLUMN client_token text,
  -- The accept task Partner Central is still running for the current attempt.
  ADD COLUMN task_id text,
  ADD COLUMN updated_at timestamptz;
UPDATE invitation_actions SET updated_at = coalesce(finished_at, created_at);
CREATE INDEX invitation_actions_pending_idx ON invitation_actions (status) WHERE status = 'pending';

CREATE TABLE decision_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invitation_key text NOT NULL,
  attempt integer NOT NULL,
  invitation_kind text NOT NULL,
  invitation_id text NOT NULL,
  catalog text NOT NULL,
  title text,
  action text NOT NULL,
  user_id text NOT NULL,
  reason text,
  status text NOT NULL,
  detail text,
  aws_request_id text,
  result_id text,
  task_id text,
  started_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX decision_attempts_attempt_idx ON decision_attempts (invitation_key, attempt, id);
CREATE INDEX decision_attempts_started_at_idx ON decision_attempts (started_at);
CREATE INDEX decision_attempts_recorded_at_idx ON decision_attempts (recorded_at);

-- What was decided before this version: each decision as its last attempt.
INSERT INTO decision_attempts (invitation_key, attempt, invitation_kind, invitation_id, catalog, title, action,
    user_id, reason, status, detail, aws_request_id, result_id, task_id, started_at, recorded_at)
  SELECT key, attempts, invitation_kind, invitation_id, catalog, title, action, user_id, reason, status, detail,
    aws_request_id, result_id, task_id, created_at, updated_at
  FROM invitation_actions;

CREATE FUNCTION log_decision_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO decision_attempts (invitation_key, attempt, invitation_kind, invitation_id, catalog, title, action,
      user_id, reason, status, detail, aws_request_id, result_id, task_id, started_at, recorded_at)
    VALUES (NEW.key, NEW.attempts, NEW.invitation_kind, NEW.invitation_id, NEW.catalog, NEW.title, NEW.action,
      NEW.user_id, NEW.reason, NEW.status, NEW.detail, NEW.aws_request_id, NEW.result_id, NEW.task_id,
      NEW.created_at, coalesce(NEW.updated_at, NEW.created_at));
  RETURN NULL;
END
$$;

CREATE TRIGGER invitation_actions_claimed AFTER INSERT ON invitation_actions
  FOR EACH ROW EXECUTE FUNCTION log_decision_attempt();
-- A statement repeated after a lost connection changes nothing here, so it appends nothing.
CREATE TRIGGER invitation_actions_changed AFTER UPDATE ON invitation_actions
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.attempts IS DISTINCT FROM NEW.attempts
    OR OLD.task_id IS DISTINCT FROM NEW.task_id)
  EXECUTE FUNCTION log_decision_attempt();
