import { randomBytes, randomUUID } from "node:crypto";
import type { Adapter } from "./adapter.js";
import { StoreError } from "./errors.js";
import type {
  ActionClaim,
  ActionRecord,
  AlertChannel,
  Catalog,
  DigestSubscription,
  OccurrenceRecord,
  OccurrenceStatus,
  Store,
} from "./types.js";

interface SubscriptionRow {
  [column: string]: unknown;
  channel_id: string;
  cron: string;
  timezone: string;
  window_days: number;
  catalog: Catalog;
  quiet: boolean;
  created_by: string;
  created_at: Date;
}

interface OccurrenceRow {
  [column: string]: unknown;
  channel_id: string;
  scheduled_for: Date;
  status: OccurrenceStatus;
  claimed_by: string;
  claimed_at: Date;
  finished_at: Date | null;
  detail: string | null;
  message_ts: string | null;
}

interface ActionRow {
  [column: string]: unknown;
  key: string;
  invitation_kind: ActionRecord["invitationKind"];
  invitation_id: string;
  catalog: Catalog;
  action: ActionRecord["action"];
  user_id: string;
  reason: string | null;
  status: ActionRecord["status"];
  detail: string | null;
  aws_request_id: string | null;
  result_id: string | null;
  attempts: number;
  created_at: Date;
  finished_at: Date | null;
}

interface AlertRow {
  [column: string]: unknown;
  channel_id: string;
  enabled: boolean;
  updated_by: string;
  updated_at: Date;
}

const ACTION_COLUMNS = `key, invitation_kind, invitation_id, catalog, action, user_id, reason, status, detail,
  aws_request_id, result_id, attempts, created_at, finished_at`;

/** A decision still pending after this long was cut off (the process died mid-call) and may be claimed again. */
export const STALE_ACTION_MS = 15 * 60_000;

/** The one Store implementation: plain PostgreSQL that runs unchanged on PGlite and on a server. */
export class SqlStore implements Store {
  readonly #db: Adapter;
  readonly #now: () => Date;
  readonly #inFlight = new Set<Promise<unknown>>();
  #closed: Promise<void> | undefined;

  constructor(db: Adapter, now: () => Date) {
    this.#db = db;
    this.#now = now;
  }

  /** Runs one public call, so that close() can wait for it. */
  #track<T>(call: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreError("The store is closed."));
    const promise = call();
    this.#inFlight.add(promise);
    const forget = () => this.#inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  claimOnce(key: string): Promise<boolean> {
    return this.#track(async () => {
      // DO UPDATE … WHERE own token (instead of DO NOTHING) lets a retried statement see its own claim.
      const rows = await this.#db.query(
        `INSERT INTO claims (key, claim_token, claimed_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET claimed_at = claims.claimed_at WHERE claims.claim_token = $2
         RETURNING key`,
        [key, randomUUID(), this.#now()],
      );
      return rows.length === 1;
    });
  }

  savePageToken(token: string, ttlSeconds: number): Promise<string> {
    return this.#track(async () => {
      const key = randomBytes(12).toString("base64url");
      const expiresAt = new Date(this.#now().getTime() + ttlSeconds * 1000);
      // DO NOTHING: a statement retried after a lost connection may find its own row (96 random bits
      // make a clash with another token negligible).
      await this.#db.query(
        "INSERT INTO page_tokens (key, token, expires_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING",
        [key, token, expiresAt],
      );
      return key;
    });
  }

  loadPageToken(key: string): Promise<string | undefined> {
    return this.#track(async () => {
      const [row] = await this.#db.query<{ token: string }>(
        "SELECT token FROM page_tokens WHERE key = $1 AND expires_at > $2",
        [key, this.#now()],
      );
      return row?.token;
    });
  }

  purgeExpired(): Promise<number> {
    return this.#track(async () => {
      const [row] = await this.#db.query<{ count: number }>(
        `WITH purged AS (DELETE FROM page_tokens WHERE expires_at <= $1 RETURNING 1)
         SELECT count(*)::integer AS count FROM purged`,
        [this.#now()],
      );
      return row?.count ?? 0;
    });
  }

  upsertSubscription(sub: DigestSubscription): Promise<void> {
    return this.#track(async () => {
      await this.#db.query(
        `INSERT INTO digest_subscriptions
           (channel_id, cron, timezone, window_days, catalog, quiet, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (channel_id) DO UPDATE SET
           cron = excluded.cron, timezone = excluded.timezone, window_days = excluded.window_days,
           catalog = excluded.catalog, quiet = excluded.quiet, created_by = excluded.created_by,
           created_at = excluded.created_at`,
        [
          sub.channelId,
          sub.cron,
          sub.timezone,
          sub.windowDays,
          sub.catalog,
          sub.quiet,
          sub.createdBy,
          sub.createdAt,
        ],
      );
    });
  }

  getSubscription(channelId: string): Promise<DigestSubscription | undefined> {
    return this.#track(async () => {
      const [row] = await this.#db.query<SubscriptionRow>(
        "SELECT * FROM digest_subscriptions WHERE channel_id = $1",
        [channelId],
      );
      return row && toSubscription(row);
    });
  }

  listSubscriptions(): Promise<DigestSubscription[]> {
    return this.#track(async () => {
      const rows = await this.#db.query<SubscriptionRow>(
        "SELECT * FROM digest_subscriptions ORDER BY channel_id",
      );
      return rows.map(toSubscription);
    });
  }

  deleteSubscription(channelId: string): Promise<boolean> {
    return this.#track(async () => {
      const rows = await this.#db.query(
        "DELETE FROM digest_subscriptions WHERE channel_id = $1 RETURNING channel_id",
        [channelId],
      );
      return rows.length === 1;
    });
  }

  claimOccurrence(channelId: string, scheduledFor: Date, claimedBy: string): Promise<boolean> {
    return this.#track(async () => {
      const rows = await this.#db.query(
        `INSERT INTO digest_occurrences (channel_id, scheduled_for, status, claimed_by, claim_token, claimed_at)
         VALUES ($1, $2, 'claimed', $3, $4, $5)
         ON CONFLICT (channel_id, scheduled_for) DO UPDATE SET claimed_at = digest_occurrences.claimed_at
           WHERE digest_occurrences.claim_token = $4
         RETURNING channel_id`,
        [channelId, scheduledFor, claimedBy, randomUUID(), this.#now()],
      );
      return rows.length === 1;
    });
  }

  finishOccurrence(
    channelId: string,
    scheduledFor: Date,
    outcome: { status: Exclude<OccurrenceStatus, "claimed">; detail?: string; messageTs?: string },
  ): Promise<void> {
    return this.#track(async () => {
      const rows = await this.#db.query(
        `UPDATE digest_occurrences SET status = $3, detail = $4, message_ts = $5, finished_at = $6
         WHERE channel_id = $1 AND scheduled_for = $2
         RETURNING channel_id`,
        [
          channelId,
          scheduledFor,
          outcome.status,
          outcome.detail ?? null,
          outcome.messageTs ?? null,
          this.#now(),
        ],
      );
      if (rows.length === 0) {
        throw new StoreError(
          `No digest occurrence was claimed for channel ${channelId} at ${scheduledFor.toISOString()}.`,
        );
      }
    });
  }

  lastOccurrence(channelId: string): Promise<OccurrenceRecord | undefined> {
    return this.#track(async () => {
      const [row] = await this.#db.query<OccurrenceRow>(
        `SELECT channel_id, scheduled_for, status, claimed_by, claimed_at, finished_at, detail, message_ts
         FROM digest_occurrences WHERE channel_id = $1 ORDER BY scheduled_for DESC LIMIT 1`,
        [channelId],
      );
      return row && toOccurrence(row);
    });
  }

  claimAction(
    action: ActionClaim,
  ): Promise<{ won: true; record: ActionRecord } | { won: false; record: ActionRecord }> {
    return this.#track(async () => {
      const [claimed] = await this.#db.query<ActionRow>(
        `INSERT INTO invitation_actions AS a (key, invitation_kind, invitation_id, catalog, action, user_id,
           reason, status, attempts, claim_token, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 1, $8, $9)
         ON CONFLICT (key) DO UPDATE SET
           invitation_kind = excluded.invitation_kind, invitation_id = excluded.invitation_id,
           catalog = excluded.catalog, action = excluded.action, user_id = excluded.user_id,
           reason = excluded.reason, status = 'pending', detail = NULL, aws_request_id = NULL,
           result_id = NULL, finished_at = NULL, created_at = excluded.created_at,
           attempts = CASE WHEN a.claim_token = excluded.claim_token THEN a.attempts ELSE a.attempts + 1 END,
           claim_token = excluded.claim_token
         WHERE a.status = 'failed' OR a.claim_token = excluded.claim_token
           OR (a.status = 'pending' AND a.created_at < $10)
         RETURNING ${ACTION_COLUMNS}`,
        [
          action.key,
          action.invitationKind,
          action.invitationId,
          action.catalog,
          action.action,
          action.userId,
          action.reason ?? null,
          randomUUID(),
          this.#now(),
          new Date(this.#now().getTime() - STALE_ACTION_MS),
        ],
      );
      if (claimed) return { won: true, record: toAction(claimed) };
      // Actions are never deleted, so the conflicting row is still there.
      const existing = await this.#getAction(action.key);
      if (!existing) throw new StoreError(`The action ${action.key} vanished while being claimed.`);
      return { won: false, record: existing };
    });
  }

  finishAction(
    key: string,
    outcome: {
      status: Exclude<ActionRecord["status"], "pending">;
      detail?: string;
      awsRequestId?: string;
      resultId?: string;
    },
  ): Promise<ActionRecord> {
    return this.#track(async () => {
      const [row] = await this.#db.query<ActionRow>(
        `UPDATE invitation_actions
         SET status = $2, detail = $3, aws_request_id = $4, result_id = $5, finished_at = $6
         WHERE key = $1 AND status = 'pending'
         RETURNING ${ACTION_COLUMNS}`,
        [
          key,
          outcome.status,
          outcome.detail ?? null,
          outcome.awsRequestId ?? null,
          outcome.resultId ?? null,
          this.#now(),
        ],
      );
      if (row) return toAction(row);
      const existing = await this.#getAction(key);
      if (!existing) throw new StoreError(`No action is recorded for key ${key}.`);
      // The same outcome again is a repeat (e.g. a retried statement), not a contradiction.
      if (existing.status === outcome.status) return existing;
      throw new StoreError(`The action ${key} already finished as ${existing.status}.`);
    });
  }

  getAction(key: string): Promise<ActionRecord | undefined> {
    return this.#track(() => this.#getAction(key));
  }

  async #getAction(key: string): Promise<ActionRecord | undefined> {
    const [row] = await this.#db.query<ActionRow>(
      `SELECT ${ACTION_COLUMNS} FROM invitation_actions WHERE key = $1`,
      [key],
    );
    return row && toAction(row);
  }

  listActions(since: Date, limit: number): Promise<ActionRecord[]> {
    return this.#track(async () => {
      const rows = await this.#db.query<ActionRow>(
        `SELECT ${ACTION_COLUMNS} FROM invitation_actions WHERE created_at >= $1
         ORDER BY created_at DESC, key DESC LIMIT $2`,
        [since, limit],
      );
      return rows.map(toAction);
    });
  }

  markAnnounced(invitationKeys: string[]): Promise<string[]> {
    return this.#track(async () => {
      // Sorted: concurrent batches then lock overlapping keys in the same order and cannot deadlock.
      const keys = [...new Set(invitationKeys)].sort();
      if (keys.length === 0) return [];
      const rows = await this.#db.query<{ key: string }>(
        `INSERT INTO announced_invitations (key, claim_token, announced_at)
         SELECT key, $2::uuid, $3::timestamptz FROM unnest($1::text[]) AS key
         ON CONFLICT (key) DO UPDATE SET announced_at = announced_invitations.announced_at
           WHERE announced_invitations.claim_token = $2::uuid
         RETURNING key`,
        [keys, randomUUID(), this.#now()],
      );
      const fresh = new Set(rows.map((r) => r.key));
      // Input order, each key once.
      return invitationKeys.filter((k) => fresh.delete(k));
    });
  }

  alreadyAnnounced(invitationKeys: string[]): Promise<string[]> {
    return this.#track(async () => {
      if (invitationKeys.length === 0) return [];
      const rows = await this.#db.query<{ key: string }>(
        "SELECT key FROM announced_invitations WHERE key = ANY($1::text[])",
        [[...new Set(invitationKeys)]],
      );
      const known = new Set(rows.map((r) => r.key));
      return invitationKeys.filter((k) => known.delete(k));
    });
  }

  setAlerts(channelId: string, enabled: boolean, userId: string): Promise<void> {
    return this.#track(async () => {
      await this.#db.query(
        `INSERT INTO alert_channels (channel_id, enabled, updated_by, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (channel_id) DO UPDATE SET
           enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        [channelId, enabled, userId, this.#now()],
      );
    });
  }

  listAlertChannels(): Promise<AlertChannel[]> {
    return this.#track(async () => {
      const rows = await this.#db.query<AlertRow>(
        "SELECT channel_id, enabled, updated_by, updated_at FROM alert_channels ORDER BY channel_id",
      );
      return rows.map((r) => ({
        channelId: r.channel_id,
        enabled: r.enabled,
        updatedBy: r.updated_by,
        updatedAt: r.updated_at,
      }));
    });
  }

  close(): Promise<void> {
    this.#closed ??= Promise.allSettled([...this.#inFlight]).then(() => this.#db.close());
    return this.#closed;
  }
}

function toSubscription(row: SubscriptionRow): DigestSubscription {
  return {
    channelId: row.channel_id,
    cron: row.cron,
    timezone: row.timezone,
    windowDays: row.window_days,
    catalog: row.catalog,
    quiet: row.quiet,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function toOccurrence(row: OccurrenceRow): OccurrenceRecord {
  return {
    channelId: row.channel_id,
    scheduledFor: row.scheduled_for,
    status: row.status,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at,
    ...(row.finished_at && { finishedAt: row.finished_at }),
    ...(row.detail !== null && { detail: row.detail }),
    ...(row.message_ts !== null && { messageTs: row.message_ts }),
  };
}

function toAction(row: ActionRow): ActionRecord {
  return {
    key: row.key,
    invitationKind: row.invitation_kind,
    invitationId: row.invitation_id,
    catalog: row.catalog,
    action: row.action,
    userId: row.user_id,
    ...(row.reason !== null && { reason: row.reason }),
    status: row.status,
    ...(row.detail !== null && { detail: row.detail }),
    ...(row.aws_request_id !== null && { awsRequestId: row.aws_request_id }),
    ...(row.result_id !== null && { resultId: row.result_id }),
    attempts: row.attempts,
    createdAt: row.created_at,
    ...(row.finished_at && { finishedAt: row.finished_at }),
  };
}
