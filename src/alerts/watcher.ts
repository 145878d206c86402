import type { AppLogger } from "../logger.ts";
import type { PartnerCentral } from "../partnercentral/index.ts";
import { type Catalog, type Invitation, invitationKey } from "../partnercentral/model.ts";
import type { Store } from "../store/index.ts";

export interface AlertWatcherDeps {
  partnerCentral: PartnerCentral;
  store: Store;
  catalog: Catalog;
  logger: AppLogger;
  /** The channels alerts go to right now; none means nobody listens, so nothing is fetched. */
  channels: () => Promise<string[]>;
}

/** Announces new invitations in one channel; the Slack side renders and posts them. */
export type AlertPoster = (channelId: string, invitations: Invitation[]) => Promise<void>;

export interface AlertCheck {
  at: Date;
  announced: number;
  error?: string;
}

/**
 * Looks for pending invitations received since the last look and announces each once, across restarts
 * and replicas: an invitation is announced by whichever process first records it in the store. The very
 * first look records what already exists without posting it, so installing the app floods no channel.
 */
export class AlertWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  lastCheck: AlertCheck | undefined;

  private readonly deps: AlertWatcherDeps;
  private readonly clock: () => Date;

  constructor(deps: AlertWatcherDeps, clock: () => Date) {
    this.deps = deps;
    this.clock = clock;
  }

  /** One look, announcing through `post`; returns what was announced. */
  async check(post: AlertPoster): Promise<Invitation[]> {
    const { partnerCentral, store, catalog } = this.deps;
    const channels = await this.deps.channels();
    if (channels.length === 0) return [];
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
    if (await store.claimOnce(`alerts-baseline:${catalog}`)) {
      const recorded = await store.announced.mark(candidates.map(invitationKey));
      this.deps.logger.info(
        { recorded: recorded.length },
        "new-invitation alerts: recorded what already exists",
      );
      return [];
    }
    return this.announce(channels, candidates, post);
  }

  /** The channels alerts go to right now. */
  channels(): Promise<string[]> {
    return this.deps.channels();
  }

  /**
   * Posts, in each of `channels`, the invitations not announced before, however they were found (a look,
   * or Partner Central's event); returns those. A channel that refuses the post is logged and skipped.
   */
  async announce(channels: string[], invitations: Invitation[], post: AlertPoster): Promise<Invitation[]> {
    const fresh = new Set(await this.deps.store.announced.mark(invitations.map(invitationKey)));
    const announced = invitations.filter((i) => fresh.has(invitationKey(i)));
    if (announced.length === 0) return [];
    for (const channelId of channels) {
      try {
        await post(channelId, announced);
      } catch (error) {
        this.deps.logger.warn({ channelId, error: String(error) }, "could not post new-invitation alert");
      }
    }
    return announced;
  }

  /** Looks every `intervalMs`, the first time at once, announcing through `post`. */
  start(intervalMs: number, post: AlertPoster): void {
    const tick = () => {
      if (this.running) return;
      this.running = this.check(post)
        .then((announced) => {
          this.lastCheck = { at: this.clock(), announced: announced.length };
        })
        .catch((error: unknown) => {
          this.lastCheck = { at: this.clock(), announced: 0, error: String(error) };
          this.deps.logger.warn(
            { error: String(error) },
            "new-invitation check failed; trying again next interval",
          );
        })
        .finally(() => {
          this.running = undefined;
        });
    };
    this.timer = setInterval(tick, intervalMs);
    tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
