import { LRUCache } from "lru-cache";

export interface BoundedCacheOptions<K extends {}, V extends {}, FC> {
  /** The most entries kept; past it, the least recently used go first. */
  max: number;
  /** How long an entry is kept after it was set. */
  ttlMs: number;
  /** The app's clock, so that tests move time by hand. */
  clock: () => Date;
  /** Fills a missing entry on `fetch`; concurrent fetches of one key share it, and a failure is not kept. */
  fetchMethod?: LRUCache.Fetcher<K, V, FC>;
}

/**
 * What every in-process cache of the app is: bounded in size and in age, so a replica left running for
 * months holds no more than it did after an hour. Entries past their age are never returned, and make room
 * as they are met or pushed out.
 */
export function boundedCache<K extends {}, V extends {}, FC = unknown>(
  options: BoundedCacheOptions<K, V, FC>,
): LRUCache<K, V, FC> {
  return new LRUCache<K, V, FC>({
    max: options.max,
    // lru-cache keeps an entry while its age is at most `ttl`; an entry here is gone at `ttlMs`.
    ttl: Math.max(1, options.ttlMs - 1),
    // Read the clock on every look, never a reading cached for a while.
    ttlResolution: 0,
    perf: { now: () => options.clock().getTime() },
    ...(options.fetchMethod ? { fetchMethod: options.fetchMethod } : {}),
  });
}
