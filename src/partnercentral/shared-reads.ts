import { LRUCache } from "lru-cache";

export interface SharedReadsOptions {
  /** How long an answer is reused. */
  ttlMs: number;
  /** The most answers kept; the least recently used go first. */
  max: number;
  /** The app's clock, so that tests move time by hand; the cache's own by default. */
  clock?: () => Date;
}

/**
 * Answers of Partner Central reads kept for a short while, so a list, its next page and a details view
 * opened from it share them, and one call serves everyone who asks for the same thing at once: reads are
 * limited to 10 a second per partner account across everything that calls it.
 */
export class SharedReads {
  readonly #cache: LRUCache<string, { value: unknown }, () => Promise<unknown>>;

  constructor(options: SharedReadsOptions) {
    const { clock } = options;
    this.#cache = new LRUCache({
      max: options.max,
      ttl: options.ttlMs,
      ...(clock ? { perf: { now: () => clock().getTime() }, ttlResolution: 0 } : {}),
      // A failed read is not kept: the next asker tries again.
      fetchMethod: async (_key, _stale, { context }) => ({ value: await context() }),
    });
  }

  /**
   * The answer for `key`: kept, being read, or read now with `load`. `fresh` skips a kept answer but still
   * joins a read under way, which is at least as fresh.
   */
  async read<T>(key: string, load: () => Promise<T>, options: { fresh?: boolean } = {}): Promise<T> {
    const entry = await this.#cache.fetch(key, {
      context: load,
      ...(options.fresh ? { forceRefresh: true } : {}),
    });
    return (entry as { value: T }).value;
  }

  /** Forgets every answer whose key starts with `prefix`, e.g. after a change made through the app. */
  forget(prefix: string): void {
    for (const key of [...this.#cache.keys()]) if (key.startsWith(prefix)) this.#cache.delete(key);
  }
}
