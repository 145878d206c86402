import cron, { type Logger as CronLogger, type RunCoordinator, type ScheduledTask } from "node-cron";
import { InFlight } from "../lifecycle.ts";
import type { AppLogger } from "../logger.ts";
import type { DigestSubscription, Store } from "../store/index.ts";
import {
  claimDigest,
  type DigestDeps,
  type DigestOccurrence,
  type DigestPoster,
  deliverDigest,
  runDigest,
} from "./run.ts";
import { CronSchedule, catchUpOccurrence } from "./schedule.ts";
import { CONFIG_CREATOR, effectiveSubscriptions } from "./subscriptions.ts";

/** How long stop() waits for digests being posted. */
const STOP_GRACE_MS = 10_000;

export type SchedulerDeps = Omit<DigestDeps, "poster" | "store"> & {
  store: DigestDeps["store"] & Pick<Store, "subscriptions">;
  /** The subscription from DIGEST_CHANNEL, in force where the channel has none of its own. */
  defaultSubscription?: DigestSubscription;
  /** How often subscriptions are read again, so changes made on other replicas apply too. */
  refreshMs: number;
};

interface Entry {
  /** The latest version; window, catalog and quiet changes apply without a new task. */
  subscription: DigestSubscription;
  /** Cron and time zone the task was made for. */
  timing: string;
  task: ScheduledTask;
}

const timingOf = (s: DigestSubscription) => `${s.timezone} ${s.cron}`;

function cronLogger(logger: AppLogger): CronLogger {
  const text = (message: string | Error) => (message instanceof Error ? message.message : message);
  return {
    info: (message) => logger.debug(message),
    warn: (message) => logger.warn(message),
    error: (message, error) => logger.error({ err: error ?? message }, text(message)),
    debug: (message) => logger.debug(text(message)),
  };
}

/**
 * Runs every digest subscription on its node-cron schedule, in its time zone. Each task's run
 * coordinator claims the occurrence in the store, so of several replicas sharing one database exactly
 * one posts it. Whenever subscriptions are read (at start and every `refreshMs`), an occurrence of today
 * that was missed is caught up; the claim makes that a no-op where it was posted.
 */
export class DigestScheduler {
  readonly #deps: SchedulerDeps;
  readonly #log: AppLogger;
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new InFlight();
  /** Claimed occurrences whose delivery node-cron is about to start, by `channel scheduledFor`. */
  readonly #claimed = new Map<string, () => void>();
  #poster: DigestPoster | undefined;
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ component: "digest-scheduler" });
  }

  /** Schedules every subscription and catches up; digests are posted through `poster`. */
  async start(poster: DigestPoster): Promise<void> {
    this.#poster = poster;
    await this.#queue(() => this.#sync());
    this.#timer = setInterval(() => void this.refresh(), this.#deps.refreshMs);
    this.#timer.unref();
  }

  /** Reads the subscriptions again and follows them. Never rejects: a failure is logged, the next try soon. */
  refresh(): Promise<void> {
    return this.#queue(() => this.#sync()).catch((error: unknown) =>
      this.#log.error({ err: error }, "could not read digest subscriptions"),
    );
  }

  /** Runs one sync after another, never two at once. */
  #queue(sync: () => Promise<void>): Promise<void> {
    const run = this.#refreshing.then(sync);
    this.#refreshing = run.catch(() => undefined);
    return run;
  }

  /** Stops scheduling, then waits (a while) for digests being posted. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#refreshing;
    for (const entry of this.#entries.values()) await entry.task.destroy();
    this.#entries.clear();
    if (!(await this.#inFlight.drain(STOP_GRACE_MS))) {
      this.#log.warn({ unfinished: this.#inFlight.size }, "stopped with digests still running");
    }
  }

  async #sync(): Promise<void> {
    if (this.#stopped) return;
    const subscriptions = effectiveSubscriptions(
      await this.#deps.store.subscriptions.list(),
      this.#deps.defaultSubscription,
    );
    if (this.#stopped) return;
    const wanted = new Map(subscriptions.map((s) => [s.channelId, s]));
    for (const [channelId, entry] of this.#entries) {
      const subscription = wanted.get(channelId);
      if (subscription && timingOf(subscription) === entry.timing) continue;
      await entry.task.destroy();
      this.#entries.delete(channelId);
    }
    for (const subscription of subscriptions) {
      try {
        const entry = this.#entries.get(subscription.channelId);
        if (entry) entry.subscription = subscription;
        else this.#entries.set(subscription.channelId, this.#schedule(subscription));
        this.#catchUp(subscription);
      } catch (error) {
        this.#log.error(
          { channelId: subscription.channelId, cron: subscription.cron, err: error },
          "cannot schedule this digest subscription",
        );
      }
    }
  }

  #schedule(subscription: DigestSubscription): Entry {
    const name = `digest:${subscription.channelId}`;
    const coordinator: RunCoordinator = {
      // node-cron's key is `${name}:${slot ISO time}`.
      shouldRun: (key) => this.#claim(entry.subscription, new Date(key.slice(name.length + 1))),
    };
    const task = cron.createTask(subscription.cron, (context) => this.#deliver(entry, context.date), {
      name,
      timezone: subscription.timezone,
      distributed: true,
      runCoordinator: coordinator,
      logger: cronLogger(this.#log),
    });
    const entry: Entry = { subscription, timing: timingOf(subscription), task };
    task.start();
    return entry;
  }

  async #claim(subscription: DigestSubscription, scheduledFor: Date): Promise<boolean> {
    const won = await this.#inFlight.track(claimDigest(this.#digestDeps(), { subscription, scheduledFor }));
    // Tracked from here, so that stop() also waits for a delivery node-cron has not started yet.
    if (won) {
      this.#inFlight.track(
        new Promise<void>((resolve) => this.#claimed.set(claimKey(subscription, scheduledFor), resolve)),
      );
    }
    return won;
  }

  async #deliver(entry: Entry, scheduledFor: Date): Promise<void> {
    const key = claimKey(entry.subscription, scheduledFor);
    try {
      await this.#deliverTracked({ subscription: entry.subscription, scheduledFor }, deliverDigest);
    } finally {
      this.#claimed.get(key)?.();
      this.#claimed.delete(key);
    }
  }

  #catchUp(subscription: DigestSubscription): void {
    const schedule = new CronSchedule(subscription.cron, subscription.timezone);
    const notBefore = subscription.createdBy === CONFIG_CREATOR ? undefined : subscription.createdAt;
    const scheduledFor = catchUpOccurrence(schedule, this.#deps.clock(), notBefore);
    if (scheduledFor) void this.#deliverTracked({ subscription, scheduledFor }, runDigest);
  }

  async #deliverTracked(
    occurrence: DigestOccurrence,
    run: (deps: DigestDeps, occurrence: DigestOccurrence) => Promise<unknown>,
  ): Promise<void> {
    try {
      await this.#inFlight.track(run(this.#digestDeps(), occurrence));
    } catch (error) {
      // A rejected sleep (shutdown) lands here too; the claim stays for a later takeover.
      this.#log.warn(
        { channelId: occurrence.subscription.channelId, err: error },
        "digest abandoned before it was finished",
      );
    }
  }

  #digestDeps(): DigestDeps {
    if (!this.#poster) throw new Error("The digest scheduler is not started.");
    return { ...this.#deps, poster: this.#poster };
  }
}

const claimKey = (subscription: DigestSubscription, scheduledFor: Date) =>
  `${subscription.channelId} ${scheduledFor.toISOString()}`;
