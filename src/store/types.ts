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
  /** Days the audit log (decisions) is kept; 365 when absent. */
  auditRetentionDays?: number;
  /** Told of each statement the database failed (metrics). */
  onError?: () => void;
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

export type OccurrenceOutcome = {
  status: Exclude<OccurrenceStatus, "claimed">;
  detail?: string;
  messageTs?: string;
};

export type ActionOutcome = {
  status: Exclude<ActionStatus, "pending">;
  detail?: string;
  awsRequestId?: string;
  resultId?: string;
};

export type ActionClaimResult = { won: true; record: ActionRecord } | { won: false; record: ActionRecord };

/** Generic one-time claims, e.g. taking over a digest whose process died. */
export interface Claims {
  /**
   * True exactly once per key across all processes sharing the database, for as long as the claim is
   * kept: ttlSeconds, or for good without it (only for a fixed few keys, since nothing purges them).
   */
  claimOnce(key: string, ttlSeconds?: number): Promise<boolean>;
}

/**
 * What the app sent and must find again when someone clicks: ephemeral messages with the request for
 * their next page, and the state of open reject forms.
 */
export interface MessageMemory {
  /** Keeps value for ttlSeconds; returns a short random URL-safe key (16 characters). */
  remember(value: string, ttlSeconds: number): Promise<string>;
  /** Undefined when unknown or expired. */
  recall(key: string): Promise<string | undefined>;
  /** Changes what a live record holds, keeping its key and expiry; false when unknown or expired. */
  replace(key: string, value: string): Promise<boolean>;
}

/** Which channels get a digest, when and of what. */
export interface DigestSubscriptions {
  /** Creates the channel's subscription or replaces it. */
  save(subscription: DigestSubscription): Promise<void>;
  get(channelId: string): Promise<DigestSubscription | undefined>;
  /** Ordered by channel id. */
  list(): Promise<DigestSubscription[]>;
  /** False when the channel had no subscription. */
  delete(channelId: string): Promise<boolean>;
}

/** Each scheduled digest: who claimed it, and how it went. */
export interface DigestOccurrences {
  /** True exactly once per (channel, scheduledFor). */
  claim(channelId: string, scheduledFor: Date, claimedBy: string): Promise<boolean>;
  /** Throws StoreError when the occurrence was never claimed. */
  finish(channelId: string, scheduledFor: Date, outcome: OccurrenceOutcome): Promise<void>;
  /** The latest by scheduledFor. */
  last(channelId: string): Promise<OccurrenceRecord | undefined>;
}

/** Accepting, rejecting and cancelling invitations: each decided once, and the audit log of it. */
export interface DecisionLog {
  /**
   * Claims the action before AWS is called. Wins when there is no record for the key, or the existing
   * one failed (a retry) or has been pending for 15 minutes (its process died); atomic across processes.
   */
  claim(action: ActionClaim): Promise<ActionClaimResult>;
  /**
   * Finishes a pending action. Repeating the same status is a no-op returning the record; a different
   * status on a finished action, or an unknown key, throws StoreError.
   */
  finish(key: string, outcome: ActionOutcome): Promise<ActionRecord>;
  get(key: string): Promise<ActionRecord | undefined>;
  /** Actions created at or after `since`, newest first: the audit log. */
  list(since: Date, limit: number): Promise<ActionRecord[]>;
}

/** Invitations already announced in alert channels. */
export interface AnnouncedInvitations {
  /** Records the keys; returns, in input order, those not announced before (exactly once across processes). */
  mark(invitationKeys: string[]): Promise<string[]>;
  /** Which of these keys were announced before, in input order (reads only). */
  known(invitationKeys: string[]): Promise<string[]>;
}

/**
 * Where each invitation is shown in Slack (a message, an answer behind a response URL, a Home tab), so a
 * decision made outside Slack can update every one of them. Locations are opaque to the store.
 */
export interface InvitationMessages {
  /** Records that the invitations appear at `location` for ttlSeconds; recording again extends it. */
  record(invitationKeys: string[], location: string, ttlSeconds: number): Promise<void>;
  /** The live locations showing the invitation, the soonest to expire first. */
  find(invitationKey: string): Promise<string[]>;
}

/** Channels where alerts were switched on or off with `/partnercentral alerts`. */
export interface AlertChannels {
  set(channelId: string, enabled: boolean, userId: string): Promise<void>;
  /** Ordered by channel id. */
  list(): Promise<AlertChannel[]>;
}

export interface PurgeCounts {
  rememberedMessages: number;
  claims: number;
  digestOccurrences: number;
  decisions: number;
  announcedInvitations: number;
  invitationMessages: number;
}

/** Everything the app keeps, by concern, in one database with one migration history. */
export interface Store extends Claims {
  readonly messages: MessageMemory;
  readonly subscriptions: DigestSubscriptions;
  readonly occurrences: DigestOccurrences;
  readonly decisions: DecisionLog;
  readonly announced: AnnouncedInvitations;
  readonly alertChannels: AlertChannels;
  readonly invitationMessages: InvitationMessages;
  /** Deletes what each table's retention rule lets go at `now`; returns how many rows of each. */
  purge(now: Date): Promise<PurgeCounts>;
  /** Idempotent; waits for calls in flight, after which calls reject with StoreError. */
  close(): Promise<void>;
}
