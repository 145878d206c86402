import type { LRUCache } from "lru-cache";
import { boundedCache } from "../bounded-cache.ts";
import { decisionsFor, showsAsDecided } from "../decisions/record.ts";
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
/** How long an invitation decided from Slack stays on the Home, under "Decided just now". */
const DECIDED_SHOWN_MS = 15 * 60_000;
/** Longer than any look at Partner Central takes, retries included. */
const DECIDED_ELSEWHERE_MS = 15 * 60_000;
/** Far more decisions than Partner Central's events bring in that time. */
const DECIDED_ELSEWHERE_MAX = 10_000;
/** Changes arriving together (a burst of events, several decisions) bring one look and one republish. */
const SETTLE_MS = 1000;

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
  /** How long changes are gathered before the one look they bring; a second by default. */
  settleMs?: number;
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
   * Invitations decided in the app since the look before (or being accepted, while Partner Central still
   * lists them as pending): counted no longer, shown apart, marked with the outcome (and the opportunity it
   * created), for a quarter of an hour.
   */
  decided: Invitation[];
}

export interface HomeDigest {
  channelId: string;
  cron: string;
  timezone: string;
  nextRun?: Date;
}

/**
 * Everything the App Home shows, the same for every user, and complete whenever it is read: counts and
 * lists come from one look at Partner Central with the decisions recorded since. A part added to the Home
 * adds its data here, read in the same look (see HomeService), and its renderer to the Home's sections.
 */
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
  /** Changes gathered until the timer fires; then one look, and every listener told once. */
  #settling?: NodeJS.Timeout;
  #republishing?: Promise<void>;
  #changedAgain = false;
  #stopped = false;
  readonly #listeners: Array<() => Promise<void>> = [];
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
   * Something the Homes show changed: an invitation arrived or was decided, in the app or in Partner
   * Central. Changes arriving within `settleMs` of the first are told to each listener once (the Slack
   * side looks again and republishes the Homes open lately, if any is); one arriving meanwhile is told
   * after.
   */
  changed(): void {
    if (this.#stopped || this.#settling) return;
    if (this.#republishing) {
      this.#changedAgain = true;
      return;
    }
    this.#settling = setTimeout(() => {
      this.#settling = undefined;
      this.#lookNow();
    }, this.deps.settleMs ?? SETTLE_MS);
    // Never the reason the process stays up: stop() clears it.
    this.#settling.unref();
  }

  /** Called once for the changes of each `settleMs`; it looks again (`refresh`) if it needs to. */
  onChanged(listener: () => Promise<void>): void {
    this.#listeners.push(listener);
  }

  /** Resolves once no change waits for its listeners, bringing forward what waits for its timer. */
  async settled(): Promise<void> {
    for (;;) {
      if (this.#settling) {
        clearTimeout(this.#settling);
        this.#settling = undefined;
        this.#lookNow();
      }
      if (!this.#republishing) return;
      await this.#republishing;
    }
  }

  /** Drops what waits for its timer and waits for listeners under way; later changes are ignored. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#settling);
    this.#settling = undefined;
    this.#changedAgain = false;
    await this.#republishing;
  }

  #lookNow(): void {
    this.#republishing = this.#tell().finally(() => {
      this.#republishing = undefined;
      if (this.#changedAgain) {
        this.#changedAgain = false;
        this.changed();
      }
    });
  }

  async #tell(): Promise<void> {
    for (const listener of this.#listeners) {
      await listener().catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, "could not show a change on the App Homes");
      });
    }
  }

  /**
   * An invitation decided in Partner Central leaves the list at once, and no look that began before the
   * decision brings it back. One decided from Slack stays, marked with its outcome, for a quarter of an
   * hour, as it does without events. Either way the Homes are told.
   */
  async markDecided(invitationKey: string): Promise<void> {
    this.changed();
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

  /**
   * What the Home shows now, from the last look, with every recorded decision on what it lists: one the app
   * made, or is making with Partner Central still accepting, is no longer counted as waiting.
   */
  async current(): Promise<HomeData> {
    const now = this.deps.clock();
    const digests = (await this.deps.subscriptions()).map(({ subscription, next }) => ({
      channelId: subscription.channelId,
      cron: subscription.cron,
      timezone: subscription.timezone,
      ...(next ? { nextRun: next } : {}),
    }));
    const seen = this.#pending;
    const listed = seen ? [...seen.invitations, ...seen.decided] : [];
    const recorded = await decisionsFor(this.deps.store, listed.map(invitationKey));
    const decidedInApp = (invitation: Invitation) => {
      const record = recorded.get(invitationKey(invitation));
      return record !== undefined && showsAsDecided(record);
    };
    const waiting = seen
      ? summarise(
          {
            at: seen.at,
            invitations: seen.invitations.filter((i) => !decidedInApp(i)),
            decided: [...seen.invitations.filter(decidedInApp), ...seen.decided],
          },
          now,
        )
      : undefined;
    const shown = new Set([...(waiting?.soonest ?? []), ...(waiting?.decided ?? [])].map(invitationKey));
    const alertRefusals = (await this.deps.store.alertOutbox.waiting()).filter(
      (w) => w.refusal !== undefined,
    );
    return {
      catalog: this.deps.catalog,
      now,
      ...(waiting ? { waiting } : {}),
      ...(this.#problem ? { problem: this.#problem } : {}),
      digests,
      decisions: new Map([...recorded].filter(([key]) => shown.has(key))),
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

  /**
   * What left the list because someone decided it from Slack, in the last quarter of an hour: however many
   * looks the changes of that time bring, the decider still finds it, marked with its outcome. A decision
   * still under way counts: Partner Central may have carried it out before the app recorded the outcome.
   */
  async #decidedSince(pending: Invitation[]): Promise<Invitation[]> {
    const still = new Set(pending.map(invitationKey));
    const gone = new Map(
      [...(this.#pending?.invitations ?? []), ...(this.#pending?.decided ?? [])]
        .filter((i) => !still.has(invitationKey(i)))
        .map((i) => [invitationKey(i), i]),
    );
    const records = await Promise.all([...gone.keys()].map((key) => this.deps.store.decisions.get(key)));
    const since = this.deps.clock().getTime() - DECIDED_SHOWN_MS;
    return records
      .filter(
        (r) => r !== undefined && r.status !== "failed" && (r.finishedAt ?? r.createdAt).getTime() >= since,
      )
      .flatMap((r) => gone.get(r?.key ?? "") ?? [])
      .slice(0, SOONEST);
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
