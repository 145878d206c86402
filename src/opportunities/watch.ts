import type { AlertPoster, AlertWatcher } from "../alerts/watcher.ts";
import { every, type Repeating } from "../lifecycle.ts";
import type { AppLogger } from "../logger.ts";
import type { EngagementInvitations } from "../partnercentral/engagements.ts";
import { PartnerCentralError } from "../partnercentral/errors.ts";
import { type Catalog, invitationKey } from "../partnercentral/model.ts";
import type { Opportunities } from "../partnercentral/opportunities.ts";
import {
  OPEN_STAGES,
  type OpportunityDetails,
  type OpportunitySummary,
} from "../partnercentral/opportunity-model.ts";
import type { Store } from "../store/index.ts";
import { type Observation, observe } from "./observe.ts";
import { Pacer } from "./pacer.ts";
import { opportunityPost } from "./post.ts";
import { type OpportunityOrigin, type OpportunityState, parseState, stateOf } from "./state.ts";

export interface OpportunityRef {
  catalog: Catalog;
  id: string;
}

/** Shows an opportunity, as just read, wherever the app recorded it in Slack (answers, Details). */
export type ShowOpportunity = (details: OpportunityDetails) => Promise<void>;

export interface OpportunityWatchDeps {
  partnerCentral: {
    opportunities: Pick<Opportunities, "details" | "pages">;
    engagements: Pick<EngagementInvitations, "acceptTaskForOpportunity">;
  };
  store: Pick<Store, "opportunitySnapshots" | "opportunityLooks" | "alertOutbox" | "decisions" | "claimOnce">;
  /** The outbox's delivery, which posts opportunities' changes as alerts are posted. */
  alerts: Pick<AlertWatcher, "deliver">;
  /** The channels opportunities' changes go to right now (the alert channels); none: nobody listens. */
  channels: () => Promise<string[]>;
  catalog: Catalog;
  clock: () => Date;
  logger: Pick<AppLogger, "info" | "warn">;
  /**
   * Partner Central reads a second in the background, 2 by default (each opportunity is two reads: it and
   * AWS's side), well within Partner Central's 10 reads a second, which people's commands share.
   */
  readsPerSecond?: number;
}

export interface LookResult {
  /** Opportunities modified since the last look, and read again. */
  modified: number;
  /** Changes told. */
  told: number;
  /** Opportunities the app had not seen, recorded without telling anything. */
  recorded: number;
}

/** Partner Central's clock and the app's may differ: a look asks for somewhat more than it missed. */
const LOOK_MARGIN_MS = 5 * 60_000;
/** How often every open opportunity is listed, to keep a state of those the app never saw change. */
const RECONCILE_EVERY_MS = 86_400_000;
/** Opportunities never seen that one look records, so that recording them all never crowds the quota. */
const RECORD_PER_LOOK = 50;
const DEFAULT_READS_PER_SECOND = 2;
/** An opportunity followed is read with AWS's side of it. */
const READS_PER_OPPORTUNITY = 2;
/**
 * The share of the interval a replica's look is claimed for: the claim has ended when the same replica
 * looks again, and another replica's tick within it looks no more.
 */
const LOOK_CLAIM_SHARE = 0.9;

/**
 * Follows opportunities: what Partner Central's events name and what a look finds modified is read again
 * (the opportunity and AWS's side), compared with what the app last saw (`observe`), and a change the
 * team should hear of is recorded in the alert outbox with that state, then posted — in the thread of
 * the alert that announced its invitation when there is one, else in the alert channels. Places that
 * show the opportunity are redrawn. Every read goes through one pacer, whatever asks.
 */
export class OpportunityWatch {
  readonly #deps: OpportunityWatchDeps;
  readonly #pacer: Pacer;
  #poster: AlertPoster | undefined;
  #show: ShowOpportunity | undefined;
  #looking: Repeating | undefined;
  /** Open opportunities without a state, recorded a few each look; listed again once a day. */
  #unrecorded: OpportunityRef[] = [];
  #listedAt: number | undefined;
  /** Set on shutdown: a look under way stops between two opportunities. */
  #stopping = false;

  constructor(deps: OpportunityWatchDeps) {
    this.#deps = deps;
    this.#pacer = new Pacer((deps.readsPerSecond ?? DEFAULT_READS_PER_SECOND) / READS_PER_OPPORTUNITY);
  }

  /**
   * Tells what changed since the app last saw the opportunity: in `details` when the caller just read them
   * (after an approver changed it, whose reply waits), else read afresh at the background pace.
   */
  async seen(ref: OpportunityRef, details?: OpportunityDetails): Promise<Observation> {
    return this.#observe(details ?? (await this.#pacedRead(ref)), false);
  }

  /** The opportunity and AWS's side, read afresh through the one pacer of background reads. */
  #pacedRead(ref: OpportunityRef): Promise<OpportunityDetails> {
    return this.#pacer.run(() =>
      this.#deps.partnerCentral.opportunities.details(ref.catalog, ref.id, { fresh: true }),
    );
  }

  async #observe(details: OpportunityDetails, quiet: boolean): Promise<Observation> {
    const { store, clock, logger } = this.#deps;
    const observation = await observe(store.opportunitySnapshots, stateOf(details), clock, {
      quiet,
      prepare: (current, previous) => this.#withKnownOrigin(current, previous),
      announce: async ({ changes, state, previous }) => {
        const origin = state.origin ?? (await this.#origin(state));
        const kept = origin ? { ...state, origin } : state;
        const payload = JSON.stringify(opportunityPost(kept, changes, previous === undefined));
        const channels = await this.#deps.channels();
        const threads = (origin?.threads ?? []).filter((t) => channels.includes(t.channelId));
        const posts = threads.length
          ? threads.map((t) => ({ channelId: t.channelId, threadTs: t.ts, payload }))
          : channels.map((channelId) => ({ channelId, payload }));
        return { posts, state: kept };
      },
    });
    const ref = { opportunity: details.opportunity.id };
    if (observation.changes.length > 0) {
      logger.info({ ...ref, changes: observation.changes.map((c) => c.kind) }, "opportunity changed");
    }
    if (observation.posted.length > 0 && this.#poster) {
      await this.#deps.alerts.deliver(this.#poster, { only: observation.posted }).catch((error: unknown) => {
        logger.warn({ ...ref, err: error }, "an opportunity's change was recorded but not posted yet");
      });
    }
    if (observation.updated && this.#show) {
      await this.#show(details).catch((error: unknown) => {
        logger.warn({ ...ref, err: error }, "could not show an opportunity where it is shown");
      });
    }
    return observation;
  }

  /** On first sight, where the opportunity came from when the app itself accepted its invitation. */
  async #withKnownOrigin(
    current: OpportunityState,
    previous: OpportunityState | undefined,
  ): Promise<OpportunityState> {
    if (previous?.origin || current.origin) return current;
    const decision = await this.#deps.store.decisions.findByResult(current.catalog, current.id);
    if (!decision) return current;
    return { ...current, origin: await this.#threadsOf(decision.key) };
  }

  /** Where it came from, asking Partner Central which accepted invitation made it; undefined when unknown. */
  async #origin(state: OpportunityState): Promise<OpportunityOrigin | undefined> {
    try {
      const task = await this.#pacer.run(() =>
        this.#deps.partnerCentral.engagements.acceptTaskForOpportunity(state.catalog, state.id),
      );
      if (!task) return { threads: [] };
      return this.#threadsOf(
        invitationKey({ kind: "engagement", catalog: state.catalog, id: task.invitationId }),
      );
    } catch (error) {
      if (!(error instanceof PartnerCentralError)) throw error;
      // Asked again with the next change; meanwhile its changes go to the alert channels.
      return undefined;
    }
  }

  async #threadsOf(key: string): Promise<OpportunityOrigin> {
    const posted = await this.#deps.store.alertOutbox.postedAlerts(key);
    return { invitationKey: key, threads: posted.map((p) => ({ channelId: p.channelId, ts: p.messageTs })) };
  }

  /**
   * One look: the opportunities modified since the last look (with a margin) are read again, unless the
   * app already saw them as modified then; and a few open ones the app never saw are recorded, so the App
   * Home knows whose they are. The very first look only records when it looked, announcing nothing; with no
   * alert channel, nobody listens, and a look reads nothing.
   */
  async look(): Promise<LookResult> {
    const { store, catalog, clock, partnerCentral } = this.#deps;
    const started = clock();
    // Nobody listens: nothing is read, and the next look starts from now.
    const listening = (await this.#deps.channels()).length > 0;
    const last = listening ? await store.opportunityLooks.last(catalog) : undefined;
    let modified = 0;
    let told = 0;
    let missed = false;
    if (last) {
      const query = {
        catalog,
        modifiedAfter: new Date(last.getTime() - LOOK_MARGIN_MS),
        sort: { by: "LastModifiedDate", order: "ASCENDING" },
      } as const;
      for await (const page of partnerCentral.opportunities.pages(query)) {
        for (const summary of page.items) {
          if (this.#stopping) return { modified, told, recorded: 0 };
          if (await this.#seenAsModified(summary)) continue;
          modified++;
          const changes = await this.#seenSafely(summary);
          if (changes) told += changes.length;
          else missed = true;
        }
      }
    }
    // One Partner Central could not read is listed again by the next look, which skips the others.
    if (!missed) await store.opportunityLooks.advance(catalog, started);
    const recorded = listening ? await this.#recordUnseen() : 0;
    return { modified, told, recorded };
  }

  /** Whether the state the app kept of the opportunity is as of the modification a look lists. */
  async #seenAsModified(summary: OpportunitySummary): Promise<boolean> {
    const kept = await this.#deps.store.opportunitySnapshots.get(summary.catalog, summary.id);
    const seen = kept && parseState(kept.state)?.lastModifiedAt;
    return seen !== undefined && seen === summary.lastModifiedAt?.toISOString();
  }

  /**
   * A look goes on past one opportunity Partner Central cannot read now (undefined): the next look tries it
   * again.
   */
  async #seenSafely(ref: OpportunityRef): Promise<Observation["changes"] | undefined> {
    try {
      return (await this.seen({ catalog: ref.catalog, id: ref.id })).changes;
    } catch (error) {
      if (!(error instanceof PartnerCentralError)) throw error;
      this.#deps.logger.warn(
        { opportunity: ref.id, code: error.code, err: error },
        "could not read an opportunity; the next look tries it again",
      );
      return undefined;
    }
  }

  /** Records a few open opportunities the app has no state of, listing them all again once a day. */
  async #recordUnseen(): Promise<number> {
    const { store, catalog, partnerCentral } = this.#deps;
    const now = this.#deps.clock().getTime();
    if (
      this.#unrecorded.length === 0 &&
      (this.#listedAt === undefined || now - this.#listedAt >= RECONCILE_EVERY_MS)
    ) {
      this.#listedAt = now;
      const known = new Set((await store.opportunitySnapshots.list(catalog)).map((s) => s.opportunityId));
      for await (const page of partnerCentral.opportunities.pages({ catalog, stages: [...OPEN_STAGES] })) {
        for (const o of page.items) if (!known.has(o.id)) this.#unrecorded.push({ catalog, id: o.id });
      }
    }
    const batch = this.#unrecorded.splice(0, RECORD_PER_LOOK);
    let recorded = 0;
    for (const ref of batch) {
      if (this.#stopping) break;
      try {
        if ((await this.#observe(await this.#pacedRead(ref), true)).firstSighting) recorded++;
      } catch (error) {
        if (!(error instanceof PartnerCentralError)) throw error;
      }
    }
    return recorded;
  }

  /**
   * Where changes go from now on: posted through `poster` (the alerts'), and shown where the opportunity
   * is through `show`. Before, changes are recorded in the outbox and posted by a later delivery.
   */
  connect(poster: AlertPoster, show: ShowOpportunity): void {
    this.#poster = poster;
    this.#show = show;
  }

  /**
   * Looks every `intervalMs`, the first time at once; of several replicas, the one that claims a look in
   * the store makes it, and the others leave it to that one until the claim ends, just before the next.
   */
  start(intervalMs: number): void {
    const claim = `opportunity-look:${this.#deps.catalog}`;
    this.#looking = every(intervalMs, () =>
      this.#deps.store
        .claimOnce(claim, (intervalMs * LOOK_CLAIM_SHARE) / 1000)
        .then(async (won) => {
          if (won) await this.look();
        })
        .catch((error: unknown) => {
          this.#deps.logger.warn(
            { err: error },
            "the look for changed opportunities failed; trying again next interval",
          );
        }),
    );
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#looking?.stop();
  }
}
