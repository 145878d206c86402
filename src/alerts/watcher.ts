import { every, type Repeating } from "../lifecycle.ts";
import type { AppLogger } from "../logger.ts";
import { type OpportunityPost, parseOpportunityPost } from "../opportunities/post.ts";
import { PartnerCentralError } from "../partnercentral/errors.ts";
import type { PartnerCentral } from "../partnercentral/index.ts";
import { CATALOGS, type Catalog, type Invitation, invitationKey } from "../partnercentral/model.ts";
import type { PendingAlert, Store, WaitingAlerts } from "../store/index.ts";
import { type AlertRoute, takes } from "./channels.ts";

/** How the watcher reads Partner Central: its looks list, and a retried alert is looked up again. */
export interface AlertSource {
  engagements: Pick<PartnerCentral["engagements"], "listPendingReceivedSince" | "get">;
  connections: Pick<PartnerCentral["connections"], "listAllInvitations" | "getInvitation">;
}

export interface AlertRetryPolicy {
  /** The pause before retrying a post that failed; it doubles with each further failure. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** How long a process has to post the alerts it took; then another may take them (the first died). */
  leaseMs: number;
}

export const DEFAULT_ALERT_RETRY: AlertRetryPolicy = {
  firstDelayMs: 10_000,
  maxDelayMs: 15 * 60_000,
  leaseMs: 5 * 60_000,
};

/** The shortest pause before the watcher tries again by itself, so that nothing can make it spin. */
const MIN_RETRY_GAP_MS = 250;

export interface AlertWatcherDeps {
  partnerCentral: AlertSource;
  store: Pick<Store, "alertOutbox" | "announced">;
  catalog: Catalog;
  logger: AppLogger;
  /** The channels alerts go to right now, with their filters; none means nobody listens, so nothing is fetched. */
  channels: () => Promise<AlertRoute[]>;
  retry?: Partial<AlertRetryPolicy>;
}

export type AlertPostResult =
  | { posted: true; ts: string }
  /** `refused`: the channel itself refuses posts (the app is not in it, it is archived) until someone acts there. */
  | { posted: false; refused: boolean; detail: string };

/** Where alerts go. The Slack side renders and posts them, and shows approvers which channels refuse them. */
export interface AlertPoster {
  /** Posts several invitations in one message in the channel. */
  post(channelId: string, invitations: Invitation[]): Promise<AlertPostResult>;
  /** Posts what changed on an opportunity, in the thread of `threadTs` when given. */
  postOpportunity(channelId: string, post: OpportunityPost, threadTs?: string): Promise<AlertPostResult>;
  /** A channel began or stopped refusing its alerts: show the approvers (WaitingAlerts.refusal says which). */
  refusalsChanged(): Promise<void>;
}

export interface AlertCheck {
  at: Date;
  announced: number;
  error?: string;
}

type Looked =
  | { kind: "live"; invitation: Invitation }
  /** No longer to be announced: decided, expired, or unknown to Partner Central. */
  | { kind: "gone"; detail: string }
  /** Partner Central could not say now; the alert is tried again later. */
  | { kind: "unknown"; detail: string };

/**
 * Looks for pending invitations received since the last look and announces each once in every alert
 * channel, across restarts and replicas. Announcing goes through an outbox: the store write that decides an
 * invitation is new also records an alert to post in each channel; one process at a time posts it and
 * records it posted. What was not (Slack refused, the process died) is posted by a later look on any
 * replica, or sooner by this one after a growing pause. The very first look records what already exists
 * without posting it, so installing the app floods no channel.
 */
export class AlertWatcher {
  private looking: Repeating | undefined;
  private retryTimer: { at: number; handle: NodeJS.Timeout } | undefined;
  private poster: AlertPoster | undefined;
  private baselineSettled = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  lastCheck: AlertCheck | undefined;

  private readonly deps: AlertWatcherDeps;
  private readonly clock: () => Date;
  private readonly policy: AlertRetryPolicy;

  constructor(deps: AlertWatcherDeps, clock: () => Date) {
    this.deps = deps;
    this.clock = clock;
    this.policy = { ...DEFAULT_ALERT_RETRY, ...deps.retry };
  }

  /** One look, announcing through `poster`; returns the invitations it found new. */
  async check(poster: AlertPoster): Promise<Invitation[]> {
    const { partnerCentral, store, catalog, logger } = this.deps;
    const channels = await this.deps.channels();
    if (channels.length === 0) {
      await this.deliver(poster, { routes: channels });
      return [];
    }
    const knownIds = async (page: Invitation[]) => {
      const known = await store.announced.known(page.map(invitationKey));
      return new Set(page.filter((i) => known.includes(invitationKey(i))).map((i) => i.id));
    };
    const [engagements, connections] = await Promise.all([
      partnerCentral.engagements.listPendingReceivedSince(catalog, knownIds),
      partnerCentral.connections.listAllInvitations({ catalog, status: "PENDING", role: "RECEIVER" }),
    ]);
    const knownConnections = new Set(await store.announced.known(connections.map(invitationKey)));
    const candidates = [
      ...engagements,
      ...connections.filter((i) => !knownConnections.has(invitationKey(i))),
    ];
    if (!this.baselineSettled) {
      // Claimed and recorded in one write: a replica that loses sees everything the winner recorded.
      const recorded = await store.alertOutbox.baseline(
        `alerts-baseline:${catalog}`,
        candidates.map(invitationKey),
      );
      this.baselineSettled = true;
      if (recorded) {
        logger.info({ recorded: candidates.length }, "new-invitation alerts: recorded what already exists");
        return [];
      }
      logger.info("new-invitation alerts: what already existed was recorded before; announcing what is new");
    }
    const announced = await this.record(channels, candidates);
    // A look also posts whatever else is due: retries, and what a process that died left.
    await this.deliver(poster, { inHand: candidates, routes: channels });
    return announced;
  }

  /** The channels alerts go to right now, with their filters. */
  channels(): Promise<AlertRoute[]> {
    return this.deps.channels();
  }

  /**
   * Records, for each of `channels`, an alert for every invitation not announced before, however it was
   * found (here, Partner Central's event), then posts those alerts; returns the invitations it recorded.
   * Once recorded an alert is not lost: a post that fails is tried again later.
   */
  async announce(
    channels: AlertRoute[],
    invitations: Invitation[],
    poster: AlertPoster,
  ): Promise<Invitation[]> {
    const announced = await this.record(channels, invitations);
    if (announced.length === 0) return [];
    try {
      // Only its own: an event's invitation goes out at once, looked up once, as its own message.
      await this.deliver(poster, { inHand: announced, only: announced.map(invitationKey), routes: channels });
    } catch (error) {
      this.deps.logger.warn(
        { err: error },
        "new-invitation alerts were recorded but could not be posted yet; they are tried again",
      );
    }
    return announced;
  }

  /**
   * The invitations not announced before, each recorded with an alert to post in every channel whose filter
   * takes it (announced all the same when none does).
   */
  private async record(channels: AlertRoute[], invitations: Invitation[]): Promise<Invitation[]> {
    const byKey = new Map(invitations.map((i) => [invitationKey(i), i]));
    const channelsOf = (key: string) => {
      const invitation = byKey.get(key);
      return channels.filter((c) => invitation && takes(c.filter, invitation)).map((c) => c.channelId);
    };
    const fresh = new Set(await this.deps.store.alertOutbox.enqueue([...byKey.keys()], channelsOf));
    return invitations.filter((i) => fresh.has(invitationKey(i)));
  }

  /**
   * Posts what waits in the outbox: in each channel with an alert due, all its waiting alerts in one
   * message; given `channelId` (the app was just invited there), that channel's at once. Alerts of channels
   * that no longer get alerts are dropped. `inHand`: invitations just read from Partner Central, which need
   * no second look; `only`: post these keys alone (an event's invitations, an opportunity's change just
   * recorded); `routes`: the channels alerts go to, when the caller has just read them. Returns how many
   * alerts were posted.
   */
  async deliver(
    poster: AlertPoster,
    options: { inHand?: Invitation[]; channelId?: string; only?: string[]; routes?: AlertRoute[] } = {},
  ): Promise<number> {
    const { alertOutbox } = this.deps.store;
    const before = await alertOutbox.waiting();
    const routes = options.routes ?? (await this.deps.channels());
    const channels = routes.map((r) => r.channelId);
    const dropped = await alertOutbox.dropExcept(channels, "alerts were turned off in the channel");
    if (dropped > 0)
      this.deps.logger.info({ dropped }, "dropped new-invitation alerts of channels now without alerts");
    const now = this.clock().getTime();
    const waitingIn = (channelId: string) => before.find((w) => w.channelId === channelId);
    const due = channels.filter((channelId) => {
      const waiting = waitingIn(channelId);
      if (!waiting) return false;
      return options.channelId === undefined
        ? waiting.dueAt.getTime() <= now
        : channelId === options.channelId;
    });
    const inHand = new Map((options.inHand ?? []).map((i) => [invitationKey(i), i]));
    let posted = 0;
    for (const channelId of due) {
      const filter = routes.find((r) => r.channelId === channelId)?.filter;
      posted += await this.deliverTo(
        { channelId, ...(filter ? { filter } : {}) },
        poster,
        inHand,
        options.only,
      );
    }
    const after = await alertOutbox.waiting();
    if (refusing(before) !== refusing(after)) {
      await poster.refusalsChanged().catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, "could not show the approvers which channels refuse alerts");
      });
    }
    this.scheduleRetry(after);
    return posted;
  }

  /**
   * Leases the channel's waiting alerts (or `only` these), posts them in one message and settles them; those
   * its filter no longer takes (it changed since they were recorded) are dropped.
   */
  private async deliverTo(
    { channelId, filter }: AlertRoute,
    poster: AlertPoster,
    inHand: Map<string, Invitation>,
    only: string[] | undefined,
  ): Promise<number> {
    const { alertOutbox } = this.deps.store;
    const log = this.deps.logger.child({ channelId });
    const { token, alerts: leased } = await alertOutbox.lease(channelId, this.policy.leaseMs, only);
    const posted = await this.postEach(
      token,
      leased.filter((a) => a.payload !== undefined),
      poster,
      log,
    );
    const alerts = leased.filter((a) => a.payload === undefined);
    if (alerts.length === 0) return posted;
    let unsettled = alerts.map((a) => a.invitationKey);
    const settled = (keys: string[]) => {
      unsettled = unsettled.filter((k) => !keys.includes(k));
    };
    try {
      const looked = (await Promise.all(alerts.map((a) => this.current(a, inHand)))).map(
        (result): Looked =>
          result.kind === "live" && !takes(filter, result.invitation)
            ? { kind: "gone", detail: "the channel's alert filter leaves it out" }
            : result,
      );
      for (const [n, result] of looked.entries()) {
        if (result.kind !== "gone") continue;
        const key = alerts[n]?.invitationKey ?? "";
        await alertOutbox.settle(token, [key], { status: "dropped", detail: result.detail });
        settled([key]);
        log.info({ invitation: key, reason: result.detail }, "dropped a new-invitation alert");
      }
      const unknown = alerts.filter((_, n) => looked[n]?.kind === "unknown");
      if (unknown.length > 0) {
        const detail = looked.find((l) => l.kind === "unknown")?.detail ?? "";
        await this.retry(token, unknown, { detail, refused: false });
        settled(unknown.map((a) => a.invitationKey));
      }
      const live = alerts
        .map((alert, n) => ({ alert, looked: looked[n] }))
        .flatMap(({ alert, looked }) =>
          looked?.kind === "live" ? [{ alert, invitation: looked.invitation }] : [],
        )
        .sort(
          (a, b) =>
            a.alert.createdAt.getTime() - b.alert.createdAt.getTime() ||
            foundOrder(a.invitation, b.invitation),
        );
      if (live.length === 0) return posted;
      const keys = live.map((l) => l.alert.invitationKey);
      const result = await poster
        .post(
          channelId,
          live.map((l) => l.invitation),
        )
        .catch(
          (error: unknown): AlertPostResult => ({ posted: false, refused: false, detail: String(error) }),
        );
      if (result.posted) {
        // Slack has them: should recording that fail, they stay leased until the lease ends, not retried now.
        settled(keys);
        const recorded = await alertOutbox.settle(token, keys, { status: "posted", messageTs: result.ts });
        if (recorded < keys.length) {
          log.warn(
            { invitations: keys.length, recorded },
            "posted new-invitation alerts after another process had taken them over; they may appear twice",
          );
        }
        log.info({ invitations: keys.length, ts: result.ts }, "posted new-invitation alerts");
        return posted + keys.length;
      }
      const retryAt = await this.retry(
        token,
        live.map((l) => l.alert),
        result,
      );
      settled(keys);
      log.warn(
        {
          invitations: keys.length,
          error: result.detail,
          refused: result.refused,
          retryAt: retryAt.toISOString(),
        },
        result.refused
          ? "the channel refuses new-invitation alerts; they wait until the app is invited or alerts are turned off there"
          : "could not post new-invitation alerts; trying again later",
      );
      return posted;
    } finally {
      // Nothing stays leased by this process after it stopped trying: a failure here leaves it due soon.
      if (unsettled.length > 0) {
        const left = alerts.filter((a) => unsettled.includes(a.invitationKey));
        await this.retry(token, left, { detail: "interrupted", refused: false }).catch(() => undefined);
      }
    }
  }

  /**
   * Posts leased posts that are no invitation's alert (opportunities' changes), each as its own message,
   * and settles each; one Slack did not take is tried again later, as alerts are. Returns how many posted.
   */
  private async postEach(
    token: string,
    posts: PendingAlert[],
    poster: AlertPoster,
    log: AppLogger,
  ): Promise<number> {
    const { alertOutbox } = this.deps.store;
    let posted = 0;
    // The posts before this one are settled, or Slack has them.
    let done = 0;
    try {
      for (const pending of posts) {
        const key = pending.invitationKey;
        const post = parseOpportunityPost(pending.payload ?? "");
        if (!post) {
          await alertOutbox.settle(token, [key], {
            status: "dropped",
            detail: "not a post this version knows",
          });
          done++;
          continue;
        }
        const result = await poster
          .postOpportunity(pending.channelId, post, pending.threadTs)
          .catch(
            (error: unknown): AlertPostResult => ({ posted: false, refused: false, detail: String(error) }),
          );
        if (!result.posted) {
          await this.retry(token, [pending], result);
          done++;
          log.warn(
            { post: key, error: result.detail },
            "could not post an opportunity's change; trying again later",
          );
          continue;
        }
        // Slack has it: should recording that fail, it stays leased until the lease ends, not retried now.
        done++;
        posted++;
        await alertOutbox.settle(token, [key], { status: "posted", messageTs: result.ts });
        log.info({ post: key, ts: result.ts }, "posted an opportunity's change");
      }
    } finally {
      // Nothing this process did not try stays leased by it: it is due again soon.
      const left = posts.slice(done);
      if (left.length > 0) {
        await this.retry(token, left, { detail: "interrupted", refused: false }).catch(() => undefined);
      }
    }
    return posted;
  }

  /** Returns leased alerts to the outbox, due again after a pause that grows with each failure. */
  private async retry(
    token: string,
    alerts: PendingAlert[],
    failure: { detail: string; refused: boolean },
  ): Promise<Date> {
    const now = this.clock().getTime();
    const attempts = Math.max(...alerts.map((a) => a.attempts)) + 1;
    // A refusing channel is tried again by the next look, or at once when the app is invited there.
    const pause = failure.refused
      ? 0
      : Math.min(this.policy.firstDelayMs * 2 ** (attempts - 1), this.policy.maxDelayMs);
    const retryAt = new Date(now + pause);
    await this.deps.store.alertOutbox.retry(
      token,
      alerts.map((a) => a.invitationKey),
      { ...failure, retryAt },
    );
    return retryAt;
  }

  /** The invitation of an alert as it is now: in hand from this look, or looked up again. */
  private async current(alert: PendingAlert, inHand: Map<string, Invitation>): Promise<Looked> {
    const held = inHand.get(alert.invitationKey);
    if (held) return { kind: "live", invitation: held };
    const ref = refOfKey(alert.invitationKey);
    if (!ref) return { kind: "gone", detail: "not an invitation this version of the app knows" };
    try {
      const looked = await lookUpLive(this.deps.partnerCentral, ref);
      if (looked.live) return { kind: "live", invitation: looked.invitation };
      return { kind: "gone", detail: whyGone(looked) };
    } catch (error) {
      return { kind: "unknown", detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * While started, tries again when the soonest failed alert is due. New alerts are their announcer's to
   * post, and a refusing channel's wait for the app to be invited or the next look.
   */
  private scheduleRetry(waiting: WaitingAlerts[]): void {
    const poster = this.poster;
    if (!poster || !this.looking) return;
    const due = waiting.flatMap((w) => (w.retryAt ? [w.retryAt.getTime()] : []));
    if (due.length === 0) return;
    const at = Math.min(...due);
    if (this.retryTimer && this.retryTimer.at <= at) return;
    clearTimeout(this.retryTimer?.handle);
    const handle = setTimeout(
      () => {
        this.retryTimer = undefined;
        this.track(
          this.deliver(poster).catch((error: unknown) => {
            this.deps.logger.warn({ err: error }, "retrying new-invitation alerts failed");
          }),
        );
      },
      Math.max(at - this.clock().getTime(), MIN_RETRY_GAP_MS),
    );
    this.retryTimer = { at, handle };
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Looks every `intervalMs`, the first time at once, announcing through `poster`. */
  start(intervalMs: number, poster: AlertPoster): void {
    this.poster = poster;
    this.looking = every(intervalMs, () =>
      this.check(poster)
        .then((announced) => {
          this.lastCheck = { at: this.clock(), announced: announced.length };
        })
        .catch((error: unknown) => {
          this.lastCheck = { at: this.clock(), announced: 0, error: String(error) };
          this.deps.logger.warn({ err: error }, "new-invitation check failed; trying again next interval");
        }),
    );
  }

  async stop(): Promise<void> {
    const looking = this.looking;
    this.looking = undefined;
    clearTimeout(this.retryTimer?.handle);
    this.retryTimer = undefined;
    await looking?.stop();
    await Promise.all(this.inFlight);
  }
}

/** As a look finds them: engagement invitations newest first, then connection invitations. */
function foundOrder(a: Invitation, b: Invitation): number {
  if (a.kind !== b.kind) return a.kind === "engagement" ? -1 : 1;
  return (b.invitedAt?.getTime() ?? 0) - (a.invitedAt?.getTime() ?? 0);
}

/** The channels refusing alerts, as one comparable value. */
function refusing(waiting: WaitingAlerts[]): string {
  return waiting
    .filter((w) => w.refusal !== undefined)
    .map((w) => `${w.channelId}:${w.refusal}`)
    .join(",");
}

/** The invitation a key names (`kind:catalog:id`, as `invitationKey` writes it). */
function refOfKey(key: string): Pick<Invitation, "kind" | "catalog" | "id"> | undefined {
  const [kind, catalog, ...rest] = key.split(":");
  const id = rest.join(":");
  if ((kind !== "engagement" && kind !== "connection") || !id) return undefined;
  const known = CATALOGS.find((c) => c === catalog);
  return known ? { kind, catalog: known, id } : undefined;
}

/** Why an invitation looked up is not one to announce, with what Partner Central said of it. */
export type NotLive =
  | { live: false; why: "not-found" }
  | { live: false; why: "not-pending" | "not-received"; invitation: Invitation };

/**
 * The invitation as Partner Central has it now, if it is one to announce: known, pending and received by
 * us; otherwise why not.
 */
export async function lookUpLive(
  partnerCentral: Parameters<typeof lookUpInvitation>[0],
  ref: Pick<Invitation, "kind" | "catalog" | "id">,
): Promise<{ live: true; invitation: Invitation } | NotLive> {
  const invitation = await lookUpInvitation(partnerCentral, ref);
  if (!invitation) return { live: false, why: "not-found" };
  if (invitation.status !== "PENDING") return { live: false, why: "not-pending", invitation };
  if (invitation.role !== "RECEIVER") return { live: false, why: "not-received", invitation };
  return { live: true, invitation };
}

/** Why an alert is dropped, in the words of its log line. */
function whyGone(looked: NotLive): string {
  if (looked.why === "not-found") return "Partner Central no longer knows it";
  if (looked.why === "not-received") return "not received by us";
  return `no longer pending (${looked.invitation.status ?? "status unknown"})`;
}

/** The invitation as Partner Central has it now; undefined when it does not know it. */
export async function lookUpInvitation(
  partnerCentral: {
    engagements: Pick<PartnerCentral["engagements"], "get">;
    connections: Pick<PartnerCentral["connections"], "getInvitation">;
  },
  ref: Pick<Invitation, "kind" | "catalog" | "id">,
): Promise<Invitation | undefined> {
  try {
    return ref.kind === "engagement"
      ? await partnerCentral.engagements.get(ref.catalog, ref.id)
      : await partnerCentral.connections.getInvitation(ref.catalog, ref.id);
  } catch (error) {
    if (error instanceof PartnerCentralError && error.code === "NotFound") return undefined;
    throw error;
  }
}
