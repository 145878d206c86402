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
  /** Days the audit log (decisions and opportunity actions) is kept; 365 when absent. */
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
  /** What the invitation is called, as Partner Central named it when the decision was claimed. */
  title?: string;
  action: ActionKind;
  userId: string;
  reason?: string;
  status: ActionStatus;
  detail?: string;
  awsRequestId?: string;
  resultId?: string;
  /**
   * The ClientToken AWS gets for this decision: a retry sends the same one, so AWS does at most once what it
   * may already have received; a new one only after an accept task that failed (its token is spent).
   */
  clientToken?: string;
  /** The accept task Partner Central is still running for this attempt (while pending), followed to its end. */
  taskId?: string;
  /** 1 for the first claim, incremented by every retry after a failure. */
  attempts: number;
  /** When the current attempt was claimed. */
  createdAt: Date;
  finishedAt?: Date;
}

export type ActionClaim = Pick<
  ActionRecord,
  "key" | "invitationKind" | "invitationId" | "catalog" | "action" | "userId" | "reason" | "title"
>;

/**
 * One attempt at a decision as the audit log keeps it: its latest state. `abandoned`: still pending when a
 * later attempt took the decision over (its process stopped before Partner Central answered).
 */
export interface DecisionAttempt
  extends Omit<ActionRecord, "status" | "attempts" | "clientToken" | "finishedAt"> {
  attempt: number;
  status: ActionStatus | "abandoned";
  /** When this state was recorded: the outcome's time once finished. */
  recordedAt: Date;
  finishedAt?: Date;
}

/** What a channel's alerts take; each part left out takes everything. */
export interface AlertFilter {
  /** Only engagement invitations, or only connection invitations. */
  kind?: "engagement" | "connection";
  /** Only leads, or only opportunities (engagement invitations' payloads). */
  payload?: "opportunity" | "lead";
}

export interface AlertChannel {
  channelId: string;
  enabled: boolean;
  /** Absent: every new invitation. */
  filter?: AlertFilter;
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
  /** Kept from the attempt's accept task when not given. */
  awsRequestId?: string;
  resultId?: string;
  /** Finishes only this attempt: one a later claim took over is left alone. */
  attempt?: number;
  /** The client token was used up (its accept task failed): the next attempt gets a new one. */
  spendsToken?: boolean;
};

/** A decision whose claim this process won: it has the client token its AWS call sends. */
export type ClaimedAction = ActionRecord & { clientToken: string };

export type ActionClaimResult = { won: true; record: ClaimedAction } | { won: false; record: ActionRecord };

/** Generic one-time claims, e.g. taking over a digest whose process died. */
export interface Claims {
  /**
   * True exactly once per key across all processes sharing the database, for as long as the claim is
   * kept: ttlSeconds, or for good without it (only for a fixed few keys, since nothing purges them).
   */
  claimOnce(key: string, ttlSeconds?: number): Promise<boolean>;
}

/**
 * What a remembered record is, stored with it: an answer only its recipient sees (with its pages'
 * requests), the copy of a message posted in a channel, or the state of an open reject form. Records are
 * told apart by it, never by the shape of their value.
 */
export type RememberedKind = "answer" | "channel-message" | "modal" | "reject-form";

export interface Remembered {
  kind: RememberedKind;
  value: string;
  /** 1 when remembered, one more with every replace: a change is saved only over the version it began from. */
  version: number;
}

/**
 * What the app sent and must find again when someone clicks or a decision arrives: answers with the
 * requests for their pages, copies of channel messages, and the state of open reject forms.
 */
export interface MessageMemory {
  /** Keeps value for ttlSeconds; returns a short random URL-safe key (16 characters). */
  remember(kind: RememberedKind, value: string, ttlSeconds: number): Promise<string>;
  /** Undefined when unknown, expired, or of none of these kinds (keys show in button values). */
  recall(key: string, kinds: RememberedKind | readonly RememberedKind[]): Promise<Remembered | undefined>;
  /**
   * Compare-and-swap: replaces the value, keeping key, kind and expiry, if the record is still at `version`.
   * False when someone replaced it since (read it again and redo the change), or it is unknown or expired.
   */
  replace(key: string, value: string, version: number): Promise<boolean>;
}

/** Which channels get a digest, when and of what. */
export interface DigestSubscriptions {
  /**
   * Creates the channel's subscription or replaces it, in one statement; true when it replaced one (so two
   * replicas subscribing one channel at once never both say it was new).
   */
  save(subscription: DigestSubscription): Promise<boolean>;
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

/**
 * Accepting, rejecting and cancelling invitations: each decided once (the lock, one row per invitation),
 * and every attempt at it in an append-only audit log.
 */
export interface DecisionLog {
  /**
   * Claims the action before AWS is called. Wins when there is no record for the key, or the existing
   * one failed (a retry) or has been pending for 15 minutes without an accept task (its process died);
   * atomic across processes. A retry of the same action keeps its client token unless it was spent.
   */
  claim(action: ActionClaim): Promise<ActionClaimResult>;
  /**
   * Finishes a pending action. Repeating the same status is a no-op returning the record; a different
   * status on a finished action, or an unknown key, throws StoreError.
   */
  finish(key: string, outcome: ActionOutcome): Promise<ActionRecord>;
  /**
   * Records the accept task Partner Central started for this attempt, still running; undefined when the
   * attempt is no longer the pending one.
   */
  recordTask(
    key: string,
    attempt: number,
    task: { taskId: string; awsRequestId?: string },
  ): Promise<ActionRecord | undefined>;
  get(key: string): Promise<ActionRecord | undefined>;
  /** The decision that made this (an accept's opportunity, engagement or connection), if the app made it. */
  findByResult(catalog: Catalog, resultId: string): Promise<ActionRecord | undefined>;
  /** Every pending action, the oldest claim first: those under way and those whose task is followed. */
  unfinished(): Promise<ActionRecord[]>;
  /** The attempts made at or after `since`, each as it last stood, newest first: the audit log. */
  history(since: Date, limit: number): Promise<DecisionAttempt[]>;
}

/** Invitations already announced in alert channels. */
export interface AnnouncedInvitations {
  /** Records the keys; returns, in input order, those not announced before (exactly once across processes). */
  mark(invitationKeys: string[]): Promise<string[]>;
  /** Which of these keys were announced before, in input order (reads only). */
  known(invitationKeys: string[]): Promise<string[]>;
}

/** A new-invitation alert waiting to be posted in one channel, or another post sharing the outbox. */
export interface PendingAlert {
  invitationKey: string;
  channelId: string;
  /** Attempts that failed so far. */
  attempts: number;
  createdAt: Date;
  /** What a post that is no invitation's alert says, as the domain wrote it (an opportunity's change). */
  payload?: string;
  /** The message the post answers, in its thread. */
  threadTs?: string;
}

/**
 * A post other than an invitation's alert, recorded in the outbox with the write that decides it (an
 * opportunity's change, with the state it was found in) and posted as alerts are, at least once and
 * once per key and channel in effect.
 */
export interface OutboxPost {
  /** Unique per post, e.g. `opportunity:AWS:O123:7` for the 7th state saved of an opportunity. */
  key: string;
  channelId: string;
  threadTs?: string;
  payload: string;
}

/** Alerts one process may post: no other takes them until it settles them or the lease ends. */
export interface AlertLease {
  token: string;
  alerts: PendingAlert[];
}

/** The alerts waiting in one channel. */
export interface WaitingAlerts {
  channelId: string;
  /** New invitations waiting to be announced. */
  count: number;
  /** Opportunities' changes waiting to be told. */
  updates: number;
  /** When the oldest was recorded. */
  since: Date;
  /** When the next attempt is due: the soonest retry, or the end of a lease whose process may have died. */
  dueAt: Date;
  /** When the soonest alert whose post failed (not by the channel's refusal) is due again. */
  retryAt?: Date;
  /** Why the channel itself refused the last attempt (e.g. `not_in_channel`); absent for other failures. */
  refusal?: string;
}

export type AlertSettlement = { status: "posted"; messageTs: string } | { status: "dropped"; detail: string };

export interface AlertFailure {
  detail: string;
  /** The channel itself refused (the app is not in it, it is archived), so only someone there can fix it. */
  refused: boolean;
  retryAt: Date;
}

/**
 * New-invitation alerts, an outbox: each is recorded in the same write that decides its invitation is new,
 * leased by the process that posts it, and settled once Slack took it; what is not settled is posted later.
 */
export interface AlertOutbox {
  /**
   * In one atomic write: claims `claimKey` for good and, when this call won it, records the keys as
   * announced with nothing to post. False when another process had claimed it; its records are then visible.
   */
  baseline(claimKey: string, invitationKeys: string[]): Promise<boolean>;
  /**
   * In one atomic write: records the keys as announced and, for those not announced before, an alert to post
   * in each channel (of `channels`, or of `channels(key)` for that key: a channel's filter may leave it out),
   * due now. Returns those keys, in input order (exactly once across processes).
   */
  enqueue(
    invitationKeys: string[],
    channels: readonly string[] | ((invitationKey: string) => readonly string[]),
  ): Promise<string[]>;
  /** What waits to be posted, by channel in channel order. */
  waiting(): Promise<WaitingAlerts[]>;
  /**
   * Leases, for leaseMs, every pending alert of the channel no live lease holds (with `invitationKeys`, only
   * theirs); none when another process holds them.
   */
  lease(channelId: string, leaseMs: number, invitationKeys?: string[]): Promise<AlertLease>;
  /** Settles leased alerts; returns how many, fewer when the lease ended and another process took them. */
  settle(token: string, invitationKeys: string[], settlement: AlertSettlement): Promise<number>;
  /** Returns leased alerts to waiting, due again at `retryAt`, counting the attempt; returns how many. */
  retry(token: string, invitationKeys: string[], failure: AlertFailure): Promise<number>;
  /** Drops the unleased pending alerts of every channel not in `channelIds`, saying why; returns how many. */
  dropExcept(channelIds: string[], detail: string): Promise<number>;
  /** Where an invitation's alert was posted: each channel and the message's ts, in channel order. */
  postedAlerts(invitationKey: string): Promise<Array<{ channelId: string; messageTs: string }>>;
}

/**
 * Where each invitation is shown in Slack (a message, an answer behind a response URL, open Details), so a
 * decision made outside Slack can update every one of them; the same for an opportunity's details, under
 * its own key (`opportunity:catalog:id`), redrawn when it changes. Locations are opaque to the store.
 */
export interface InvitationMessages {
  /** Records that the invitations appear at `location` for ttlSeconds; recording again extends it. */
  record(invitationKeys: string[], location: string, ttlSeconds: number): Promise<void>;
  /** The live locations showing the invitation, the soonest to expire first. */
  find(invitationKey: string): Promise<string[]>;
}

/** Channels where alerts were switched on or off with `/partnercentral alerts`. */
export interface AlertChannels {
  /** Replaces the channel's setting, its filter included (none: every new invitation). */
  set(channelId: string, enabled: boolean, userId: string, filter?: AlertFilter): Promise<void>;
  /** Ordered by channel id. */
  list(): Promise<AlertChannel[]>;
}

/** The last state the app saw of one opportunity. */
export interface OpportunitySnapshot {
  catalog: Catalog;
  opportunityId: string;
  /** The state as the domain wrote it; the store does not read it. */
  state: string;
  /** When the app last saved it. */
  seenAt: Date;
  /** 1 when first saved, one more with every save after. */
  version: number;
}

/**
 * The last state the app saw of each opportunity, so that seeing it again tells what changed. Saved by
 * compare-and-swap: of two processes saving over the same version, one wins and the other reads again.
 */
export interface OpportunitySnapshots {
  get(catalog: Catalog, opportunityId: string): Promise<OpportunitySnapshot | undefined>;
  /** Every opportunity of the catalog the app keeps a state of, by id. */
  list(catalog: Catalog): Promise<OpportunitySnapshot[]>;
  /**
   * Saves `state` if the stored version is still `expectedVersion` (undefined: nothing is stored yet), and
   * records `posts` in the alert outbox, all in one transaction: the process that wins the save is the one
   * that posts what it found. Returns what was saved, or undefined when another process saved first.
   */
  save(
    catalog: Catalog,
    opportunityId: string,
    state: string,
    expectedVersion: number | undefined,
    posts?: OutboxPost[],
  ): Promise<OpportunitySnapshot | undefined>;
}

/** A colleague's request that the approvers decide an invitation, as recorded. */
export interface ApproverRequest {
  invitationKey: string;
  userId: string;
  askedAt: Date;
  /** Where the approvers were asked, once posted (the first message when several were). */
  channelId?: string;
  messageTs?: string;
}

export type ApproverRequestClaim =
  | { won: true; token: string }
  /** Asked before (or being asked by another process now): what was recorded. */
  | { won: false; request: ApproverRequest };

/**
 * Colleagues asking the approvers to decide an invitation: once per invitation and colleague. A claim comes
 * before the post; the post's place is recorded after it, or the claim released if nothing was posted.
 */
export interface ApproverRequests {
  /**
   * Wins once per (invitation, user) across processes; a claim left unposted for `staleMs` (its process
   * died) may be won again.
   */
  claim(invitationKey: string, userId: string, staleMs: number): Promise<ApproverRequestClaim>;
  /** Records where the request was posted; false when the claim is no longer this token's. */
  posted(
    invitationKey: string,
    userId: string,
    token: string,
    where: { channelId: string; messageTs: string },
  ): Promise<boolean>;
  /** Gives up an unposted claim, so the colleague may ask again. */
  release(invitationKey: string, userId: string, token: string): Promise<void>;
  /** What is recorded, without claiming: the app reads it through a lost claim; the contract suite here. */
  get(invitationKey: string, userId: string): Promise<ApproverRequest | undefined>;
}

/** Who opened their App Home lately, so changes reach the Homes that may be on screen. */
export interface OpenHomes {
  /** Records that the user opened their Home now. */
  opened(userId: string): Promise<void>;
  /** Users who opened their Home at or after `since`, the latest first, at most `limit`. */
  since(since: Date, limit: number): Promise<string[]>;
}

/** When the app last looked for the opportunities modified in Partner Central, per catalog. */
export interface OpportunityLooks {
  last(catalog: Catalog): Promise<Date | undefined>;
  /** Records a look at `at`; a later look already recorded is kept. */
  advance(catalog: Catalog, at: Date): Promise<void>;
}

export type OpportunityActionKind = "assign" | "next-steps";

export interface OpportunityActionRecord {
  /** The action on what its actor saw: `assign:AWS:O123:<LastModifiedDate in ms>`. */
  key: string;
  catalog: Catalog;
  opportunityId: string;
  /** What the opportunity is called, as the app named it when the action was claimed. */
  title?: string;
  action: OpportunityActionKind;
  userId: string;
  /** What it was set to: the assignee (name and e-mail), the next steps. */
  subject?: string;
  status: ActionStatus;
  /** Why it failed, or what it conflicted with. */
  detail?: string;
  awsRequestId?: string;
  /** 1 for the first claim, one more with every retry after a failure. */
  attempts: number;
  createdAt: Date;
  finishedAt?: Date;
}

export type OpportunityActionClaim = Pick<
  OpportunityActionRecord,
  "key" | "catalog" | "opportunityId" | "title" | "action" | "userId" | "subject"
>;

/** One attempt at an opportunity action as the audit log keeps it: its latest state. */
export interface OpportunityActionAttempt extends Omit<OpportunityActionRecord, "status" | "attempts"> {
  attempt: number;
  status: ActionStatus | "abandoned";
  recordedAt: Date;
}

/**
 * Assigning opportunities and changing their next steps: each action on what its actor saw claimed once
 * (the lock), every attempt in an append-only audit log.
 */
export interface OpportunityActionLog {
  /**
   * Wins when there is no record for the key, or it failed (a retry), or has been pending for 15 minutes
   * (its process died); atomic across processes. A lost claim returns the record that won.
   */
  claim(claim: OpportunityActionClaim): Promise<{ won: boolean; record: OpportunityActionRecord }>;
  /** Finishes the attempt if still pending; the record as it stands either way (undefined: unknown key). */
  finish(
    key: string,
    attempt: number,
    outcome: { status: Exclude<ActionStatus, "pending">; detail?: string; awsRequestId?: string },
  ): Promise<OpportunityActionRecord | undefined>;
  /** What is recorded, without claiming: the app reads it through a lost claim; the contract suite here. */
  get(key: string): Promise<OpportunityActionRecord | undefined>;
  /** The attempts made at or after `since`, each as it last stood, newest first: the audit log. */
  history(since: Date, limit: number): Promise<OpportunityActionAttempt[]>;
}

export interface PurgeCounts {
  rememberedMessages: number;
  claims: number;
  digestOccurrences: number;
  decisions: number;
  decisionAttempts: number;
  announcedInvitations: number;
  invitationMessages: number;
  opportunitySnapshots: number;
  alertOutbox: number;
  approverRequests: number;
  openHomes: number;
  opportunityActions: number;
  opportunityActionAttempts: number;
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
  readonly opportunitySnapshots: OpportunitySnapshots;
  readonly alertOutbox: AlertOutbox;
  readonly approverRequests: ApproverRequests;
  readonly openHomes: OpenHomes;
  readonly opportunityActions: OpportunityActionLog;
  readonly opportunityLooks: OpportunityLooks;
  /** Deletes what each table's retention rule lets go at `now`; returns how many rows of each. */
  purge(now: Date): Promise<PurgeCounts>;
  /** Idempotent; waits for calls in flight, after which calls reject with StoreError. */
  close(): Promise<void>;
}
