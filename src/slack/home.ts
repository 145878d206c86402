import type { WebClient } from "@slack/web-api";
import type { AppLogger } from "../logger.js";
import { PartnerCentralError } from "../partnercentral/errors.js";
import type { PartnerCentral } from "../partnercentral/index.js";
import { type Catalog, type Invitation, invitationKey } from "../partnercentral/model.js";
import type { Store } from "../store/index.js";
import type { Approvers } from "./approvers.js";
import { type HomeSubscription, renderHome } from "./blocks/home.js";
import { applyOutcomes, invitationKeysIn } from "./blocks/outcome.js";

/** Cached pending invitations are shown at once and looked up again when older than this. */
const FRESH_MS = 60_000;

export interface HomeTabDeps {
  partnerCentral: PartnerCentral;
  store: Store;
  approvers: Approvers;
  catalog: Catalog;
  clock: () => Date;
  logger: AppLogger;
  subscriptions: () => Promise<HomeSubscription[]>;
}

/**
 * Each user's App Home: published at once from what this instance last saw, then again once Partner
 * Central has answered, so opening it never waits on AWS.
 */
export class HomeTab {
  /** `decided`: invitations that were pending at the look before and were decided from Slack since. */
  private cache?: { at: Date; pending: Invitation[]; decided: Invitation[] };
  private problem?: string;
  private refreshing?: Promise<void>;

  constructor(private readonly deps: HomeTabDeps) {}

  async open(client: WebClient, userId: string): Promise<void> {
    await this.publish(client, userId);
    const age = this.cache ? this.deps.clock().getTime() - this.cache.at.getTime() : Number.POSITIVE_INFINITY;
    if (age < FRESH_MS) return;
    await this.refresh();
    await this.publish(client, userId);
  }

  /** After a decision made from Home: show its outcome now, then the refreshed list, the decided one marked. */
  async afterDecision(client: WebClient, userId: string): Promise<void> {
    await this.publish(client, userId);
    await this.refresh();
    await this.publish(client, userId);
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    const { partnerCentral, catalog } = this.deps;
    try {
      const [engagements, connections] = await Promise.all([
        partnerCentral.engagements.listPendingReceived(catalog),
        partnerCentral.connections.listAllInvitations({ catalog, status: "PENDING", role: "RECEIVER" }),
      ]);
      const pending = [...engagements, ...connections];
      this.cache = { at: this.deps.clock(), pending, decided: await this.decidedSince(pending) };
      this.problem = undefined;
    } catch (error) {
      if (!(error instanceof PartnerCentralError)) throw error;
      this.problem = error.userMessage;
      this.deps.logger.warn({ code: error.code }, "App Home could not look up invitations");
    }
  }

  /**
   * What left the list since the last look because someone decided it from Slack: it stays, marked with
   * the outcome (and the opportunity it created), until the next look.
   */
  private async decidedSince(pending: Invitation[]): Promise<Invitation[]> {
    const still = new Set(pending.map(invitationKey));
    const gone = (this.cache?.pending ?? []).filter((i) => !still.has(invitationKey(i)));
    const records = await Promise.all(gone.map((i) => this.deps.store.getAction(invitationKey(i))));
    return gone.filter((_, n) => records[n]?.status === "succeeded" || records[n]?.status === "conflict");
  }

  /** Renders from what this instance has, with every recorded decision shown in place. */
  async publish(client: WebClient, userId: string): Promise<void> {
    const { store, approvers } = this.deps;
    const view = renderHome({
      userId,
      catalog: this.deps.catalog,
      ...(this.cache
        ? { pending: this.cache.pending, decided: this.cache.decided, refreshedAt: this.cache.at }
        : {}),
      ...(this.problem ? { problem: this.problem } : {}),
      subscriptions: await this.deps.subscriptions(),
      mayApprove: await approvers.canAct(userId, client),
      approversText: approvers.describe("accept, reject or cancel"),
      now: this.deps.clock(),
    });
    const records = await Promise.all(invitationKeysIn(view.blocks).map((key) => store.getAction(key)));
    const byKey = new Map(records.flatMap((r) => (r ? [[r.key, r] as const] : [])));
    await client.views.publish({
      user_id: userId,
      view: { ...view, blocks: applyOutcomes(view.blocks, byKey) },
    });
  }
}
