import { describe, expect, it } from "vitest";
import { boundedCache } from "../src/bounded-cache.ts";
import { testClock } from "./store/helpers.ts";

describe("boundedCache", () => {
  it("keeps an entry for its age by the app's clock, then never returns it", () => {
    const clock = testClock();
    const cache = boundedCache<string, number>({ max: 10, ttlMs: 1000, clock: clock.now });
    cache.set("a", 1);
    clock.advance(999);
    expect(cache.get("a")).toBe(1);
    clock.advance(1);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.has("a")).toBe(false);
  });

  it("holds at most `max` entries, letting the least recently used go first", () => {
    const clock = testClock();
    const cache = boundedCache<string, number>({ max: 3, ttlMs: 60_000, clock: clock.now });
    for (const [i, key] of ["a", "b", "c"].entries()) cache.set(key, i);
    cache.get("a");
    cache.set("d", 3);
    expect([...cache.keys()].sort()).toEqual(["a", "c", "d"]);
    expect(cache.size).toBe(3);
  });
});
