import type { Store, StoreLogger } from "./types.ts";

const HOUR_MS = 3_600_000;

export interface RetentionDeps {
  store: Pick<Store, "purge">;
  clock: () => Date;
  logger: StoreLogger;
}

/**
 * Purges the store on start and then every hour, so that every table stays within its retention rule.
 * Whoever composes the app starts it after opening the store and stops it before closing the store.
 */
export class RetentionJob {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  private readonly deps: RetentionDeps;

  constructor(deps: RetentionDeps) {
    this.deps = deps;
  }

  start(): void {
    this.#timer = setInterval(() => this.#tick(), HOUR_MS);
    // Never the reason the process stays up.
    this.#timer.unref();
    this.#tick();
  }

  /** Stops the timer and waits for a purge in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  #tick(): void {
    // A purge slower than the interval is not run twice at once.
    if (this.#running) return;
    const { store, clock, logger } = this.deps;
    this.#running = store
      .purge(clock())
      .then((purged) => {
        if (Object.values(purged).some((count) => count > 0)) {
          logger.info({ purged }, "Purged stored records past their retention");
        }
      })
      .catch((error: unknown) => {
        logger.warn({ err: error }, "Purging stored records failed; trying again next hour");
      })
      .finally(() => {
        this.#running = undefined;
      });
  }
}
