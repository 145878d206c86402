/**
 * Every statement the store runs, by dialect. They are written with PostgreSQL's `$n` parameters; the
 * SQLite adapter runs them as `?n`, which SQLite numbers the same way. Most are standard SQL both run as
 * they are (INSERT … ON CONFLICT and RETURNING); the variants below them are what differs.
 */
export interface Statements {
  createMigrationsTable: string;
  schemaVersion: string;
  recordMigration: string;

  claimOnce: string;

  remember: string;
  recall: string;
  replaceRemembered: string;

  saveSubscription: string;
  getSubscription: string;
  listSubscriptions: string;
  deleteSubscription: string;

  claimOccurrence: string;
  finishOccurrence: string;
  lastOccurrence: string;

  claimDecision: string;
  finishDecision: string;
  recordDecisionTask: string;
  getDecision: string;
  unfinishedDecisions: string;
  decisionHistory: string;

  /** $1: the keys (sorted), $2: a claim token, $3: now; returns the keys not announced before. */
  markAnnounced: string;
  /** $1: the keys; returns those announced before. */
  knownAnnounced: string;

  setAlertChannel: string;
  listAlertChannels: string;

  /** $1: the keys, $2: the location, $3: until when. */
  recordInvitationMessage: string;
  findInvitationMessages: string;

  /** Each deletes what its table's retention rule lets go; $1 is the cut-off. */
  purgeRememberedMessages: string;
  purgeClaims: string;
  purgeOccurrences: string;
  purgeDecisions: string;
  purgeDecisionAttempts: string;
  purgeAnnounced: string;
  purgeInvitationMessages: string;
}

const ACTION_COLUMNS = `key, invitation_kind, invitation_id, catalog, title, action, user_id, reason, status,
  detail, aws_request_id, result_id, client_token, task_id, attempts, created_at, finished_at`;

const OCCURRENCE_COLUMNS =
  "channel_id, scheduled_for, status, claimed_by, claimed_at, finished_at, detail, message_ts";

type Shared = Omit<
  Statements,
  "createMigrationsTable" | "markAnnounced" | "knownAnnounced" | "recordInvitationMessage"
>;

// claim_token: a random value per claiming call, so that a statement retried after a lost connection
// recognises its own earlier (committed) claim instead of reporting it as lost. Hence DO UPDATE … WHERE
// own token rather than DO NOTHING.
const shared: Shared = {
  schemaVersion: "SELECT coalesce(max(version), 0) AS version FROM schema_migrations",
  recordMigration: "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",

  // A claim past its expiry may be won again before the purge deletes it.
  claimOnce: `INSERT INTO claims (key, claim_token, claimed_at, expires_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (key) DO UPDATE SET
      claim_token = excluded.claim_token, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
    WHERE claims.claim_token = excluded.claim_token OR claims.expires_at <= excluded.claimed_at
    RETURNING key`,

  // DO NOTHING: a statement retried after a lost connection may find its own row (96 random bits make a
  // clash with another token negligible).
  remember:
    "INSERT INTO remembered_messages (key, value, expires_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING",
  recall: "SELECT value FROM remembered_messages WHERE key = $1 AND expires_at > $2",
  replaceRemembered: "UPDATE remembered_messages SET value = $2 WHERE key = $1 AND expires_at > $3",

  saveSubscription: `INSERT INTO digest_subscriptions
      (channel_id, cron, timezone, window_days, catalog, quiet, created_by, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
    ON CONFLICT (channel_id) DO UPDATE SET
      cron = excluded.cron, timezone = excluded.timezone, window_days = excluded.window_days,
      catalog = excluded.catalog, quiet = excluded.quiet, created_by = excluded.created_by,
      created_at = excluded.created_at`,
  getSubscription: "SELECT * FROM digest_subscriptions WHERE channel_id = $1",
  listSubscriptions: "SELECT * FROM digest_subscriptions ORDER BY channel_id",
  deleteSubscription: "DELETE FROM digest_subscriptions WHERE channel_id = $1",

  claimOccurrence: `INSERT INTO digest_occurrences
      (channel_id, scheduled_for, status, claimed_by, claim_token, claimed_at)
    VALUES ($1, $2, 'claimed', $3, $4, $5)
    ON CONFLICT (channel_id, scheduled_for) DO UPDATE SET claimed_at = digest_occurrences.claimed_at
      WHERE digest_occurrences.claim_token = $4
    RETURNING channel_id`,
  finishOccurrence: `UPDATE digest_occurrences SET status = $3, detail = $4, message_ts = $5, finished_at = $6
    WHERE channel_id = $1 AND scheduled_for = $2`,
  lastOccurrence: `SELECT ${OCCURRENCE_COLUMNS} FROM digest_occurrences WHERE channel_id = $1
    ORDER BY scheduled_for DESC LIMIT 1`,

  // $10: pending claims made before it are stale (their process died mid-call), unless an accept task is
  // followed for them. $11: the title, $12: the client token of a first attempt. A retry of the same action
  // keeps its client token (AWS then does at most once what it may have received), unless it was spent.
  claimDecision: `INSERT INTO invitation_actions AS a (key, invitation_kind, invitation_id, catalog, action,
      user_id, reason, title, status, attempts, claim_token, client_token, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $11, 'pending', 1, $8, $12, $9, $9)
    ON CONFLICT (key) DO UPDATE SET
      invitation_kind = excluded.invitation_kind, invitation_id = excluded.invitation_id,
      catalog = excluded.catalog, action = excluded.action, user_id = excluded.user_id,
      reason = excluded.reason, title = excluded.title, status = 'pending', detail = NULL,
      aws_request_id = NULL, result_id = NULL, task_id = NULL, finished_at = NULL,
      created_at = excluded.created_at, updated_at = excluded.updated_at,
      attempts = CASE WHEN a.claim_token = excluded.claim_token THEN a.attempts ELSE a.attempts + 1 END,
      client_token = CASE
        WHEN a.claim_token = excluded.claim_token
          OR (a.client_token IS NOT NULL AND a.action = excluded.action) THEN a.client_token
        ELSE excluded.action || '-' || excluded.invitation_id || '-' || CAST(a.attempts + 1 AS text) END,
      claim_token = excluded.claim_token
    WHERE a.status = 'failed' OR a.claim_token = excluded.claim_token
      OR (a.status = 'pending' AND a.task_id IS NULL AND a.created_at < $10)
    RETURNING ${ACTION_COLUMNS}`,
  // $7: the attempt to finish, or NULL for the pending one; $8: whether its client token was spent.
  finishDecision: `UPDATE invitation_actions
    SET status = $2, detail = $3, aws_request_id = coalesce($4, aws_request_id), result_id = $5,
      finished_at = $6, updated_at = $6, task_id = NULL,
      client_token = CASE WHEN $8 THEN NULL ELSE client_token END
    WHERE key = $1 AND status = 'pending' AND attempts = coalesce($7, attempts)
    RETURNING ${ACTION_COLUMNS}`,
  recordDecisionTask: `UPDATE invitation_actions
    SET task_id = $3, aws_request_id = coalesce($4, aws_request_id), updated_at = $5
    WHERE key = $1 AND attempts = $2 AND status = 'pending'
    RETURNING ${ACTION_COLUMNS}`,
  getDecision: `SELECT ${ACTION_COLUMNS} FROM invitation_actions WHERE key = $1`,
  unfinishedDecisions: `SELECT ${ACTION_COLUMNS} FROM invitation_actions WHERE status = 'pending'
    ORDER BY created_at, key`,
  // Each attempt's latest row; `superseded`: a later attempt at the same decision followed it.
  decisionHistory: `SELECT l.invitation_key, l.attempt, l.invitation_kind, l.invitation_id, l.catalog, l.title,
      l.action, l.user_id, l.reason, l.status, l.detail, l.aws_request_id, l.result_id, l.task_id,
      l.started_at, l.recorded_at,
      EXISTS (SELECT 1 FROM decision_attempts n
        WHERE n.invitation_key = l.invitation_key AND n.attempt > l.attempt) AS superseded
    FROM decision_attempts l
    WHERE l.started_at >= $1 AND NOT EXISTS (SELECT 1 FROM decision_attempts m
      WHERE m.invitation_key = l.invitation_key AND m.attempt = l.attempt AND m.id > l.id)
    ORDER BY l.started_at DESC, l.id DESC LIMIT $2`,

  setAlertChannel: `INSERT INTO alert_channels (channel_id, enabled, updated_by, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (channel_id) DO UPDATE SET
      enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  listAlertChannels:
    "SELECT channel_id, enabled, updated_by, updated_at FROM alert_channels ORDER BY channel_id",

  purgeRememberedMessages: "DELETE FROM remembered_messages WHERE expires_at <= $1",
  purgeClaims: "DELETE FROM claims WHERE expires_at <= $1",
  purgeOccurrences: "DELETE FROM digest_occurrences WHERE scheduled_for < $1",
  purgeDecisions: "DELETE FROM invitation_actions WHERE created_at < $1",
  purgeDecisionAttempts: "DELETE FROM decision_attempts WHERE recorded_at < $1",
  findInvitationMessages: `SELECT location FROM invitation_messages WHERE invitation_key = $1 AND expires_at > $2
    ORDER BY expires_at, location`,

  purgeAnnounced: "DELETE FROM announced_invitations WHERE announced_at < $1",
  purgeInvitationMessages: "DELETE FROM invitation_messages WHERE expires_at <= $1",
};

const INVITATION_MESSAGE_CONFLICT = `ON CONFLICT (invitation_key, location) DO UPDATE SET
      expires_at = CASE WHEN excluded.expires_at > invitation_messages.expires_at
        THEN excluded.expires_at ELSE invitation_messages.expires_at END`;

/** PostgreSQL: timestamps are timestamptz, lists are arrays. */
export const postgresStatements: Statements = {
  ...shared,
  createMigrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`,
  markAnnounced: `INSERT INTO announced_invitations (key, claim_token, announced_at)
    SELECT key, $2::uuid, $3::timestamptz FROM unnest($1::text[]) AS key
    ON CONFLICT (key) DO UPDATE SET announced_at = announced_invitations.announced_at
      WHERE announced_invitations.claim_token = $2::uuid
    RETURNING key`,
  knownAnnounced: "SELECT key FROM announced_invitations WHERE key = ANY($1::text[])",
  recordInvitationMessage: `INSERT INTO invitation_messages (invitation_key, location, expires_at)
    SELECT key, $2, $3::timestamptz FROM unnest($1::text[]) AS key
    ${INVITATION_MESSAGE_CONFLICT}`,
};

/** SQLite: timestamps are epoch milliseconds, lists are JSON arrays. */
export const sqliteStatements: Statements = {
  ...shared,
  createMigrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at integer NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS integer))
  ) STRICT`,
  // WHERE true: without it SQLite would read ON CONFLICT as a join constraint of the SELECT.
  markAnnounced: `INSERT INTO announced_invitations (key, claim_token, announced_at)
    SELECT value, $2, $3 FROM json_each($1) WHERE true
    ON CONFLICT (key) DO UPDATE SET announced_at = announced_invitations.announced_at
      WHERE announced_invitations.claim_token = $2
    RETURNING key`,
  knownAnnounced: "SELECT key FROM announced_invitations WHERE key IN (SELECT value FROM json_each($1))",
  recordInvitationMessage: `INSERT INTO invitation_messages (invitation_key, location, expires_at)
    SELECT value, $2, $3 FROM json_each($1) WHERE true
    ${INVITATION_MESSAGE_CONFLICT}`,
};
