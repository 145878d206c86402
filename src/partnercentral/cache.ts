import type { LRUCache } from "lru-cache";
import { boundedCache } from "../bounded-cache.ts";

/** Nothing Partner Central says is kept longer than a day. */
const MAX_TTL_MS = 24 * 3_600_000;

/**
 * What Partner Central said about something that rarely changes (a partner's name, what an engagement
 * invitation is about), kept for a while so every screen shows the same without asking AWS again. Bounded
 * both ways: an entry is forgotten once older than its time to live, and the least recently used ones go
 * once there are more than `maxEntries`. Concurrent look-ups of the same keys share one request.
 */
export class LookupCache<V> {
  /** Each entry wraps its value, so that "AWS had nothing" (`undefined`) is kept as well. */
  readonly #entries: LRUCache<string, { value: V | undefined }>;
  readonly #loading = new Map<string, Promise<V | undefined>>();

  constructor(options: { maxEntries: number; clock?: () => Date }) {
    this.#entries = boundedCache({
      max: options.maxEntries,
      // Every entry is set with its own time to live; this is only the longest any may have.
      ttlMs: MAX_TTL_MS,
      clock: options.clock ?? (() => new Date()),
    });
  }

  get size(): number {
    return this.#entries.size;
  }

  /** What is kept for the key (a value, or `undefined` for "AWS had nothing"); undefined when nothing is kept. */
  peek(key: string): { value: V | undefined } | undefined {
    return this.#entries.get(key);
  }

  /** Keeps a value (or that there is none) for `ttlMs`. */
  set(key: string, value: V | undefined, ttlMs: number): void {
    this.#entries.set(key, { value }, { ttl: Math.max(1, Math.min(ttlMs, MAX_TTL_MS) - 1) });
  }

  /**
   * The values for `keys`: kept ones at once, the others from one call of `load` (with only the keys not
   * kept and not already being loaded), which keeps what it finds with `set`. Keys a load in progress covers
   * wait for it instead of asking again.
   */
  async getAll(keys: string[], load: (missing: string[]) => Promise<void>): Promise<Map<string, V>> {
    const found = new Map<string, V>();
    const waiting: Array<Promise<void>> = [];
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      const kept = this.peek(key);
      if (kept) {
        if (kept.value !== undefined) found.set(key, kept.value);
        continue;
      }
      const running = this.#loading.get(key);
      if (running) {
        waiting.push(
          running.then((value) => {
            if (value !== undefined) found.set(key, value);
          }),
        );
      } else missing.push(key);
    }
    if (missing.length > 0) {
      const loaded = load(missing).then(() => undefined);
      for (const key of missing) {
        const forKey = loaded
          .then(() => this.peek(key)?.value)
          .finally(() => {
            if (this.#loading.get(key) === forKey) this.#loading.delete(key);
          });
        this.#loading.set(key, forKey);
        waiting.push(
          forKey.then((value) => {
            if (value !== undefined) found.set(key, value);
          }),
        );
      }
    }
    await Promise.all(waiting);
    return found;
  }
}

/** Runs `task` on every item, at most `limit` at a time, keeping the order of the results. */
export async function mapLimited<T, R>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface SharedReadsOptions {
  /** How long an answer is reused. */
  ttlMs: number;
  /** The most answers kept; the least recently used go first. */
  max: number;
  clock: () => Date;
}

/**
 * Answers of Partner Central reads kept for a short while, so a list, its next page and a details view
 * opened from it share them, and one call serves everyone who asks for the same thing at once: reads are
 * limited to 10 a second per partner account across everything that calls it.
 */
export class SharedReads {
  readonly #cache: LRUCache<string, { value: unknown }, () => Promise<unknown>>;

  constructor(options: SharedReadsOptions) {
    this.#cache = boundedCache<string, { value: unknown }, () => Promise<unknown>>({
      max: options.max,
      ttlMs: options.ttlMs,
      clock: options.clock,
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
