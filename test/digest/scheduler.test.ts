import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DigestPoster } from "../../src/digest/run.ts";
import { DigestScheduler, type SchedulerDeps } from "../../src/digest/scheduler.ts";
import { createLogger } from "../../src/logger.ts";
import type { DigestSubscription, Store } from "../../src/store/index.ts";
import { engagement } from "../fixtures/invitations.ts";
import { memoryStore } from "../helpers/memory-store.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CHANNEL = "C0TEAM00001";
const silent = createLogger({ level: "error", destination: { write: () => undefined } });

/** Records every post; each is tagged with its occurrence. */
function recordingPoster() {
  const posts: { channelId: string; scheduledFor: Date }[] = [];
  const poster: DigestPoster = {
    async post(channelId, _digest, scheduledFor) {
      posts.push({ channelId, scheduledFor });
      return { posted: true, ts: `1700000000.${String(posts.length).padStart(6, "0")}` };
    },
    async tellCannotPost() {},
  };
  const occurrences = (channelId = CHANNEL) =>
    posts.filter((p) => p.channelId === channelId).map((p) => p.scheduledFor.toISOString());
  return { poster, occurrences };
}

function subscription(overrides: Partial<DigestSubscription> = {}): DigestSubscription {
  return {
    channelId: CHANNEL,
    cron: "0 9 * * *",
    timezone: "UTC",
    windowDays: 5,
    catalog: "AWS",
    quiet: false,
    createdBy: "U0SUBSCRIBER",
    createdAt: new Date(),
    ...overrides,
  };
}

/** The subscription from DIGEST_CHANNEL, in force since forever. */
const configured = (overrides: Partial<DigestSubscription> = {}) =>
  subscription({ createdBy: "config", createdAt: new Date(0), ...overrides });

let store: Store;
const running: DigestScheduler[] = [];

beforeEach(async () => {
  store = await memoryStore(() => new Date());
  // Timers and the clock are the test's: a day passes in no time, and nothing waits on the wall clock.
  vi.useFakeTimers({ now: new Date("2028-02-28T08:00:00Z") });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  vi.useRealTimers();
  await store.close();
});

function scheduler(overrides: Partial<SchedulerDeps> = {}): DigestScheduler {
  const invitations = [engagement({ expiresAt: new Date(Date.now() + HOUR) })];
  const created = new DigestScheduler({
    partnerCentral: {
      engagements: {
        describe: async (invitations) => invitations,
        async *pagesExpiringBefore() {
          yield invitations;
        },
        countPendingReceived: async () => invitations.length,
      },
      connections: {
        async *invitationPages() {
          yield { items: [] };
        },
      },
    },
    store,
    clock: () => new Date(),
    logger: silent,
    instanceId: `instance-${running.length}`,
    retry: { limitMs: 1_000, firstDelayMs: 100, maxDelayMs: 100 },
    refreshMs: HOUR,
    ...overrides,
  });
  running.push(created);
  return created;
}

describe("DigestScheduler", () => {
  it("posts each occurrence once at its time in the subscription's zone, and nothing after stop", async () => {
    const { poster, occurrences } = recordingPoster();
    const digests = scheduler({
      defaultSubscription: configured({ cron: "0 10 * * *", timezone: "Europe/Berlin" }),
    });
    await digests.start(poster);
    await vi.advanceTimersByTimeAsync(3 * DAY);
    expect(occurrences()).toEqual([
      "2028-02-28T09:00:00.000Z",
      "2028-02-29T09:00:00.000Z",
      "2028-03-01T09:00:00.000Z",
    ]);
    await digests.stop();
    await vi.advanceTimersByTimeAsync(2 * DAY);
    expect(occurrences()).toHaveLength(3);
  });

  it("has two replicas on one store post each occurrence once between them", async () => {
    const { poster, occurrences } = recordingPoster();
    const replicas = [
      scheduler({ defaultSubscription: configured() }),
      scheduler({ defaultSubscription: configured() }),
    ];
    await Promise.all(replicas.map((r) => r.start(poster)));
    await vi.advanceTimersByTimeAsync(3 * DAY);
    expect(occurrences()).toEqual([
      "2028-02-28T09:00:00.000Z",
      "2028-02-29T09:00:00.000Z",
      "2028-03-01T09:00:00.000Z",
    ]);
  });

  it("follows subscriptions made and removed on any replica, once it reads them again", async () => {
    const { poster, occurrences } = recordingPoster();
    const digests = scheduler();
    await digests.start(poster);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(occurrences()).toEqual([]);

    // Made where this process did not see it: followed at the next read, within the hour.
    await store.subscriptions.save(subscription({ cron: "30 10 * * *" }));
    await vi.advanceTimersByTimeAsync(HOUR);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(occurrences()).toEqual(["2028-02-29T10:30:00.000Z"]);

    // Removed here: followed at once.
    await store.subscriptions.delete(CHANNEL);
    await digests.refresh();
    await vi.advanceTimersByTimeAsync(2 * DAY);
    expect(occurrences()).toEqual(["2028-02-29T10:30:00.000Z"]);
  });

  it("moves a subscription to its new time when the schedule changes", async () => {
    const { poster, occurrences } = recordingPoster();
    await store.subscriptions.save(subscription({ createdAt: new Date(0) }));
    const digests = scheduler();
    await digests.start(poster);
    await vi.advanceTimersByTimeAsync(DAY);
    // Subscribing again at 08:00 for 07:00: today's 07:00 had passed before it was made.
    await store.subscriptions.save(subscription({ cron: "0 7 * * *" }));
    await digests.refresh();
    await vi.advanceTimersByTimeAsync(DAY);
    expect(occurrences()).toEqual(["2028-02-28T09:00:00.000Z", "2028-03-01T07:00:00.000Z"]);
  });

  it("catches up today's missed occurrence once on start-up, and a restart posts nothing more", async () => {
    const { poster, occurrences } = recordingPoster();
    const fallback = configured({ cron: "0 9 29 2 *" });
    vi.setSystemTime(new Date("2028-02-29T08:00:00Z"));
    const first = scheduler({ defaultSubscription: fallback });
    await first.start(poster);
    await first.stop();
    expect(occurrences()).toEqual([]);

    // Down over 09:00, back at 10:00.
    vi.setSystemTime(new Date("2028-02-29T10:00:00Z"));
    const second = scheduler({ defaultSubscription: fallback });
    await second.start(poster);
    await second.stop();
    expect(occurrences()).toEqual(["2028-02-29T09:00:00.000Z"]);

    const third = scheduler({ defaultSubscription: fallback });
    await third.start(poster);
    await third.refresh();
    await third.stop();
    expect(occurrences()).toEqual(["2028-02-29T09:00:00.000Z"]);
  });

  it("does not catch up an occurrence from before the subscription was made", async () => {
    const { poster, occurrences } = recordingPoster();
    vi.setSystemTime(new Date("2028-02-29T10:00:00Z"));
    await store.subscriptions.save(subscription({ createdAt: new Date("2028-02-29T09:30:00Z") }));
    const digests = scheduler();
    await digests.start(poster);
    await digests.stop();
    expect(occurrences()).toEqual([]);
  });
});
