import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type PurgeCounts, RetentionJob } from "../../src/store/index.ts";
import { captureLogger, NOTHING_PURGED, testClock } from "./helpers.ts";

const HOUR_MS = 3_600_000;

describe("RetentionJob", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const setUp = (purge: (now: Date) => Promise<PurgeCounts>) => {
    const clock = testClock();
    const log = captureLogger();
    const store = { purge: vi.fn(purge) };
    const job = new RetentionJob({ store, clock: clock.now, logger: log.logger });
    return { clock, log, store, job };
  };

  it("purges at start and every hour with the clock's time, until stopped", async () => {
    const { clock, store, job } = setUp(async () => NOTHING_PURGED);
    job.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.purge).toHaveBeenCalledTimes(1);
    expect(store.purge).toHaveBeenLastCalledWith(clock.now());

    clock.advance(HOUR_MS);
    await vi.advanceTimersByTimeAsync(HOUR_MS - 1);
    expect(store.purge).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.purge).toHaveBeenCalledTimes(2);
    expect(store.purge).toHaveBeenLastCalledWith(clock.now());

    await job.stop();
    await vi.advanceTimersByTimeAsync(10 * HOUR_MS);
    expect(store.purge).toHaveBeenCalledTimes(2);
  });

  it("logs what it purged, and nothing when nothing was due", async () => {
    let next = NOTHING_PURGED;
    const { log, job } = setUp(async () => next);
    job.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(log.entries).toEqual([]);

    next = { ...NOTHING_PURGED, rememberedMessages: 3, decisions: 1 };
    await vi.advanceTimersByTimeAsync(HOUR_MS);
    expect(log.entries).toEqual([
      { level: "info", args: [{ purged: next }, "Purged stored records past their retention"] },
    ]);
    await job.stop();
  });

  it("logs a failed purge as a warning and tries again the next hour", async () => {
    const purge = vi
      .fn<(now: Date) => Promise<PurgeCounts>>()
      .mockRejectedValueOnce(new Error("The store is closed."))
      .mockResolvedValue(NOTHING_PURGED);
    const { log, store, job } = setUp(purge);
    job.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(log.lines("warn")).toEqual(["Purging stored records failed; trying again next hour"]);
    await vi.advanceTimersByTimeAsync(HOUR_MS);
    expect(store.purge).toHaveBeenCalledTimes(2);
    await job.stop();
  });

  it("never runs two purges at once, and stop waits for the one in progress", async () => {
    let finish = () => {};
    const { store, job } = setUp(
      () =>
        new Promise<PurgeCounts>((resolve) => {
          finish = () => resolve(NOTHING_PURGED);
        }),
    );
    job.start();
    await vi.advanceTimersByTimeAsync(3 * HOUR_MS);
    expect(store.purge).toHaveBeenCalledTimes(1);

    let stopped = false;
    const stopping = job.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
  });
});
