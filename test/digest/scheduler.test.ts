import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DigestPoster } from "../../src/digest/run.js";
import { DigestScheduler, type SchedulerDeps } from "../../src/digest/scheduler.js";
import { createLogger } from "../../src/logger.js";
import { type DigestSubscription, openStore, type Store } from "../../src/store/index.js";
import { engagement } from "../fixtures/invitations.js";
import { uniqueId } from "../store/helpers.js";

const silent = createLogger({ level: "error", destination: { write: () => undefined } });

/** Records every post; each is tagged with its occurrence. */
function recordingPoster() {
  const posts: { channelId: string; scheduledFor?: Date }[] = [];
  const poster: DigestPoster = {
    async post(channelId, _message, scheduledFor) {
      posts.push({ channelId, ...(scheduledFor ? { scheduledFor } : {}) });
      return { posted: true, ts: `1700000000.${String(posts.length).padStart(6, "0")}` };
    },
    async tellCannotPost() {},
  };
  return { poster, posts };
}

const occurrences = (posts: { channelId: string; scheduledFor?: Date }[], channelId: string) =>
  posts.filter((p) => p.channelId === channelId).map((p) => p.scheduledFor?.toISOString() ?? "");

let store: Store;
const running: DigestScheduler[] = [];

beforeAll(async () => {
  store = await openStore({});
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
afterAll(async () => {
  await store?.close();
});

function channel(): string {
  return uniqueId("C").toUpperCase();
}

function subscription(channelId: string, overrides: Partial<DigestSubscription> = {}): DigestSubscription {
  return {
    channelId,
    cron: "* * * * * *",
    timezone: "UTC",
    windowDays: 5,
    catalog: "AWS",
    quiet: false,
    createdBy: "U0SUBSCRIBER",
    createdAt: new Date(),
    ...overrides,
  };
}

function scheduler(overrides: Partial<SchedulerDeps> = {}): DigestScheduler {
  const invitations = [engagement({ expiresAt: new Date(Date.now() + 3_600_000) })];
  const created = new DigestScheduler({
    partnerCentral: {
      engagements: {
        listPendingReceivedExpiringBefore: async () => invitations,
        countPendingReceived: async () => invitations.length,
      },
      connections: { listAllInvitations: async () => [] },
    },
    store,
    clock: () => new Date(),
    logger: silent,
    instanceId: uniqueId("instance-"),
    retry: { limitMs: 1_000, firstDelayMs: 100, maxDelayMs: 100 },
    refreshMs: 60_000,
    ...overrides,
  });
  running.push(created);
  return created;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("DigestScheduler", () => {
  it("posts a per-second subscription once per occurrence, and nothing after stop", async () => {
    const channelId = channel();
    const { poster, posts } = recordingPoster();
    const digests = scheduler({ defaultSubscription: subscription(channelId, { createdBy: "config" }) });
    await digests.start(poster);
    await sleep(2_600);
    await digests.stop();
    const seen = occurrences(posts, channelId);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(seen.length);
    for (const at of seen) expect(at).toMatch(/\.000Z$/);
    await sleep(1_200);
    expect(occurrences(posts, channelId)).toEqual(seen);
  });

  it("has two replicas on one store post each occurrence once between them", async () => {
    const channelId = channel();
    const { poster, posts } = recordingPoster();
    const fallback = subscription(channelId, { createdBy: "config" });
    const replicas = [
      scheduler({ defaultSubscription: fallback }),
      scheduler({ defaultSubscription: fallback }),
    ];
    await Promise.all(replicas.map((r) => r.start(poster)));
    await sleep(3_100);
    await Promise.all(replicas.map((r) => r.stop()));
    const seen = occurrences(posts, channelId);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("follows subscriptions made and removed while running, once it reads them again", async () => {
    const channelId = channel();
    const { poster, posts } = recordingPoster();
    const digests = scheduler();
    await digests.start(poster);
    await sleep(1_100);
    expect(occurrences(posts, channelId)).toEqual([]);

    await store.upsertSubscription(subscription(channelId));
    await digests.refresh();
    await sleep(1_600);
    expect(occurrences(posts, channelId).length).toBeGreaterThanOrEqual(1);

    await store.deleteSubscription(channelId);
    await digests.refresh();
    await sleep(300);
    const before = occurrences(posts, channelId).length;
    await sleep(1_200);
    expect(occurrences(posts, channelId)).toHaveLength(before);
  });

  it("catches up today's missed occurrence once on start-up, and a restart posts nothing more", async () => {
    const channelId = channel();
    const { poster, posts } = recordingPoster();
    // 29 February: the real clock will not reach the next one while this runs.
    let now = new Date("2028-02-29T08:00:00Z");
    const clock = () => now;
    const fallback = subscription(channelId, { cron: "0 9 29 2 *", createdBy: "config" });

    const first = scheduler({ clock, defaultSubscription: fallback });
    await first.start(poster);
    await first.stop();
    expect(occurrences(posts, channelId)).toEqual([]);

    // Down over 09:00, back at 10:00.
    now = new Date("2028-02-29T10:00:00Z");
    const second = scheduler({ clock, defaultSubscription: fallback });
    await second.start(poster);
    await second.stop();
    expect(occurrences(posts, channelId)).toEqual(["2028-02-29T09:00:00.000Z"]);

    const third = scheduler({ clock, defaultSubscription: fallback });
    await third.start(poster);
    await third.refresh();
    await third.stop();
    expect(occurrences(posts, channelId)).toEqual(["2028-02-29T09:00:00.000Z"]);
  });

  it("does not catch up an occurrence from before the subscription was made", async () => {
    const channelId = channel();
    const { poster, posts } = recordingPoster();
    const now = new Date("2028-02-29T10:00:00Z");
    await store.upsertSubscription(
      subscription(channelId, { cron: "0 9 29 2 *", createdAt: new Date("2028-02-29T09:30:00Z") }),
    );
    const digests = scheduler({ clock: () => now });
    await digests.start(poster);
    await digests.stop();
    await store.deleteSubscription(channelId);
    expect(occurrences(posts, channelId)).toEqual([]);
  });
});
