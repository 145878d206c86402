import { randomBytes, randomUUID } from "node:crypto";
import type { Adapter } from "./adapter.js";
import { StoreError } from "./errors.js";
import type { Statements } from "./statements.js";
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

/** A timestamp as the dialect returns it: a Date from PostgreSQL, epoch milliseconds from SQLite. */
type Timestamp = Date | number;

const toDate = (value: Timestamp): Date => (value instanceof Date ? value : new Date(value));

interface SubscriptionRow {
  [column: string]: unknown;
  channel_id: string;
  cron: string;
  timezone: string;
  window_days: number;
  catalog: Catalog;
  quiet: boolean | number;
  created_by: string;
  created_at: Timestamp;
}

interface OccurrenceRow {
  [column: string]: unknown;
  channel_id: string;
  scheduled_for: Timestamp;
  status: OccurrenceStatus;
  claimed_by: string;
  claimed_at: Timestamp;
  finished_at: Timestamp | null;
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
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

interface AlertRow {
  [column: string]: unknown;
  channel_id: string;
  enabled: boolean | number;
  updated_by: string;
  updated_at: Timestamp;
}

/** A decision still pending after this long was cut off (the process died mid-call) and may be claimed again. */
export const STALE_ACTION_MS = 15 * 60_000;

/** The one Store implementation, over either dialect's statements. */
export class SqlStore implements Store {
  readonly #db: Adapter;
  readonly #sql: Statements;
  readonly #now: () => Date;
  readonly #inFlight = new Set<Promise<unknown>>();
  #closed: Promise<void> | undefined;

  constructor(db: Adapter, now: () => Date) {
    this.#db = db;
    this.#sql = db.statements;
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
      const rows = await this.#db.query(this.#sql.claimOnce, [key, randomUUID(), this.#now()]);
      return rows.length === 1;
    });
  }

  savePageToken(token: string, ttlSeconds: number): Promise<string> {
    return this.#track(async () => {
      const key = randomBytes(12).toString("base64url");
      const expiresAt = new Date(this.#now().getTime() + ttlSeconds * 1000);
      await this.#db.run(this.#sql.savePageToken, [key, token, expiresAt]);
      return key;
    });
  }

  loadPageToken(key: string): Promise<string | undefined> {
    return this.#track(async () => {
      const [row] = await this.#db.query<{ token: string }>(this.#sql.loadPageToken, [key, this.#now()]);
      return row?.token;
    });
  }

  purgeExpired(): Promise<number> {
    return this.#track(() => this.#db.run(this.#sql.purgeExpired, [this.#now()]));
  }

  upsertSubscription(sub: DigestSubscription): Promise<void> {
    return this.#track(async () => {
      await this.#db.run(this.#sql.upsertSubscription, [
        sub.channelId,
        sub.cron,
        sub.timezone,
        sub.windowDays,
        sub.catalog,
        sub.quiet,
        sub.createdBy,
        sub.createdAt,
      ]);
    });
  }

  getSubscription(channelId: string): Promise<DigestSubscription | undefined> {
    return this.#track(async () => {
      const [row] = await this.#db.query<SubscriptionRow>(this.#sql.getSubscription, [channelId]);
      return row && toSubscription(row);
    });
  }

  listSubscriptions(): Promise<DigestSubscription[]> {
    return this.#track(async () => {
      const rows = await this.#db.query<SubscriptionRow>(this.#sql.listSubscriptions);
      return rows.map(toSubscription);
    });
  }

  deleteSubscription(channelId: string): Promise<boolean> {
    return this.#track(async () => (await this.#db.run(this.#sql.deleteSubscription, [channelId])) === 1);
  }

  claimOccurrence(channelId: string, scheduledFor: Date, claimedBy: string): Promise<boolean> {
    return this.#track(async () => {
      const rows = await this.#db.query(this.#sql.claimOccurrence, [
        channelId,
        scheduledFor,
        claimedBy,
        randomUUID(),
        this.#now(),
      ]);
      return rows.length === 1;
    });
  }

  finishOccurrence(
    channelId: string,
    scheduledFor: Date,
    outcome: { status: Exclude<OccurrenceStatus, "claimed">; detail?: string; messageTs?: string },
  ): Promise<void> {
    return this.#track(async () => {
      const changed = await this.#db.run(this.#sql.finishOccurrence, [
        channelId,
        scheduledFor,
        outcome.status,
        outcome.detail ?? null,
        outcome.messageTs ?? null,
        this.#now(),
      ]);
      if (changed === 0) {
        throw new StoreError(
          `No digest occurrence was claimed for channel ${channelId} at ${scheduledFor.toISOString()}.`,
        );
      }
    });
  }

  lastOccurrence(channelId: string): Promise<OccurrenceRecord | undefined> {
    return this.#track(async () => {
      const [row] = await this.#db.query<OccurrenceRow>(this.#sql.lastOccurrence, [channelId]);
      return row && toOccurrence(row);
    });
  }

  claimAction(
    action: ActionClaim,
  ): Promise<{ won: true; record: ActionRecord } | { won: false; record: ActionRecord }> {
    return this.#track(async () => {
      const [claimed] = await this.#db.query<ActionRow>(this.#sql.claimAction, [
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
      ]);
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
      const [row] = await this.#db.query<ActionRow>(this.#sql.finishAction, [
        key,
        outcome.status,
        outcome.detail ?? null,
        outcome.awsRequestId ?? null,
        outcome.resultId ?? null,
        this.#now(),
      ]);
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
    const [row] = await this.#db.query<ActionRow>(this.#sql.getAction, [key]);
    return row && toAction(row);
  }

  listActions(since: Date, limit: number): Promise<ActionRecord[]> {
    return this.#track(async () => {
      const rows = await this.#db.query<ActionRow>(this.#sql.listActions, [since, limit]);
      return rows.map(toAction);
    });
  }

  markAnnounced(invitationKeys: string[]): Promise<string[]> {
    return this.#track(async () => {
      // Sorted: concurrent batches then lock overlapping keys in the same order and cannot deadlock.
      const keys = [...new Set(invitationKeys)].sort();
      if (keys.length === 0) return [];
      const rows = await this.#db.query<{ key: string }>(this.#sql.markAnnounced, [
        keys,
        randomUUID(),
        this.#now(),
      ]);
      const fresh = new Set(rows.map((r) => r.key));
      // Input order, each key once.
      return invitationKeys.filter((k) => fresh.delete(k));
    });
  }

  alreadyAnnounced(invitationKeys: string[]): Promise<string[]> {
    return this.#track(async () => {
      if (invitationKeys.length === 0) return [];
      const rows = await this.#db.query<{ key: string }>(this.#sql.alreadyAnnounced, [
        [...new Set(invitationKeys)],
      ]);
      const known = new Set(rows.map((r) => r.key));
      return invitationKeys.filter((k) => known.delete(k));
    });
  }

  setAlerts(channelId: string, enabled: boolean, userId: string): Promise<void> {
    return this.#track(async () => {
      await this.#db.run(this.#sql.setAlerts, [channelId, enabled, userId, this.#now()]);
    });
  }

  listAlertChannels(): Promise<AlertChannel[]> {
    return this.#track(async () => {
      const rows = await this.#db.query<AlertRow>(this.#sql.listAlertChannels);
      return rows.map((r) => ({
        channelId: r.channel_id,
        enabled: Boolean(r.enabled),
        updatedBy: r.updated_by,
        updatedAt: toDate(r.updated_at),
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
    quiet: Boolean(row.quiet),
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
  };
}

function toOccurrence(row: OccurrenceRow): OccurrenceRecord {
  return {
    channelId: row.channel_id,
    scheduledFor: toDate(row.scheduled_for),
    status: row.status,
    claimedBy: row.claimed_by,
    claimedAt: toDate(row.claimed_at),
    ...(row.finished_at !== null && { finishedAt: toDate(row.finished_at) }),
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
    createdAt: toDate(row.created_at),
    ...(row.finished_at !== null && { finishedAt: toDate(row.finished_at) }),
  };
}
