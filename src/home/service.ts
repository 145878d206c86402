import type { LRUCache } from "lru-cache";
import { boundedCache } from "../bounded-cache.ts";
import { type Urgency, urgencyOf } from "../digest/select.ts";
import type { Scheduled } from "../digest/subscriptions.ts";
import type { AppLogger } from "../logger.ts";
import { PartnerCentralError } from "../partnercentral/errors.ts";
import type { PartnerCentral } from "../partnercentral/index.ts";
import { type Catalog, type Invitation, invitationKey } from "../partnercentral/model.ts";
import type { ActionRecord, Store, WaitingAlerts } from "../store/index.ts";

/** What was looked up is shown at once, and looked up again when older than this. */
const FRESH_MS = 60_000;
/** How many invitations the Home lists, soonest expiry first. */
const SOONEST = 10;
/** Longer than any look at Partner Central takes, retries included. */
const DECIDED_ELSEWHERE_MS = 15 * 60_000;
/** Far more decisions than Partner Central's events bring in that time. */
const DECIDED_ELSEWHERE_MAX = 10_000;

export interface HomeDeps {
  partnerCentral: {
    engagements: Pick<PartnerCentral["engagements"], "listPendingReceived" | "describe">;
    connections: Pick<PartnerCentral["connections"], "listAllInvitations">;
  };
  store: Pick<Store, "decisions" | "alertOutbox">;
  catalog: Catalog;
  clock: () => Date;
  logger: AppLogger;
  /** The digests in force, with when each next runs. */
  subscriptions: () => Promise<Scheduled[]>;
}

/** The pending invitations we received, as of the last look. */
export interface Waiting {
  at: Date;
  engagements: number;
  connections: number;
  byUrgency: Record<Urgency, number>;
  /** The ten that expire first, soonest first. */
  soonest: Invitation[];
  /**
   * Invitations that were pending at the look before and were decided from Slack since: still shown,
   * marked with the outcome (and the opportunity it created), until the next look.
   */
  decided: Invitation[];
}

export interface HomeDigest {
  channelId: string;
  cron: string;
  timezone: string;
  nextRun?: Date;
}

/** Everything the App Home shows, the same for every user. */
export interface HomeData {
  catalog: Catalog;
  now: Date;
  /** Undefined until the first look has answered. */
  waiting?: Waiting;
  /** Why the last look failed, if it did. */
  problem?: string;
  digests: HomeDigest[];
  /** Decisions recorded for the invitations listed, by invitation key. */
  decisions: Map<string, ActionRecord>;
  /** Channels that refuse new-invitation alerts, with what waits to be posted there. */
  alertRefusals?: WaitingAlerts[];
}

/**
 * What the App Home shows: the invitations waiting for an answer, what expires first and the digests.
 * Kept from the last look at Partner Central, so showing it never waits on AWS.
 */
export class HomeService {
  #pending?: { at: Date; invitations: Invitation[]; decided: Invitation[] };
  #problem?: string;
  #refreshing?: Promise<void>;
  /**
   * Decided outside Slack, kept from a look that began before the decision and lists it as pending. Such a
   * look ends within minutes, so each is kept for a while rather than until someone opens a Home.
   */
  readonly #decidedElsewhere: LRUCache<string, true>;

  private readonly deps: HomeDeps;

  constructor(deps: HomeDeps) {
    this.deps = deps;
    this.#decidedElsewhere = boundedCache({
      max: DECIDED_ELSEWHERE_MAX,
      ttlMs: DECIDED_ELSEWHERE_MS,
      clock: deps.clock,
    });
  }

  /** True when the last look is recent enough to show without looking again. */
  get fresh(): boolean {
    return this.#pending !== undefined && this.deps.clock().getTime() - this.#pending.at.getTime() < FRESH_MS;
  }

  /** Looks at Partner Central again; callers arriving during a look share it. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#load().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /**
   * An invitation decided in Partner Central leaves the list at once, and no look that began before the
   * decision brings it back. One decided from Slack stays, marked with its outcome, until the next look, as
   * it does without events.
   */
  async markDecided(invitationKey: string): Promise<void> {
    const ours = await this.deps.store.decisions.get(invitationKey);
    if (ours?.status === "succeeded" || ours?.status === "conflict") return;
    this.#decidedElsewhere.set(invitationKey, true);
    if (this.#pending) {
      this.#pending = {
        ...this.#pending,
        invitations: this.#withoutDecidedElsewhere(this.#pending.invitations),
      };
    }
  }

  /** What the Home shows now, from the last look, with every recorded decision on what it lists. */
  async current(): Promise<HomeData> {
    const now = this.deps.clock();
    const waiting = this.#pending ? summarise(this.#pending, now) : undefined;
    const digests = (await this.deps.subscriptions()).map(({ subscription, next }) => ({
      channelId: subscription.channelId,
      cron: subscription.cron,
      timezone: subscription.timezone,
      ...(next ? { nextRun: next } : {}),
    }));
    const listed = [...(waiting?.soonest ?? []), ...(waiting?.decided ?? [])];
    const records = await Promise.all(
      listed.map((invitation) => this.deps.store.decisions.get(invitationKey(invitation))),
    );
    const alertRefusals = (await this.deps.store.alertOutbox.waiting()).filter(
      (w) => w.refusal !== undefined,
    );
    return {
      catalog: this.deps.catalog,
      now,
      ...(waiting ? { waiting } : {}),
      ...(this.#problem ? { problem: this.#problem } : {}),
      digests,
      decisions: new Map(records.flatMap((r) => (r ? [[r.key, r] as const] : []))),
      ...(alertRefusals.length > 0 ? { alertRefusals } : {}),
    };
  }

  #withoutDecidedElsewhere(invitations: Invitation[]): Invitation[] {
    return invitations.filter((i) => !this.#decidedElsewhere.has(invitationKey(i)));
  }

  async #load(): Promise<void> {
    const { partnerCentral, catalog } = this.deps;
    try {
      const [engagements, connections] = await Promise.all([
        partnerCentral.engagements.listPendingReceived(catalog),
        partnerCentral.connections.listAllInvitations({ catalog, status: "PENDING", role: "RECEIVER" }),
      ]);
      const listed = [...(await this.#withBriefs(engagements)), ...connections];
      // What a look no longer lists cannot come back as pending from an older one.
      const stillListed = new Set(listed.map(invitationKey));
      for (const key of [...this.#decidedElsewhere.keys()]) {
        if (!stillListed.has(key)) this.#decidedElsewhere.delete(key);
      }
      const invitations = this.#withoutDecidedElsewhere(listed);
      this.#pending = { at: this.deps.clock(), invitations, decided: await this.#decidedSince(invitations) };
      this.#problem = undefined;
    } catch (error) {
      if (!(error instanceof PartnerCentralError)) throw error;
      this.#problem = error.userMessage;
      this.deps.logger.warn({ code: error.code }, "App Home could not look up invitations");
    }
  }

  /**
   * The engagement invitations with the briefs of those the Home may list (the soonest to expire, with
   * room for some decided meanwhile): a brief costs a read of its details, which the counts never need.
   */
  async #withBriefs(engagements: Invitation[]): Promise<Invitation[]> {
    const listable = new Set(soonestFirst(engagements).slice(0, 2 * SOONEST));
    const described = await this.deps.partnerCentral.engagements.describe([...listable]);
    const byKey = new Map(described.map((i) => [invitationKey(i), i]));
    return engagements.map((i) => byKey.get(invitationKey(i)) ?? i);
  }

  /** What left the list since the last look because someone decided it from Slack. */
  async #decidedSince(pending: Invitation[]): Promise<Invitation[]> {
    const still = new Set(pending.map(invitationKey));
    const gone = (this.#pending?.invitations ?? []).filter((i) => !still.has(invitationKey(i)));
    const records = await Promise.all(gone.map((i) => this.deps.store.decisions.get(invitationKey(i))));
    return gone.filter((_, n) => records[n]?.status === "succeeded" || records[n]?.status === "conflict");
  }
}

function summarise(
  { at, invitations: pending, decided }: { at: Date; invitations: Invitation[]; decided: Invitation[] },
  now: Date,
): Waiting {
  const byUrgency: Record<Urgency, number> = { day: 0, threeDays: 0, later: 0 };
  for (const invitation of pending) byUrgency[urgencyOf(invitation, now)]++;
  const engagements = pending.filter((i) => i.kind === "engagement").length;
  const soonest = soonestFirst(pending).slice(0, SOONEST);
  return { at, engagements, connections: pending.length - engagements, byUrgency, soonest, decided };
}

/** Those with an expiry, the soonest to expire first. */
function soonestFirst(invitations: Invitation[]): Invitation[] {
  return invitations
    .filter((i) => i.expiresAt)
    .sort((a, b) => (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0));
}
