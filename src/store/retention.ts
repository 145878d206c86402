import { every, type Repeating } from "../lifecycle.ts";
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
  #purging: Repeating | undefined;

  private readonly deps: RetentionDeps;

  constructor(deps: RetentionDeps) {
    this.deps = deps;
  }

  start(): void {
    // A purge slower than the interval is not run twice at once.
    this.#purging = every(HOUR_MS, () => this.#purge());
  }

  /** Stops the timer and waits for a purge in progress. */
  async stop(): Promise<void> {
    await this.#purging?.stop();
    this.#purging = undefined;
  }

  async #purge(): Promise<void> {
    const { store, clock, logger } = this.deps;
    try {
      const purged = await store.purge(clock());
      if (Object.values(purged).some((count) => count > 0)) {
        logger.info({ purged }, "Purged stored records past their retention");
      }
    } catch (error) {
      logger.warn({ err: error }, "Purging stored records failed; trying again next hour");
    }
  }
}
