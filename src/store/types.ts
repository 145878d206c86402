export interface StoreLogger {
  info(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  error(...a: unknown[]): void;
  debug(...a: unknown[]): void;
}

export type OpenStoreOptions = {
  /** postgres:// URL; when absent, SQLite is used. */
  databaseUrl?: string;
  /** Directory of the SQLite database file; in memory when absent (unit tests). */
  dataDir?: string;
  /** PostgreSQL schema to create if missing and use on every connection (test isolation). */
  schema?: string;
  logger?: StoreLogger;
  now?: () => Date;
};

export type Catalog = "AWS" | "Sandbox";

export interface DigestSubscription {
  channelId: string;
  cron: string;
  timezone: string;
  windowDays: number;
  catalog: Catalog;
  quiet: boolean;
  createdBy: string;
  createdAt: Date;
}

export type OccurrenceStatus = "claimed" | "posted" | "empty" | "failed";

export interface OccurrenceRecord {
  channelId: string;
  scheduledFor: Date;
  status: OccurrenceStatus;
  claimedBy: string;
  claimedAt: Date;
  finishedAt?: Date;
  detail?: string;
  messageTs?: string;
}

export type ActionKind = "accept" | "reject" | "cancel";
export type ActionStatus = "pending" | "succeeded" | "failed" | "conflict";

export interface ActionRecord {
  key: string;
  invitationKind: "engagement" | "connection";
  invitationId: string;
  catalog: Catalog;
  action: ActionKind;
  userId: string;
  reason?: string;
  status: ActionStatus;
  detail?: string;
  awsRequestId?: string;
  resultId?: string;
  /** 1 for the first claim, incremented by every retry after a failure. */
  attempts: number;
  /** When the current attempt was claimed. */
  createdAt: Date;
  finishedAt?: Date;
}

export type ActionClaim = Pick<
  ActionRecord,
  "key" | "invitationKind" | "invitationId" | "catalog" | "action" | "userId" | "reason"
>;

export interface AlertChannel {
  channelId: string;
  enabled: boolean;
  updatedBy: string;
  updatedAt: Date;
}

export interface Store {
  /** True exactly once per key across all processes sharing the database. */
  claimOnce(key: string): Promise<boolean>;

  /** Returns a short random URL-safe key (16 chars). */
  savePageToken(token: string, ttlSeconds: number): Promise<string>;
  /** Undefined when unknown or expired. */
  loadPageToken(key: string): Promise<string | undefined>;
  /** Deletes expired page tokens; returns how many. */
  purgeExpired(): Promise<number>;

  upsertSubscription(sub: DigestSubscription): Promise<void>;
  getSubscription(channelId: string): Promise<DigestSubscription | undefined>;
  /** Ordered by channel id. */
  listSubscriptions(): Promise<DigestSubscription[]>;
  deleteSubscription(channelId: string): Promise<boolean>;

  /** True exactly once per (channel, scheduledFor). */
  claimOccurrence(channelId: string, scheduledFor: Date, claimedBy: string): Promise<boolean>;
  /** Throws StoreError when the occurrence was never claimed. */
  finishOccurrence(
    channelId: string,
    scheduledFor: Date,
    outcome: { status: Exclude<OccurrenceStatus, "claimed">; detail?: string; messageTs?: string },
  ): Promise<void>;
  /** The latest by scheduledFor. */
  lastOccurrence(channelId: string): Promise<OccurrenceRecord | undefined>;

  /**
   * Claims the action before AWS is called. Wins when there is no record for the key, or the existing
   * one failed (a retry) or has been pending for 15 minutes (its process died); atomic across processes.
   */
  claimAction(
    action: ActionClaim,
  ): Promise<{ won: true; record: ActionRecord } | { won: false; record: ActionRecord }>;
  /**
   * Finishes a pending action. Repeating the same status is a no-op returning the record; a different
   * status on a finished action, or an unknown key, throws StoreError.
   */
  finishAction(
    key: string,
    outcome: {
      status: Exclude<ActionStatus, "pending">;
      detail?: string;
      awsRequestId?: string;
      resultId?: string;
    },
  ): Promise<ActionRecord>;
  getAction(key: string): Promise<ActionRecord | undefined>;
  /** Actions created at or after `since`, newest first: the audit log. */
  listActions(since: Date, limit: number): Promise<ActionRecord[]>;

  /** Returns, in input order, the keys that were not announced before (exactly once across processes). */
  markAnnounced(invitationKeys: string[]): Promise<string[]>;
  /** Which of these keys were announced before, in input order (reads only). */
  alreadyAnnounced(invitationKeys: string[]): Promise<string[]>;

  setAlerts(channelId: string, enabled: boolean, userId: string): Promise<void>;
  /** Ordered by channel id. */
  listAlertChannels(): Promise<AlertChannel[]>;

  /** Idempotent; waits for calls in flight, after which calls reject with StoreError. */
  close(): Promise<void>;
}
