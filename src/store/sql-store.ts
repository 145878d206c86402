import { randomBytes, randomUUID } from "node:crypto";
import type { Adapter } from "./adapter.ts";
import {
  type AttemptColumns,
  attemptState,
  claimOrRead,
  Database,
  STALE_ACTION_MS,
  type Timestamp,
  toDate,
} from "./database.ts";
import { StoreError } from "./errors.ts";
import { SqlOpportunityActions, SqlOpportunityLooks } from "./sql-opportunity-actions.ts";
import { SqlOpportunitySnapshots } from "./sql-opportunity-snapshots.ts";
import type {
  ActionClaim,
  ActionClaimResult,
  ActionOutcome,
  ActionRecord,
  AlertChannel,
  AlertChannels,
  AlertFailure,
  AlertFilter,
  AlertLease,
  AlertOutbox,
  AlertSettlement,
  AnnouncedInvitations,
  ApproverRequest,
  ApproverRequestClaim,
  ApproverRequests,
  Catalog,
  DecisionAttempt,
  DecisionLog,
  DigestOccurrences,
  DigestSubscription,
  DigestSubscriptions,
  InvitationMessages,
  MessageMemory,
  OccurrenceOutcome,
  OccurrenceRecord,
  OccurrenceStatus,
  OpenHomes,
  Remembered,
  RememberedKind,
  Store,
  WaitingAlerts,
} from "./types.ts";

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

/** What a decision and each attempt at it share. */
interface DecisionColumns {
  [column: string]: unknown;
  invitation_kind: ActionRecord["invitationKind"];
  invitation_id: string;
  catalog: Catalog;
  title: string | null;
  action: ActionRecord["action"];
  user_id: string;
  reason: string | null;
  status: ActionRecord["status"];
  detail: string | null;
  aws_request_id: string | null;
  result_id: string | null;
  task_id: string | null;
}

interface ActionRow extends DecisionColumns {
  key: string;
  client_token: string | null;
  attempts: number;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

interface RememberedRow {
  [column: string]: unknown;
  kind: RememberedKind;
  value: string;
  version: number;
}

interface PendingAlertRow {
  [column: string]: unknown;
  invitation_key: string;
  channel_id: string;
  attempts: number;
  created_at: Timestamp;
  payload: string | null;
  thread_ts: string | null;
}

interface WaitingRow {
  [column: string]: unknown;
  channel_id: string;
  count: number | string;
  updates: number | string;
  since: Timestamp;
  due_at: Timestamp;
  retry_at: Timestamp | null;
  refusal: string | null;
}

interface AttemptRow extends DecisionColumns, AttemptColumns {
  invitation_key: string;
}

interface AlertRow {
  [column: string]: unknown;
  channel_id: string;
  enabled: boolean | number;
  updated_by: string;
  updated_at: Timestamp;
  only_kind: AlertFilter["kind"] | null;
  only_payload: AlertFilter["payload"] | null;
}

interface ApproverRequestRow {
  [column: string]: unknown;
  invitation_key: string;
  user_id: string;
  asked_at: Timestamp;
  channel_id: string | null;
  message_ts: string | null;
}

const DAY_MS = 86_400_000;

/**
 * How long digest occurrences and announced invitations are kept: far longer than any digest could still
 * be posted or any invitation still be pending (both kinds expire after 15 days).
 */
const HISTORY_RETENTION_DAYS = 90;

/**
 * How long the last state of an opportunity is kept after the app last saw it: deals run for months, and a
 * change after a quiet half year is still told against what was seen before it.
 */
export const OPPORTUNITY_SNAPSHOT_RETENTION_DAYS = 180;

export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/** An invitation expires 15 days after it was sent: an alert still waiting by then is for an expired one. */
const ALERT_RETENTION_DAYS = 15;

/** As alerts: by then the invitation a colleague asked about has expired. */
const APPROVER_REQUEST_RETENTION_DAYS = 15;

/** Opening the Home again records it again; Homes not opened for a day are not republished. */
const OPEN_HOME_RETENTION_DAYS = 1;

class SqlMessageMemory implements MessageMemory {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  remember(kind: RememberedKind, value: string, ttlSeconds: number): Promise<string> {
    return this.db.track(async () => {
      const key = randomBytes(12).toString("base64url");
      const expiresAt = new Date(this.db.now().getTime() + ttlSeconds * 1000);
      await this.db.run("remember", [key, kind, value, expiresAt]);
      return key;
    });
  }

  recall(key: string, kinds: RememberedKind | readonly RememberedKind[]): Promise<Remembered | undefined> {
    return this.db.track(async () => {
      const [row] = await this.db.query<RememberedRow>("recall", [key, this.db.now()]);
      const wanted: readonly string[] = typeof kinds === "string" ? [kinds] : kinds;
      return row && wanted.includes(row.kind)
        ? { kind: row.kind, value: row.value, version: Number(row.version) }
        : undefined;
    });
  }

  replace(key: string, value: string, version: number): Promise<boolean> {
    return this.db.track(
      async () => (await this.db.run("replaceRemembered", [key, value, version, this.db.now()])) === 1,
    );
  }
}

class SqlDigestSubscriptions implements DigestSubscriptions {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  save(sub: DigestSubscription): Promise<boolean> {
    return this.db.track(async () => {
      const [row] = await this.db.query<{ version: number }>("saveSubscription", [
        sub.channelId,
        sub.cron,
        sub.timezone,
        sub.windowDays,
        sub.catalog,
        sub.quiet,
        sub.createdBy,
        sub.createdAt,
      ]);
      return Number(row?.version) > 1;
    });
  }

  get(channelId: string): Promise<DigestSubscription | undefined> {
    return this.db.track(async () => {
      const [row] = await this.db.query<SubscriptionRow>("getSubscription", [channelId]);
      return row && toSubscription(row);
    });
  }

  list(): Promise<DigestSubscription[]> {
    return this.db.track(async () => {
      const rows = await this.db.query<SubscriptionRow>("listSubscriptions");
      return rows.map(toSubscription);
    });
  }

  delete(channelId: string): Promise<boolean> {
    return this.db.track(async () => (await this.db.run("deleteSubscription", [channelId])) === 1);
  }
}

class SqlDigestOccurrences implements DigestOccurrences {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  claim(channelId: string, scheduledFor: Date, claimedBy: string): Promise<boolean> {
    return this.db.track(async () => {
      const rows = await this.db.query("claimOccurrence", [
        channelId,
        scheduledFor,
        claimedBy,
        randomUUID(),
        this.db.now(),
      ]);
      return rows.length === 1;
    });
  }

  finish(channelId: string, scheduledFor: Date, outcome: OccurrenceOutcome): Promise<void> {
    return this.db.track(async () => {
      const changed = await this.db.run("finishOccurrence", [
        channelId,
        scheduledFor,
        outcome.status,
        outcome.detail ?? null,
        outcome.messageTs ?? null,
        this.db.now(),
      ]);
      if (changed === 0) {
        throw new StoreError(
          `No digest occurrence was claimed for channel ${channelId} at ${scheduledFor.toISOString()}.`,
        );
      }
    });
  }

  last(channelId: string): Promise<OccurrenceRecord | undefined> {
    return this.db.track(async () => {
      const [row] = await this.db.query<OccurrenceRow>("lastOccurrence", [channelId]);
      return row && toOccurrence(row);
    });
  }
}

class SqlDecisionLog implements DecisionLog {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  claim(action: ActionClaim): Promise<ActionClaimResult> {
    return this.db.track(() =>
      claimOrRead<ActionClaimResult>(
        async () => {
          const now = this.db.now();
          const [claimed] = await this.db.query<ActionRow>("claimDecision", [
            action.key,
            action.invitationKind,
            action.invitationId,
            action.catalog,
            action.action,
            action.userId,
            action.reason ?? null,
            randomUUID(),
            now,
            new Date(now.getTime() - STALE_ACTION_MS),
            action.title ?? null,
          ]);
          // The statement gives a won claim its client token.
          return (
            claimed && {
              won: true,
              record: { ...toAction(claimed), clientToken: String(claimed.client_token) },
            }
          );
        },
        async () => {
          const existing = await this.#get(action.key);
          return existing && { won: false, record: existing };
        },
      ),
    );
  }

  finish(key: string, outcome: ActionOutcome): Promise<ActionRecord> {
    return this.db.track(async () => {
      const [row] = await this.db.query<ActionRow>("finishDecision", [
        key,
        outcome.status,
        outcome.detail ?? null,
        outcome.awsRequestId ?? null,
        outcome.resultId ?? null,
        this.db.now(),
        outcome.attempt ?? null,
        outcome.spendsToken ?? false,
      ]);
      if (row) return toAction(row);
      const existing = await this.#get(key);
      if (!existing) throw new StoreError(`No action is recorded for key ${key}.`);
      const same = outcome.attempt === undefined || outcome.attempt === existing.attempts;
      // The same outcome again is a repeat (e.g. a retried statement), not a contradiction.
      if (same && existing.status === outcome.status) return existing;
      if (!same) throw new StoreError(`Attempt ${outcome.attempt} at the action ${key} was taken over.`);
      throw new StoreError(`The action ${key} already finished as ${existing.status}.`);
    });
  }

  recordTask(
    key: string,
    attempt: number,
    task: { taskId: string; awsRequestId?: string },
  ): Promise<ActionRecord | undefined> {
    return this.db.track(async () => {
      const [row] = await this.db.query<ActionRow>("recordDecisionTask", [
        key,
        attempt,
        task.taskId,
        task.awsRequestId ?? null,
        this.db.now(),
      ]);
      return row && toAction(row);
    });
  }

  get(key: string): Promise<ActionRecord | undefined> {
    return this.db.track(() => this.#get(key));
  }

  findByResult(catalog: Catalog, resultId: string): Promise<ActionRecord | undefined> {
    return this.db.track(async () => {
      const [row] = await this.db.query<ActionRow>("findDecisionByResult", [catalog, resultId]);
      return row && toAction(row);
    });
  }

  async #get(key: string): Promise<ActionRecord | undefined> {
    const [row] = await this.db.query<ActionRow>("getDecision", [key]);
    return row && toAction(row);
  }

  unfinished(): Promise<ActionRecord[]> {
    return this.db.track(async () => (await this.db.query<ActionRow>("unfinishedDecisions")).map(toAction));
  }

  history(since: Date, limit: number): Promise<DecisionAttempt[]> {
    return this.db.track(async () => {
      const rows = await this.db.query<AttemptRow>("decisionHistory", [since, limit]);
      return rows.map(toAttempt);
    });
  }
}

class SqlAnnouncedInvitations implements AnnouncedInvitations {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  mark(invitationKeys: string[]): Promise<string[]> {
    return this.db.track(async () => {
      // Sorted: concurrent batches then lock overlapping keys in the same order and cannot deadlock.
      const keys = [...new Set(invitationKeys)].sort();
      if (keys.length === 0) return [];
      const rows = await this.db.query<{ key: string }>("markAnnounced", [keys, randomUUID(), this.db.now()]);
      return inInputOrder(invitationKeys, rows);
    });
  }

  known(invitationKeys: string[]): Promise<string[]> {
    return this.db.track(async () => {
      if (invitationKeys.length === 0) return [];
      const rows = await this.db.query<{ key: string }>("knownAnnounced", [[...new Set(invitationKeys)]]);
      return inInputOrder(invitationKeys, rows);
    });
  }
}

/** Each alert is recorded with its invitation's announcement, then leased, posted and settled. */
class SqlAlertOutbox implements AlertOutbox {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  baseline(claimKey: string, invitationKeys: string[]): Promise<boolean> {
    const keys = [...new Set(invitationKeys)].sort();
    // One token for every try: a transaction retried after a lost connection finds its own claim.
    const token = randomUUID();
    return this.db.track(() =>
      this.db.transaction(async (tx) => {
        const now = this.db.now();
        const won = await tx.query("claimOnce", [claimKey, token, now, null]);
        if (won.length === 0) return false;
        if (keys.length > 0) await tx.run("markAnnounced", [keys, token, now]);
        return true;
      }),
    );
  }

  enqueue(
    invitationKeys: string[],
    channels: readonly string[] | ((invitationKey: string) => readonly string[]),
  ): Promise<string[]> {
    return this.db.track(async () => {
      // Sorted, as announced invitations are, so concurrent batches lock rows in the same order.
      const keys = [...new Set(invitationKeys)].sort();
      if (keys.length === 0) return [];
      // An alert per key and channel, as two arrays paired by position.
      const pairs = keys.flatMap((key) =>
        [...new Set(typeof channels === "function" ? channels(key) : channels)].map((c) => [key, c] as const),
      );
      // One token for every try: a transaction retried after a lost connection finds its own records.
      const token = randomUUID();
      const fresh = await this.db.transaction(async (tx) => {
        const now = this.db.now();
        const rows = await tx.query<{ key: string }>("markAnnounced", [keys, token, now]);
        if (rows.length > 0 && pairs.length > 0) {
          await tx.run("enqueueAlerts", [token, pairs.map((p) => p[1]), now, pairs.map((p) => p[0])]);
        }
        return rows;
      });
      return inInputOrder(invitationKeys, fresh);
    });
  }

  waiting(): Promise<WaitingAlerts[]> {
    return this.db.track(async () => {
      const rows = await this.db.query<WaitingRow>("waitingAlerts");
      return rows.map((r) => ({
        channelId: r.channel_id,
        count: Number(r.count),
        updates: Number(r.updates),
        since: toDate(r.since),
        dueAt: toDate(r.due_at),
        ...(r.retry_at !== null && { retryAt: toDate(r.retry_at) }),
        ...(r.refusal !== null && { refusal: r.refusal }),
      }));
    });
  }

  lease(channelId: string, leaseMs: number, invitationKeys?: string[]): Promise<AlertLease> {
    return this.db.track(async () => {
      const token = randomUUID();
      const now = this.db.now();
      const params = [channelId, token, new Date(now.getTime() + leaseMs), now];
      const rows = invitationKeys
        ? await this.db.query<PendingAlertRow>("leaseAlertsOf", [...params, invitationKeys])
        : await this.db.query<PendingAlertRow>("leaseAlerts", params);
      const alerts = rows
        .map((r) => ({
          invitationKey: r.invitation_key,
          channelId: r.channel_id,
          attempts: r.attempts,
          createdAt: toDate(r.created_at),
          ...(r.payload !== null && { payload: r.payload }),
          ...(r.thread_ts !== null && { threadTs: r.thread_ts }),
        }))
        .sort(
          (a, b) =>
            a.createdAt.getTime() - b.createdAt.getTime() || compare(a.invitationKey, b.invitationKey),
        );
      return { token, alerts };
    });
  }

  settle(token: string, invitationKeys: string[], settlement: AlertSettlement): Promise<number> {
    return this.db.track(async () => {
      if (invitationKeys.length === 0) return 0;
      return this.db.run("settleAlerts", [
        token,
        invitationKeys,
        settlement.status,
        settlement.status === "posted" ? settlement.messageTs : null,
        settlement.status === "dropped" ? settlement.detail : null,
        this.db.now(),
      ]);
    });
  }

  retry(token: string, invitationKeys: string[], failure: AlertFailure): Promise<number> {
    return this.db.track(async () => {
      if (invitationKeys.length === 0) return 0;
      return this.db.run("retryAlerts", [
        token,
        invitationKeys,
        failure.detail,
        failure.refused,
        failure.retryAt,
      ]);
    });
  }

  dropExcept(channelIds: string[], detail: string): Promise<number> {
    return this.db.track(() => this.db.run("dropAlertsExcept", [channelIds, detail, this.db.now()]));
  }

  postedAlerts(invitationKey: string): Promise<Array<{ channelId: string; messageTs: string }>> {
    return this.db.track(async () => {
      const rows = await this.db.query<{ channel_id: string; message_ts: string }>("postedAlerts", [
        invitationKey,
      ]);
      return rows.map((r) => ({ channelId: r.channel_id, messageTs: r.message_ts }));
    });
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The keys of the rows, in the order of the input, each once. */
function inInputOrder(input: string[], rows: Array<{ key: string }>): string[] {
  const found = new Set(rows.map((r) => r.key));
  return input.filter((k) => found.delete(k));
}

class SqlAlertChannels implements AlertChannels {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  set(channelId: string, enabled: boolean, userId: string, filter: AlertFilter = {}): Promise<void> {
    return this.db.track(async () => {
      await this.db.run("setAlertChannel", [
        channelId,
        enabled,
        userId,
        this.db.now(),
        filter.kind ?? null,
        filter.payload ?? null,
      ]);
    });
  }

  list(): Promise<AlertChannel[]> {
    return this.db.track(async () => {
      const rows = await this.db.query<AlertRow>("listAlertChannels");
      return rows.map((r) => {
        const filter: AlertFilter = {
          ...(r.only_kind !== null && { kind: r.only_kind }),
          ...(r.only_payload !== null && { payload: r.only_payload }),
        };
        return {
          channelId: r.channel_id,
          enabled: Boolean(r.enabled),
          ...(Object.keys(filter).length > 0 && { filter }),
          updatedBy: r.updated_by,
          updatedAt: toDate(r.updated_at),
        };
      });
    });
  }
}

class SqlApproverRequests implements ApproverRequests {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  claim(invitationKey: string, userId: string, staleMs: number): Promise<ApproverRequestClaim> {
    // One token for every try: a statement retried after a lost connection finds its own claim.
    const token = randomUUID();
    return this.db.track(() =>
      claimOrRead<ApproverRequestClaim>(
        async () => {
          const now = this.db.now();
          const stale = new Date(now.getTime() - staleMs);
          const won = await this.db.query("claimApproverRequest", [invitationKey, userId, token, now, stale]);
          return won.length === 1 ? { won: true, token } : undefined;
        },
        async () => {
          const request = await this.#get(invitationKey, userId);
          return request && { won: false, request };
        },
      ),
    );
  }

  posted(
    invitationKey: string,
    userId: string,
    token: string,
    where: { channelId: string; messageTs: string },
  ): Promise<boolean> {
    return this.db.track(
      async () =>
        (await this.db.run("postApproverRequest", [
          invitationKey,
          userId,
          token,
          where.channelId,
          where.messageTs,
        ])) === 1,
    );
  }

  release(invitationKey: string, userId: string, token: string): Promise<void> {
    return this.db.track(async () => {
      await this.db.run("releaseApproverRequest", [invitationKey, userId, token]);
    });
  }

  get(invitationKey: string, userId: string): Promise<ApproverRequest | undefined> {
    return this.db.track(() => this.#get(invitationKey, userId));
  }

  async #get(invitationKey: string, userId: string): Promise<ApproverRequest | undefined> {
    const [row] = await this.db.query<ApproverRequestRow>("getApproverRequest", [invitationKey, userId]);
    return (
      row && {
        invitationKey: row.invitation_key,
        userId: row.user_id,
        askedAt: toDate(row.asked_at),
        ...(row.channel_id !== null && { channelId: row.channel_id }),
        ...(row.message_ts !== null && { messageTs: row.message_ts }),
      }
    );
  }
}

class SqlOpenHomes implements OpenHomes {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  opened(userId: string): Promise<void> {
    return this.db.track(async () => {
      await this.db.run("openHome", [userId, this.db.now()]);
    });
  }

  since(since: Date, limit: number): Promise<string[]> {
    return this.db.track(async () =>
      (await this.db.query<{ user_id: string }>("openHomesSince", [since, limit])).map((r) => r.user_id),
    );
  }
}

class SqlInvitationMessages implements InvitationMessages {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  record(invitationKeys: string[], location: string, ttlSeconds: number): Promise<void> {
    return this.db.track(async () => {
      // Sorted, as announced invitations are, so concurrent records lock rows in the same order.
      const keys = [...new Set(invitationKeys)].sort();
      if (keys.length === 0) return;
      const until = new Date(this.db.now().getTime() + ttlSeconds * 1000);
      await this.db.run("recordInvitationMessage", [keys, location, until]);
    });
  }

  find(invitationKey: string): Promise<string[]> {
    return this.db.track(async () => {
      const rows = await this.db.query<{ location: string }>("findInvitationMessages", [
        invitationKey,
        this.db.now(),
      ]);
      return rows.map((r) => r.location);
    });
  }
}

/** The one Store implementation, over either dialect's statements. */
export function createSqlStore(
  adapter: Adapter,
  options: { now: () => Date; auditRetentionDays: number },
): Store {
  const { now, auditRetentionDays } = options;
  const db = new Database(adapter, now);
  return {
    claimOnce: (key, ttlSeconds) =>
      db.track(async () => {
        const claimedAt = now();
        const expiresAt = ttlSeconds === undefined ? null : new Date(claimedAt.getTime() + ttlSeconds * 1000);
        const rows = await db.query("claimOnce", [key, randomUUID(), claimedAt, expiresAt]);
        return rows.length === 1;
      }),
    messages: new SqlMessageMemory(db),
    subscriptions: new SqlDigestSubscriptions(db),
    occurrences: new SqlDigestOccurrences(db),
    decisions: new SqlDecisionLog(db),
    announced: new SqlAnnouncedInvitations(db),
    alertChannels: new SqlAlertChannels(db),
    invitationMessages: new SqlInvitationMessages(db),
    opportunitySnapshots: new SqlOpportunitySnapshots(db),
    alertOutbox: new SqlAlertOutbox(db),
    approverRequests: new SqlApproverRequests(db),
    openHomes: new SqlOpenHomes(db),
    opportunityActions: new SqlOpportunityActions(db),
    opportunityLooks: new SqlOpportunityLooks(db),
    purge: (at) =>
      db.track(async () => {
        const daysBefore = (days: number) => new Date(at.getTime() - days * DAY_MS);
        return {
          rememberedMessages: await db.run("purgeRememberedMessages", [at]),
          claims: await db.run("purgeClaims", [at]),
          digestOccurrences: await db.run("purgeOccurrences", [daysBefore(HISTORY_RETENTION_DAYS)]),
          decisions: await db.run("purgeDecisions", [daysBefore(auditRetentionDays)]),
          decisionAttempts: await db.run("purgeDecisionAttempts", [daysBefore(auditRetentionDays)]),
          announcedInvitations: await db.run("purgeAnnounced", [daysBefore(HISTORY_RETENTION_DAYS)]),
          invitationMessages: await db.run("purgeInvitationMessages", [at]),
          opportunitySnapshots: await db.run("purgeSnapshots", [
            daysBefore(OPPORTUNITY_SNAPSHOT_RETENTION_DAYS),
          ]),
          alertOutbox: await db.run("purgeAlertOutbox", [daysBefore(ALERT_RETENTION_DAYS)]),
          approverRequests: await db.run("purgeApproverRequests", [
            daysBefore(APPROVER_REQUEST_RETENTION_DAYS),
          ]),
          openHomes: await db.run("purgeOpenHomes", [daysBefore(OPEN_HOME_RETENTION_DAYS)]),
          opportunityActions: await db.run("purgeOpportunityActions", [daysBefore(auditRetentionDays)]),
          opportunityActionAttempts: await db.run("purgeOpportunityActionAttempts", [
            daysBefore(auditRetentionDays),
          ]),
        };
      }),
    close: () => db.close(),
  };
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

/** The columns a decision and its attempts share, as the app names them. */
function decisionFields(row: DecisionColumns) {
  return {
    invitationKind: row.invitation_kind,
    invitationId: row.invitation_id,
    catalog: row.catalog,
    ...(row.title !== null && { title: row.title }),
    action: row.action,
    userId: row.user_id,
    ...(row.reason !== null && { reason: row.reason }),
    ...(row.detail !== null && { detail: row.detail }),
    ...(row.aws_request_id !== null && { awsRequestId: row.aws_request_id }),
    ...(row.result_id !== null && { resultId: row.result_id }),
    ...(row.task_id !== null && { taskId: row.task_id }),
  };
}

function toAction(row: ActionRow): ActionRecord {
  return {
    key: row.key,
    ...decisionFields(row),
    status: row.status,
    ...(row.client_token !== null && { clientToken: row.client_token }),
    attempts: row.attempts,
    createdAt: toDate(row.created_at),
    ...(row.finished_at !== null && { finishedAt: toDate(row.finished_at) }),
  };
}

function toAttempt(row: AttemptRow): DecisionAttempt {
  return { key: row.invitation_key, ...decisionFields(row), ...attemptState(row) };
}
