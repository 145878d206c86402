import type { Catalog } from "../partnercentral/model.ts";
import type { DigestSubscription, OccurrenceRecord, Store } from "../store/index.ts";
import { type DigestDeps, type DigestOutcome, type DigestPoster, runDigest } from "./run.ts";
import { CronSchedule } from "./schedule.ts";

/** `createdBy` of the default subscription, which comes from the configuration rather than from Slack. */
export const CONFIG_CREATOR = "config";

/** DIGEST_CHANNEL, DIGEST_CRON, DIGEST_TIMEZONE, DIGEST_WINDOW_DAYS and the catalog. */
export interface DigestDefaults {
  channel?: string;
  cron: string;
  timezone: string;
  windowDays: number;
  catalog: Catalog;
}

/** A digest in force in a channel, and when it next runs. */
export interface Scheduled {
  subscription: DigestSubscription;
  next?: Date;
  fromConfig: boolean;
}

/**
 * The default subscription from the configuration. It has existed "forever", so a missed occurrence of
 * today is caught up even on the first start.
 */
export function defaultSubscription(defaults: DigestDefaults): DigestSubscription | undefined {
  if (!defaults.channel) return undefined;
  return {
    channelId: defaults.channel,
    cron: defaults.cron,
    timezone: defaults.timezone,
    windowDays: defaults.windowDays,
    catalog: defaults.catalog,
    quiet: false,
    createdBy: CONFIG_CREATOR,
    createdAt: new Date(0),
  };
}

/** The digests in force: each channel's own subscription, and the default where the channel has none. */
export function effectiveSubscriptions(
  stored: DigestSubscription[],
  fallback: DigestSubscription | undefined,
): DigestSubscription[] {
  if (!fallback || stored.some((s) => s.channelId === fallback.channelId)) return stored;
  return [...stored, fallback];
}

export function nextOccurrence(subscription: DigestSubscription, after: Date): Date | undefined {
  return new CronSchedule(subscription.cron, subscription.timezone).next(after);
}

export interface SubscribeRequest {
  channelId: string;
  userId: string;
  /** The configured DIGEST_CRON / DIGEST_TIMEZONE when absent. */
  cron?: string;
  timezone?: string;
  windowDays: number;
  catalog: Catalog;
  quiet: boolean;
}

export type DigestServiceDeps = Omit<DigestDeps, "poster" | "store"> & {
  store: Store;
  defaults: DigestDefaults;
  /** Told after a subscription changed, so that this process's schedule follows at once. */
  onChange?: () => void;
};

/** What `/partnercentral digest …` does; answers are rendered by the caller. */
export class DigestService {
  private readonly deps: DigestServiceDeps;

  constructor(deps: DigestServiceDeps) {
    this.deps = deps;
  }

  async subscribe(request: SubscribeRequest): Promise<{ scheduled: Scheduled; replaced: boolean }> {
    const { store, defaults } = this.deps;
    const now = this.deps.clock();
    const subscription: DigestSubscription = {
      channelId: request.channelId,
      cron: request.cron ?? defaults.cron,
      timezone: request.timezone ?? defaults.timezone,
      windowDays: request.windowDays,
      catalog: request.catalog,
      quiet: request.quiet,
      createdBy: request.userId,
      createdAt: now,
    };
    const replaced = await store.subscriptions.save(subscription);
    this.deps.onChange?.();
    return {
      scheduled: { subscription, next: nextOccurrence(subscription, now), fromConfig: false },
      replaced,
    };
  }

  async unsubscribe(channelId: string): Promise<{ removed: boolean; fallback?: Scheduled }> {
    const removed = await this.deps.store.subscriptions.delete(channelId);
    if (removed) this.deps.onChange?.();
    const fallback = this.#fallback(channelId);
    return { removed, ...(fallback ? { fallback } : {}) };
  }

  /** Every digest in force, with when it next runs. */
  async list(): Promise<Scheduled[]> {
    const now = this.deps.clock();
    const stored = await this.deps.store.subscriptions.list();
    return effectiveSubscriptions(stored, defaultSubscription(this.deps.defaults)).map((subscription) => ({
      subscription,
      next: nextOccurrence(subscription, now),
      fromConfig: subscription.createdBy === CONFIG_CREATOR,
    }));
  }

  async status(channelId: string): Promise<{ scheduled?: Scheduled; last?: OccurrenceRecord }> {
    const own = await this.deps.store.subscriptions.get(channelId);
    const scheduled = own
      ? { subscription: own, next: nextOccurrence(own, this.deps.clock()), fromConfig: false }
      : this.#fallback(channelId);
    const last = await this.deps.store.occurrences.last(channelId);
    return { ...(scheduled ? { scheduled } : {}), ...(last ? { last } : {}) };
  }

  /**
   * Posts the channel's digest at once, as its subscription would (the defaults without one), and never
   * quietly: someone asked for it.
   */
  async postNow(channelId: string, userId: string, poster: DigestPoster): Promise<DigestOutcome> {
    const now = this.deps.clock();
    const { defaults } = this.deps;
    const subscription = (await this.deps.store.subscriptions.get(channelId)) ??
      this.#fallback(channelId)?.subscription ?? {
        channelId,
        cron: defaults.cron,
        timezone: defaults.timezone,
        windowDays: defaults.windowDays,
        catalog: defaults.catalog,
        quiet: false,
        createdBy: userId,
        createdAt: now,
      };
    return runDigest(
      { ...this.deps, poster },
      { subscription: { ...subscription, quiet: false }, scheduledFor: now, requestedBy: userId },
    );
  }

  #fallback(channelId: string): Scheduled | undefined {
    const subscription = defaultSubscription(this.deps.defaults);
    if (subscription?.channelId !== channelId) return undefined;
    return { subscription, next: nextOccurrence(subscription, this.deps.clock()), fromConfig: true };
  }
}
