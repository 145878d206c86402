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
  /** $1 catalog, $2 the id the decision made. */
  findDecisionByResult: string;
  unfinishedDecisions: string;
  decisionHistory: string;

  /** $1: the keys (sorted), $2: a claim token, $3: now; returns the keys not announced before. */
  markAnnounced: string;
  /** $1: the keys; returns those announced before. */
  knownAnnounced: string;

  /** $1 channel, $2 enabled, $3 user, $4 now, $5 only this kind, $6 only this payload. */
  setAlertChannel: string;
  listAlertChannels: string;

  /** $1 invitation key, $2 user, $3 claim token, $4 now, $5 claims made before this are stale. */
  claimApproverRequest: string;
  /** $1 invitation key, $2 user, $3 claim token, $4 channel, $5 message ts. */
  postApproverRequest: string;
  releaseApproverRequest: string;
  getApproverRequest: string;

  openHome: string;
  /** $1: since, $2: how many at most. */
  openHomesSince: string;

  /** $1: the keys, $2: the location, $3: until when. */
  recordInvitationMessage: string;
  findInvitationMessages: string;

  getSnapshot: string;
  /** $1 catalog. */
  listSnapshots: string;
  /** $1 catalog, $2 opportunity id, $3 state, $4 seen at, $5 write token. */
  insertSnapshot: string;
  /** As insertSnapshot, and $6 the version it replaces. */
  updateSnapshot: string;
  /**
   * $1: the claim token markAnnounced used in this transaction, $2: channels, $3: now, $4: keys; $2 and $4
   * are pairs by position (an alert for key $4[n] in channel $2[n]).
   */
  enqueueAlerts: string;
  /** $1: the channel, $2: a lease token, $3: the lease's end, $4: now. */
  leaseAlerts: string;
  /** leaseAlerts, of $5: these keys only. */
  leaseAlertsOf: string;
  /** $1: the lease token, $2: the keys, $3: status, $4: message ts, $5: detail, $6: now. */
  settleAlerts: string;
  /** $1: the lease token, $2: the keys, $3: detail, $4: refused, $5: due again at. */
  retryAlerts: string;
  /** $1: the channels that keep theirs, $2: detail, $3: now. */
  dropAlertsExcept: string;
  waitingAlerts: string;
  /** $1: the invitation key. */
  postedAlerts: string;
  /** $1 key, $2 channel, $3 now, $4 payload, $5 thread ts. */
  insertOutboxPost: string;

  /** $1 key, $2 catalog, $3 opportunity id, $4 title, $5 action, $6 user, $7 subject, $8 claim token, $9 now, $10 stale before. */
  claimOpportunityAction: string;
  /** $1 key, $2 attempt, $3 status, $4 detail, $5 AWS request id, $6 now. */
  finishOpportunityAction: string;
  getOpportunityAction: string;
  /** $1 since, $2 limit. */
  opportunityActionHistory: string;

  lastOpportunityLook: string;
  /** $1 catalog, $2 when. */
  advanceOpportunityLook: string;

  /** Each deletes what its table's retention rule lets go; $1 is the cut-off. */
  purgeRememberedMessages: string;
  purgeClaims: string;
  purgeOccurrences: string;
  purgeDecisions: string;
  purgeDecisionAttempts: string;
  purgeAnnounced: string;
  purgeInvitationMessages: string;
  purgeSnapshots: string;
  purgeAlertOutbox: string;
  purgeApproverRequests: string;
  purgeOpenHomes: string;
  purgeOpportunityActions: string;
  purgeOpportunityActionAttempts: string;
}

const ACTION_COLUMNS = `key, invitation_kind, invitation_id, catalog, title, action, user_id, reason, status,
  detail, aws_request_id, result_id, client_token, task_id, attempts, created_at, finished_at`;

const SNAPSHOT_COLUMNS = "catalog, opportunity_id, state, seen_at, version";

const OPPORTUNITY_ACTION_COLUMNS = `key, catalog, opportunity_id, title, action, user_id, subject, status, detail,
  aws_request_id, attempts, created_at, finished_at`;

const OCCURRENCE_COLUMNS =
  "channel_id, scheduled_for, status, claimed_by, claimed_at, finished_at, detail, message_ts";

type Shared = Omit<
  Statements,
  | "createMigrationsTable"
  | "markAnnounced"
  | "knownAnnounced"
  | "recordInvitationMessage"
  | "enqueueAlerts"
  | "leaseAlertsOf"
  | "settleAlerts"
  | "retryAlerts"
  | "dropAlertsExcept"
>;

const DUE = "CASE WHEN lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END";
const LEASED = "RETURNING invitation_key, channel_id, attempts, created_at, payload, thread_ts";
const LEASE_ALERTS = `UPDATE alert_outbox SET lease_token = $2, lease_until = $3
    WHERE channel_id = $1 AND status = 'pending' AND (lease_until IS NULL OR lease_until <= $4)`;

/**
 * An audit log read back: each attempt's latest row (of those started at or after $1, newest first, $2 at
 * most), with `superseded`: a later attempt at the same `key` followed it.
 */
function latestAttempts(table: string, key: string, columns: string[]): string {
  return `SELECT l.${key}, l.attempt, ${columns.map((c) => `l.${c}`).join(", ")}, l.started_at, l.recorded_at,
      EXISTS (SELECT 1 FROM ${table} n WHERE n.${key} = l.${key} AND n.attempt > l.attempt) AS superseded
    FROM ${table} l
    WHERE l.started_at >= $1 AND NOT EXISTS (SELECT 1 FROM ${table} m
      WHERE m.${key} = l.${key} AND m.attempt = l.attempt AND m.id > l.id)
    ORDER BY l.started_at DESC, l.id DESC LIMIT $2`;
}

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
  remember: `INSERT INTO remembered_messages (key, kind, value, expires_at, version) VALUES ($1, $2, $3, $4, 1)
    ON CONFLICT (key) DO NOTHING`,
  recall: "SELECT kind, value, version FROM remembered_messages WHERE key = $1 AND expires_at > $2",
  // $3: the version the change began from; no row changes when another change was saved since.
  replaceRemembered: `UPDATE remembered_messages SET value = $2, version = version + 1
    WHERE key = $1 AND version = $3 AND expires_at > $4`,

  saveSubscription: `INSERT INTO digest_subscriptions
      (channel_id, cron, timezone, window_days, catalog, quiet, created_by, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
    ON CONFLICT (channel_id) DO UPDATE SET
      cron = excluded.cron, timezone = excluded.timezone, window_days = excluded.window_days,
      catalog = excluded.catalog, quiet = excluded.quiet, created_by = excluded.created_by,
      created_at = excluded.created_at, version = digest_subscriptions.version + 1
    RETURNING version`,
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
  // followed for them. $11: the title. The client token is `action-invitation id-attempt`, built here alone:
  // a retry of the same action keeps its client token (AWS then does at most once what it may have
  // received), unless it was spent.
  claimDecision: `INSERT INTO invitation_actions AS a (key, invitation_kind, invitation_id, catalog, action,
      user_id, reason, title, status, attempts, claim_token, client_token, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $11, 'pending', 1, $8,
      CAST($5 AS text) || '-' || CAST($3 AS text) || '-1', $9, $9)
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
  findDecisionByResult: `SELECT ${ACTION_COLUMNS} FROM invitation_actions
    WHERE catalog = $1 AND result_id = $2 ORDER BY created_at DESC LIMIT 1`,
  unfinishedDecisions: `SELECT ${ACTION_COLUMNS} FROM invitation_actions WHERE status = 'pending'
    ORDER BY created_at, key`,
  decisionHistory: latestAttempts("decision_attempts", "invitation_key", [
    "invitation_kind",
    "invitation_id",
    "catalog",
    "title",
    "action",
    "user_id",
    "reason",
    "status",
    "detail",
    "aws_request_id",
    "result_id",
    "task_id",
  ]),

  setAlertChannel: `INSERT INTO alert_channels (channel_id, enabled, updated_by, updated_at, only_kind, only_payload)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (channel_id) DO UPDATE SET
      enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = excluded.updated_at,
      only_kind = excluded.only_kind, only_payload = excluded.only_payload`,
  listAlertChannels: `SELECT channel_id, enabled, updated_by, updated_at, only_kind, only_payload FROM alert_channels
    ORDER BY channel_id`,

  // Won by a new request, a retry of this call (its own token), or one whose process died before posting.
  claimApproverRequest: `INSERT INTO approver_requests AS r (invitation_key, user_id, claim_token, status, asked_at)
    VALUES ($1, $2, $3, 'claimed', $4)
    ON CONFLICT (invitation_key, user_id) DO UPDATE SET claim_token = excluded.claim_token, asked_at = excluded.asked_at
    WHERE r.claim_token = excluded.claim_token OR (r.status = 'claimed' AND r.asked_at < $5)
    RETURNING invitation_key`,
  postApproverRequest: `UPDATE approver_requests SET status = 'posted', channel_id = $4, message_ts = $5
    WHERE invitation_key = $1 AND user_id = $2 AND claim_token = $3`,
  releaseApproverRequest: `DELETE FROM approver_requests
    WHERE invitation_key = $1 AND user_id = $2 AND claim_token = $3 AND status = 'claimed'`,
  getApproverRequest: `SELECT invitation_key, user_id, asked_at, channel_id, message_ts FROM approver_requests
    WHERE invitation_key = $1 AND user_id = $2`,
  purgeApproverRequests: "DELETE FROM approver_requests WHERE asked_at < $1",

  openHome: `INSERT INTO open_homes (user_id, opened_at) VALUES ($1, $2)
    ON CONFLICT (user_id) DO UPDATE SET opened_at = excluded.opened_at`,
  openHomesSince:
    "SELECT user_id FROM open_homes WHERE opened_at >= $1 ORDER BY opened_at DESC, user_id LIMIT $2",
  purgeOpenHomes: "DELETE FROM open_homes WHERE opened_at < $1",

  purgeRememberedMessages: "DELETE FROM remembered_messages WHERE expires_at <= $1",
  purgeClaims: "DELETE FROM claims WHERE expires_at <= $1",
  purgeOccurrences: "DELETE FROM digest_occurrences WHERE scheduled_for < $1",
  purgeDecisions: "DELETE FROM invitation_actions WHERE created_at < $1",
  purgeDecisionAttempts: "DELETE FROM decision_attempts WHERE recorded_at < $1",
  findInvitationMessages: `SELECT location FROM invitation_messages WHERE invitation_key = $1 AND expires_at > $2
    ORDER BY expires_at, location`,

  // write_token: as claim_token, so a statement retried after a lost connection finds its own write.
  getSnapshot: `SELECT ${SNAPSHOT_COLUMNS} FROM opportunity_snapshots WHERE catalog = $1 AND opportunity_id = $2`,
  listSnapshots: `SELECT ${SNAPSHOT_COLUMNS} FROM opportunity_snapshots WHERE catalog = $1 ORDER BY opportunity_id`,
  insertSnapshot: `INSERT INTO opportunity_snapshots AS s
      (catalog, opportunity_id, state, seen_at, version, write_token)
    VALUES ($1, $2, $3, $4, 1, $5)
    ON CONFLICT (catalog, opportunity_id) DO UPDATE SET seen_at = s.seen_at WHERE s.write_token = excluded.write_token
    RETURNING ${SNAPSHOT_COLUMNS}`,
  updateSnapshot: `UPDATE opportunity_snapshots
    SET state = $3, seen_at = $4, write_token = $5,
      version = CASE WHEN write_token = $5 THEN version ELSE version + 1 END
    WHERE catalog = $1 AND opportunity_id = $2 AND (version = $6 OR write_token = $5)
    RETURNING ${SNAPSHOT_COLUMNS}`,
  purgeSnapshots: "DELETE FROM opportunity_snapshots WHERE seen_at < $1",

  purgeAnnounced: "DELETE FROM announced_invitations WHERE announced_at < $1",
  purgeInvitationMessages: "DELETE FROM invitation_messages WHERE expires_at <= $1",

  leaseAlerts: `${LEASE_ALERTS} ${LEASED}`,
  // A live lease's end is when its alerts can next be tried, should its process have died.
  waitingAlerts: `SELECT channel_id,
      CAST(sum(CASE WHEN payload IS NULL THEN 1 ELSE 0 END) AS integer) AS count,
      CAST(sum(CASE WHEN payload IS NULL THEN 0 ELSE 1 END) AS integer) AS updates, min(created_at) AS since,
      min(${DUE}) AS due_at,
      min(CASE WHEN attempts > 0 AND NOT refused THEN ${DUE} END) AS retry_at,
      max(CASE WHEN refused THEN detail END) AS refusal
    FROM alert_outbox WHERE status = 'pending' GROUP BY channel_id ORDER BY channel_id`,
  purgeAlertOutbox: "DELETE FROM alert_outbox WHERE created_at < $1",
  postedAlerts: `SELECT channel_id, message_ts FROM alert_outbox
    WHERE invitation_key = $1 AND status = 'posted' AND message_ts IS NOT NULL ORDER BY channel_id`,
  // A statement repeated after a lost connection finds its own row and adds nothing.
  insertOutboxPost: `INSERT INTO alert_outbox
      (invitation_key, channel_id, status, attempts, next_attempt_at, created_at, payload, thread_ts)
    VALUES ($1, $2, 'pending', 0, $3, $3, $4, $5) ON CONFLICT DO NOTHING`,

  // As claimDecision: a failed action, or one pending for 15 minutes (its process died), may be claimed again.
  claimOpportunityAction: `INSERT INTO opportunity_actions AS a (key, catalog, opportunity_id, title, action,
      user_id, subject, status, attempts, claim_token, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 1, $8, $9, $9)
    ON CONFLICT (key) DO UPDATE SET
      title = excluded.title, user_id = excluded.user_id, subject = excluded.subject, status = 'pending',
      detail = NULL, aws_request_id = NULL, finished_at = NULL, created_at = excluded.created_at,
      updated_at = excluded.updated_at,
      attempts = CASE WHEN a.claim_token = excluded.claim_token THEN a.attempts ELSE a.attempts + 1 END,
      claim_token = excluded.claim_token
    WHERE a.status = 'failed' OR a.claim_token = excluded.claim_token
      OR (a.status = 'pending' AND a.created_at < $10)
    RETURNING ${OPPORTUNITY_ACTION_COLUMNS}`,
  finishOpportunityAction: `UPDATE opportunity_actions
    SET status = $3, detail = $4, aws_request_id = $5, finished_at = $6, updated_at = $6
    WHERE key = $1 AND attempts = $2 AND status = 'pending'
    RETURNING ${OPPORTUNITY_ACTION_COLUMNS}`,
  getOpportunityAction: `SELECT ${OPPORTUNITY_ACTION_COLUMNS} FROM opportunity_actions WHERE key = $1`,
  opportunityActionHistory: latestAttempts("opportunity_action_attempts", "action_key", [
    "catalog",
    "opportunity_id",
    "title",
    "action",
    "user_id",
    "subject",
    "status",
    "detail",
    "aws_request_id",
  ]),

  lastOpportunityLook: "SELECT looked_at FROM opportunity_looks WHERE catalog = $1",
  advanceOpportunityLook: `INSERT INTO opportunity_looks (catalog, looked_at) VALUES ($1, $2)
    ON CONFLICT (catalog) DO UPDATE SET looked_at = excluded.looked_at
      WHERE opportunity_looks.looked_at < excluded.looked_at`,

  purgeOpportunityActions: "DELETE FROM opportunity_actions WHERE created_at < $1",
  purgeOpportunityActionAttempts: "DELETE FROM opportunity_action_attempts WHERE recorded_at < $1",
};

const ALERT_COLUMNS = "invitation_key, channel_id, status, attempts, next_attempt_at, created_at";
const SETTLE_ALERTS = `UPDATE alert_outbox SET status = $3, message_ts = $4, detail = $5, finished_at = $6,
      lease_token = NULL, lease_until = NULL
    WHERE lease_token = $1 AND status = 'pending'`;
const RETRY_ALERTS = `UPDATE alert_outbox SET attempts = attempts + 1, detail = $3, refused = $4,
      next_attempt_at = $5, lease_token = NULL, lease_until = NULL
    WHERE lease_token = $1 AND status = 'pending'`;
const DROP_ALERTS = `UPDATE alert_outbox SET status = 'dropped', detail = $2, finished_at = $3
    WHERE status = 'pending' AND (lease_until IS NULL OR lease_until <= $3)`;

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
  enqueueAlerts: `INSERT INTO alert_outbox (${ALERT_COLUMNS})
    SELECT a.key, p.channel, 'pending', 0, $3::timestamptz, $3::timestamptz
    FROM unnest($4::text[], $2::text[]) AS p(key, channel)
    JOIN announced_invitations AS a ON a.key = p.key
    WHERE a.claim_token = $1::uuid
    ON CONFLICT DO NOTHING`,
  leaseAlertsOf: `${LEASE_ALERTS} AND invitation_key = ANY($5::text[]) ${LEASED}`,
  settleAlerts: `${SETTLE_ALERTS} AND invitation_key = ANY($2::text[])`,
  retryAlerts: `${RETRY_ALERTS} AND invitation_key = ANY($2::text[])`,
  dropAlertsExcept: `${DROP_ALERTS} AND channel_id <> ALL($1::text[])`,
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
  // json_each's `key` is an element's position, which pairs the two arrays.
  enqueueAlerts: `INSERT INTO alert_outbox (${ALERT_COLUMNS})
    SELECT a.key, c.value, 'pending', 0, $3, $3
    FROM json_each($4) AS k JOIN json_each($2) AS c ON c.key = k.key
    JOIN announced_invitations AS a ON a.key = k.value
    WHERE a.claim_token = $1
    ON CONFLICT DO NOTHING`,
  leaseAlertsOf: `${LEASE_ALERTS} AND invitation_key IN (SELECT value FROM json_each($5)) ${LEASED}`,
  settleAlerts: `${SETTLE_ALERTS} AND invitation_key IN (SELECT value FROM json_each($2))`,
  retryAlerts: `${RETRY_ALERTS} AND invitation_key IN (SELECT value FROM json_each($2))`,
  dropAlertsExcept: `${DROP_ALERTS} AND channel_id NOT IN (SELECT value FROM json_each($1))`,
};
