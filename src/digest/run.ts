import { setTimeout as wait } from "node:timers/promises";
import type { AppLogger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import { PartnerCentralError } from "../partnercentral/errors.ts";
import type { Catalog } from "../partnercentral/model.ts";
import type { Opportunities } from "../partnercentral/opportunities.ts";
import type { DigestSubscription, OccurrenceStatus, Store } from "../store/index.ts";
import { plural } from "../words.ts";
import { type ExpiringInvitations, type ExpiringSource, fetchExpiring } from "./fetch.ts";
import { fetchNeedingAction, type OpportunitiesNeedingAction } from "./opportunities.ts";
import { expiringHeadline } from "./select.ts";

export type PostResult =
  | { posted: true; ts: string }
  /** `notMember`: the bot is not in the channel and cannot join it (private), so someone must invite it. */
  | { posted: false; notMember: boolean; detail: string };

/**
 * The invitations of the digest's catalog that expire within its window, as of `now`, and, in a channel's
 * digest, the opportunities that need action.
 */
export type ExpiringDigest = ExpiringInvitations & {
  now: Date;
  windowDays: number;
  catalog: Catalog;
  needingAction?: OpportunitiesNeedingAction;
};

/** Why the invitations could not be listed, after how many attempts over how long. */
export interface DigestFailure {
  reason: string;
  windowDays: number;
  attempts: number;
  overMs: number;
}

/** What a digest says in its channel: the invitations nearing expiry, or why they could not be listed. */
export type DigestContent = ({ kind: "expiring" } & ExpiringDigest) | ({ kind: "failed" } & DigestFailure);

/** Where digests go. The Slack side renders and posts them; the job knows nothing of Slack. */
export interface DigestPoster {
  /** Posts in a channel, joining it first when it is public; `scheduledFor` tags the occurrence. */
  post(channelId: string, digest: DigestContent, scheduledFor: Date): Promise<PostResult>;
  /** Tells a subscriber directly that their channel's digest cannot be posted there until the app is invited. */
  tellCannotPost(userId: string, channelId: string): Promise<void>;
}

export interface RetryPolicy {
  /** Stop retrying Partner Central once this much time has passed since the first attempt. */
  limitMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { limitMs: 15 * 60_000, firstDelayMs: 5_000, maxDelayMs: 60_000 };

/**
 * Time allowed on top of the retry limit for posting (Slack rate limits are waited out). A claim older
 * than both can only belong to a process that died, so another may take it over.
 */
const POSTING_ALLOWANCE_MS = 10 * 60_000;

/** A take-over matters only while its occurrence could still be posted: the day it is due. */
const TAKEOVER_CLAIM_TTL_SECONDS = 7 * 86_400;

export interface DigestDeps {
  /** With opportunities, a digest lists those that need action after the invitations. */
  partnerCentral: ExpiringSource & { opportunities?: Pick<Opportunities, "pages"> };
  store: Pick<Store, "occurrences" | "claimOnce">;
  poster: DigestPoster;
  clock: () => Date;
  logger: AppLogger;
  /** Recorded with each claim, to tell which process posted what. */
  instanceId: string;
  retry: RetryPolicy;
  /** Waits between retries; rejecting (on shutdown) abandons the digest, leaving its claim to be taken over. */
  sleep?: (ms: number) => Promise<void>;
  /** Counts each digest delivered, by outcome. */
  metrics?: Pick<Metrics, "digestRuns">;
}

export interface DigestOccurrence {
  subscription: DigestSubscription;
  scheduledFor: Date;
  /** Who asked for it in Slack (`digest now`); they are answered directly, so nobody gets a DM. */
  requestedBy?: string;
}

export type DigestOutcome =
  /** Another process (or an earlier run) has this occurrence. */
  | { status: "skipped" }
  | { status: Exclude<OccurrenceStatus, "claimed" | "failed">; detail: string; ts?: string }
  | { status: "failed"; detail: string; notMember: boolean; ts?: string };

type Finished = Exclude<DigestOutcome, { status: "skipped" }>;

const isUserId = (id: string) => /^[UW][A-Z0-9]{2,}$/.test(id);

/** Claims, builds, posts and records one occurrence: exactly once across every process on the store. */
export async function runDigest(deps: DigestDeps, occurrence: DigestOccurrence): Promise<DigestOutcome> {
  if (!(await claimDigest(deps, occurrence))) return { status: "skipped" };
  return deliverDigest(deps, occurrence);
}

/**
 * True when this process may post the occurrence: it claimed it first, or the claim was left unfinished
 * by a process that died (older than any live run could be), and this process took it over first.
 */
export async function claimDigest(deps: DigestDeps, occurrence: DigestOccurrence): Promise<boolean> {
  const { channelId } = occurrence.subscription;
  const { scheduledFor } = occurrence;
  if (await deps.store.occurrences.claim(channelId, scheduledFor, deps.instanceId)) return true;
  const last = await deps.store.occurrences.last(channelId);
  const abandoned =
    last?.status === "claimed" &&
    last.scheduledFor.getTime() === scheduledFor.getTime() &&
    deps.clock().getTime() - last.claimedAt.getTime() >= deps.retry.limitMs + POSTING_ALLOWANCE_MS;
  if (!abandoned) return false;
  const won = await deps.store.claimOnce(
    `digest-takeover:${channelId}:${scheduledFor.toISOString()}`,
    TAKEOVER_CLAIM_TTL_SECONDS,
  );
  if (won) {
    deps.logger.warn(
      { channelId, scheduledFor: scheduledFor.toISOString(), claimedBy: last.claimedBy },
      "taking over a digest whose process stopped before finishing it",
    );
  }
  return won;
}

/** Builds and posts an occurrence this process has claimed, then records the outcome. */
export async function deliverDigest(deps: DigestDeps, occurrence: DigestOccurrence): Promise<Finished> {
  const { channelId } = occurrence.subscription;
  const log = deps.logger.child({ channelId, scheduledFor: occurrence.scheduledFor.toISOString() });
  const outcome = await buildAndPost(deps, occurrence, log);
  try {
    await deps.store.occurrences.finish(channelId, occurrence.scheduledFor, {
      status: outcome.status,
      detail: outcome.detail,
      ...(outcome.ts ? { messageTs: outcome.ts } : {}),
    });
  } catch (error) {
    log.error({ err: error, outcome }, "could not record the digest's outcome");
  }
  (outcome.status === "failed" ? log.warn : log.info)({ outcome }, "digest finished");
  deps.metrics?.digestRuns.inc({ outcome: outcome.status });
  return outcome;
}

async function buildAndPost(
  deps: DigestDeps,
  occurrence: DigestOccurrence,
  log: AppLogger,
): Promise<Finished> {
  const { subscription } = occurrence;
  const { windowDays, catalog } = subscription;
  const { opportunities } = deps.partnerCentral;
  // Read beside the invitations; whatever happens to them, the digest is posted with the invitations.
  const [built, needingAction] = await Promise.all([
    fetchWithRetry(deps, subscription, log),
    opportunities
      ? fetchNeedingAction(opportunities, catalog, deps.clock(), windowDays).catch(
          (error: unknown): OpportunitiesNeedingAction => {
            log.error({ err: error }, "digest could not list the opportunities that need action");
            return {
              opportunities: [],
              total: 0,
              actionRequired: 0,
              problem: "an unexpected error; it was logged",
            };
          },
        )
      : undefined,
  ]);
  if (!built.ok) {
    const result = await deps.poster.post(
      subscription.channelId,
      { kind: "failed", reason: built.reason, windowDays, ...built.tried },
      occurrence.scheduledFor,
    );
    if (!result.posted) return cannotPost(deps, occurrence, result, log);
    return { status: "failed", detail: built.reason, notMember: false, ts: result.ts };
  }
  const { found, now } = built;
  const waiting = needingAction?.total ?? 0;
  if (found.counts.total === 0 && waiting === 0 && subscription.quiet)
    return { status: "empty", detail: "Nothing expires in the window; quiet, so nothing was posted." };
  const result = await deps.poster.post(
    subscription.channelId,
    { kind: "expiring", ...found, now, windowDays, catalog, ...(needingAction ? { needingAction } : {}) },
    occurrence.scheduledFor,
  );
  if (!result.posted) return cannotPost(deps, occurrence, result, log);
  const opportunitiesText =
    waiting > 0
      ? `; ${plural(waiting, "opportunity", "opportunities")} ${waiting === 1 ? "needs" : "need"} action`
      : "";
  return found.counts.total === 0
    ? {
        status: waiting > 0 ? "posted" : "empty",
        detail: `Nothing expires in the window${opportunitiesText}; the all-clear was posted.`,
        ts: result.ts,
      }
    : {
        status: "posted",
        detail: `${expiringHeadline(found.counts, subscription.windowDays)}${opportunitiesText}`,
        ts: result.ts,
      };
}

type Built =
  | { ok: true; found: ExpiringInvitations; now: Date }
  | { ok: false; reason: string; tried: { attempts: number; overMs: number } };

/** Retryable Partner Central failures are retried with doubling delays until the retry limit. */
async function fetchWithRetry(
  deps: DigestDeps,
  subscription: DigestSubscription,
  log: AppLogger,
): Promise<Built> {
  const sleep = deps.sleep ?? ((ms: number) => wait(ms));
  const started = deps.clock().getTime();
  let delay = deps.retry.firstDelayMs;
  for (let attempts = 1; ; attempts++) {
    const now = deps.clock();
    try {
      const found = await fetchExpiring(
        deps.partnerCentral,
        subscription.catalog,
        now,
        subscription.windowDays,
      );
      return { ok: true, found, now };
    } catch (error) {
      const elapsed = deps.clock().getTime() - started;
      const retryable = error instanceof PartnerCentralError && error.retryable;
      if (!retryable || elapsed + delay > deps.retry.limitMs) {
        if (!(error instanceof PartnerCentralError)) log.error({ err: error }, "digest failed unexpectedly");
        const reason =
          error instanceof PartnerCentralError ? error.userMessage : "The app hit an unexpected error.";
        return { ok: false, reason, tried: { attempts, overMs: elapsed } };
      }
      log.warn({ attempts, delay, err: error }, "Partner Central failed; retrying the digest");
      await sleep(delay);
      delay = Math.min(delay * 2, deps.retry.maxDelayMs);
    }
  }
}

/** The channel cannot be posted in: the subscriber hears why by DM, unless someone asked and is answered. */
async function cannotPost(
  deps: DigestDeps,
  occurrence: DigestOccurrence,
  result: Extract<PostResult, { posted: false }>,
  log: AppLogger,
): Promise<Finished> {
  const { channelId, createdBy } = occurrence.subscription;
  if (result.notMember && !occurrence.requestedBy && isUserId(createdBy)) {
    await deps.poster
      .tellCannotPost(createdBy, channelId)
      .catch((error: unknown) => log.warn({ err: error }, "could not tell the subscriber"));
  }
  const detail = result.notMember
    ? "The app is not a member of this private channel; invite it with /invite @Partner Central."
    : `Slack did not accept the message (${result.detail}).`;
  return { status: "failed", detail, notMember: result.notMember };
}
