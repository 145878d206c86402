import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExpiringSource } from "../../src/digest/fetch.ts";
import {
  type DigestContent,
  type DigestDeps,
  type DigestPoster,
  type PostResult,
  type RetryPolicy,
  runDigest,
} from "../../src/digest/run.ts";
import { createLogger } from "../../src/logger.ts";
import { PartnerCentralError } from "../../src/partnercentral/errors.ts";
import type { Invitation } from "../../src/partnercentral/model.ts";
import { renderDigest } from "../../src/slack/blocks/digest.ts";
import { renderCannotPost } from "../../src/slack/blocks/subscription.ts";
import type { SlackMessage } from "../../src/slack/blocks/types.ts";
import { type DigestSubscription, openStore, type Store } from "../../src/store/index.ts";
import { connectionInvitation, engagement, NOW } from "../fixtures/invitations.ts";
import { testClock, uniqueId } from "../store/helpers.ts";

const MINUTE = 60_000;
const RETRY: RetryPolicy = { limitMs: 15 * MINUTE, firstDelayMs: 5_000, maxDelayMs: 60_000 };
const silent = createLogger({ level: "error", destination: { write: () => undefined } });

/** Partner Central as the digest sees it: these invitations, after failing with these errors in turn. */
function fakeSource(invitations: Invitation[], failures: (() => Error)[] = []) {
  let calls = 0;
  const next = async <T>(value: T): Promise<T> => {
    calls++;
    const failure = failures.shift();
    if (failure) throw failure();
    return value;
  };
  const source: ExpiringSource = {
    engagements: {
      describe: async (invitations) => invitations,
      async *pagesExpiringBefore() {
        yield await next(invitations.filter((i) => i.kind === "engagement"));
      },
      countPendingReceived: () => next(invitations.filter((i) => i.kind === "engagement").length),
    },
    connections: {
      async *invitationPages() {
        yield { items: invitations.filter((i) => i.kind === "connection") };
      },
    },
  };
  return { source, calls: () => calls };
}

/**
 * Slack as the digest sees it: records each digest and the message it renders to; `results` answers the
 * posts in turn.
 */
function fakePoster(results: PostResult[] = []) {
  const posts: { channelId: string; digest: DigestContent; message: SlackMessage; scheduledFor: Date }[] = [];
  const dms: { userId: string; message: SlackMessage }[] = [];
  const poster: DigestPoster = {
    async post(channelId, digest, scheduledFor) {
      posts.push({ channelId, digest, message: renderDigest(digest), scheduledFor });
      return results.shift() ?? { posted: true, ts: `1700000000.${String(posts.length).padStart(6, "0")}` };
    },
    async tellCannotPost(userId, channelId) {
      dms.push({ userId, message: renderCannotPost(channelId) });
    },
  };
  return { poster, posts, dms };
}

const throttled = () => new PartnerCentralError("Throttling", "Partner Central is throttling.", "ListX");
const denied = () => new PartnerCentralError("AccessDenied", "AWS denied partnercentral:ListX.", "ListX");

let store: Store;
const clock = testClock(NOW.getTime());

beforeAll(async () => {
  store = await openStore({ now: clock.now });
});
afterAll(async () => {
  await store?.close();
});

function subscription(overrides: Partial<DigestSubscription> = {}): DigestSubscription {
  return {
    channelId: uniqueId("C").toUpperCase(),
    cron: "0 9 * * 1-5",
    timezone: "UTC",
    windowDays: 5,
    catalog: "AWS",
    quiet: false,
    createdBy: "U0SUBSCRIBER",
    createdAt: new Date(NOW.getTime() - 86_400_000),
    ...overrides,
  };
}

function deps(source: ExpiringSource, poster: DigestPoster, overrides: Partial<DigestDeps> = {}): DigestDeps {
  return {
    partnerCentral: source,
    store,
    poster,
    clock: clock.now,
    logger: silent,
    instanceId: "test-instance",
    retry: RETRY,
    // Waiting moves the test clock on, so fifteen minutes of retries take no time.
    sleep: async (ms) => clock.advance(ms),
    ...overrides,
  };
}

const blockIds = (message: SlackMessage) =>
  message.blocks
    .map((b) => (b as { block_id?: string }).block_id ?? "")
    .filter((id) => id.startsWith("inv:"));

describe("runDigest", () => {
  it("posts the expiring invitations soonest first, tagged with the occurrence, and records it", async () => {
    const soon = engagement({ expiresInHours: 5 });
    const later = connectionInvitation({ expiresInHours: 50 });
    const outside = engagement({ expiresInHours: 24 * 9 });
    const { source } = fakeSource([later, outside, soon]);
    const { poster, posts } = fakePoster();
    const sub = subscription();
    const scheduledFor = clock.now();

    const outcome = await runDigest(deps(source, poster), { subscription: sub, scheduledFor });

    expect(outcome).toMatchObject({
      status: "posted",
      detail: "2 invitations expire within 5 days — 1 within 24 hours",
    });
    expect(posts).toHaveLength(1);
    expect(posts[0]?.channelId).toBe(sub.channelId);
    expect(posts[0]?.scheduledFor).toEqual(scheduledFor);
    expect(posts[0]?.digest).toMatchObject({ kind: "expiring", invitations: [soon, later], windowDays: 5 });
    expect(blockIds(posts[0]?.message as SlackMessage)).toEqual([
      `inv:engagement:AWS:${soon.id}`,
      `inv:connection:AWS:${later.id}`,
    ]);
    expect(await store.occurrences.last(sub.channelId)).toMatchObject({
      status: "posted",
      scheduledFor,
      claimedBy: "test-instance",
      messageTs: outcome.status === "posted" ? outcome.ts : "",
    });
  });

  it("posts an occurrence once however often and however concurrently it is run", async () => {
    const { source } = fakeSource([engagement({ expiresInHours: 5 })]);
    const { poster, posts } = fakePoster();
    const occurrence = { subscription: subscription(), scheduledFor: clock.now() };
    const outcomes = await Promise.all([
      runDigest(deps(source, poster), occurrence),
      runDigest(deps(source, poster, { instanceId: "other-instance" }), occurrence),
      runDigest(deps(source, poster), occurrence),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["posted", "skipped", "skipped"]);
    expect(await runDigest(deps(source, poster), occurrence)).toEqual({ status: "skipped" });
    expect(posts).toHaveLength(1);
  });

  it("posts the all-clear with the number pending when nothing expires, and nothing when quiet", async () => {
    const { source } = fakeSource([
      engagement({ expiresInHours: 24 * 10 }),
      engagement({ expiresInHours: 300 }),
    ]);
    const { poster, posts } = fakePoster();
    const loud = subscription();
    expect(
      await runDigest(deps(source, poster), { subscription: loud, scheduledFor: clock.now() }),
    ).toMatchObject({
      status: "empty",
      detail: "Nothing expires in the window; the all-clear was posted.",
    });
    expect(posts[0]?.message.text).toBe(
      ":white_check_mark: Nothing expires within 5 days. 2 invitations pending in all.",
    );

    const quiet = subscription({ quiet: true });
    expect(
      await runDigest(deps(source, poster), { subscription: quiet, scheduledFor: clock.now() }),
    ).toMatchObject({
      status: "empty",
    });
    expect(posts).toHaveLength(1);
    expect(await store.occurrences.last(quiet.channelId)).toMatchObject({ status: "empty" });
  });

  it("retries throttling with doubling delays and posts once it gets through", async () => {
    const { source } = fakeSource([engagement({ expiresInHours: 5 })], [throttled, throttled, throttled]);
    const { poster, posts } = fakePoster();
    const waits: number[] = [];
    const outcome = await runDigest(
      deps(source, poster, {
        sleep: async (ms) => {
          waits.push(ms);
          clock.advance(ms);
        },
      }),
      { subscription: subscription(), scheduledFor: clock.now() },
    );
    expect(outcome.status).toBe("posted");
    expect(waits).toEqual([5_000, 10_000, 20_000]);
    expect(posts).toHaveLength(1);
  });

  it("after 15 minutes of failures posts a short failure notice, never a partial list", async () => {
    const failures = Array.from({ length: 100 }, () => throttled);
    const { source, calls } = fakeSource([engagement({ expiresInHours: 5 })], failures);
    const { poster, posts } = fakePoster();
    const sub = subscription();
    const started = clock.now().getTime();

    const outcome = await runDigest(deps(source, poster), { subscription: sub, scheduledFor: clock.now() });

    expect(clock.now().getTime() - started).toBeLessThanOrEqual(RETRY.limitMs);
    expect(clock.now().getTime() - started).toBeGreaterThan(RETRY.limitMs - RETRY.maxDelayMs);
    // 5 + 10 + 20 + 40 s, then a minute at a time up to the limit.
    expect(calls()).toBe(18);
    expect(outcome).toMatchObject({
      status: "failed",
      detail: "Partner Central is throttling.",
      notMember: false,
    });
    expect(posts).toHaveLength(1);
    expect(posts[0]?.digest).toMatchObject({ kind: "failed", attempts: 18 });
    const notice = posts[0]?.message as SlackMessage;
    expect(notice.text).toBe(
      ":x: The digest of invitations expiring within 5 days could not be built. Partner Central is throttling.",
    );
    expect(JSON.stringify(notice.blocks)).toContain("Tried 18 times over 14 minutes.");
    expect(JSON.stringify(notice.blocks)).toContain("Nothing is listed rather than an incomplete list");
    expect(blockIds(notice)).toEqual([]);
    expect(await store.occurrences.last(sub.channelId)).toMatchObject({
      status: "failed",
      detail: "Partner Central is throttling.",
    });
  });

  it("does not retry what retrying cannot fix, and says so at once", async () => {
    const { source, calls } = fakeSource([], [denied]);
    const { poster, posts } = fakePoster();
    const outcome = await runDigest(deps(source, poster), {
      subscription: subscription(),
      scheduledFor: clock.now(),
    });
    expect(outcome).toMatchObject({ status: "failed", detail: "AWS denied partnercentral:ListX." });
    expect(calls()).toBe(1);
    expect(JSON.stringify(posts[0]?.message.blocks)).not.toContain("Tried");
  });

  it("turns an unexpected error into the failure notice too", async () => {
    const { source } = fakeSource([], [() => new TypeError("boom")]);
    const { poster, posts } = fakePoster();
    const outcome = await runDigest(deps(source, poster), {
      subscription: subscription(),
      scheduledFor: clock.now(),
    });
    expect(outcome).toMatchObject({ status: "failed", detail: "The app hit an unexpected error." });
    expect(posts[0]?.message.text).toContain("could not be built");
  });

  it("tells the subscriber by DM how to invite the bot into a private channel", async () => {
    const { source } = fakeSource([engagement({ expiresInHours: 5 })]);
    const { poster, dms } = fakePoster([{ posted: false, notMember: true, detail: "channel_not_found" }]);
    const sub = subscription({ createdBy: "U0SUBSCRIBER" });
    const outcome = await runDigest(deps(source, poster), { subscription: sub, scheduledFor: clock.now() });
    expect(outcome).toMatchObject({ status: "failed", notMember: true });
    expect(dms).toHaveLength(1);
    expect(dms[0]?.userId).toBe("U0SUBSCRIBER");
    expect(dms[0]?.message.text).toContain(`<#${sub.channelId}>`);
    expect(dms[0]?.message.text).toContain("/invite @Partner Central");
    expect(await store.occurrences.last(sub.channelId)).toMatchObject({ status: "failed" });
  });

  it("sends no DM when someone asked (they get the answer) or the subscription is the configured one", async () => {
    const { source } = fakeSource([engagement({ expiresInHours: 5 }), engagement({ expiresInHours: 6 })]);
    const notMember: PostResult = { posted: false, notMember: true, detail: "not_in_channel" };
    const { poster, dms } = fakePoster([notMember, notMember]);
    await runDigest(deps(source, poster), {
      subscription: subscription(),
      scheduledFor: clock.now(),
      requestedBy: "U0ASKER",
    });
    await runDigest(deps(source, poster), {
      subscription: subscription({ createdBy: "config" }),
      scheduledFor: clock.now(),
    });
    expect(dms).toEqual([]);
  });

  it("records what Slack said when it refused the message", async () => {
    const { source } = fakeSource([engagement({ expiresInHours: 5 })]);
    const { poster } = fakePoster([{ posted: false, notMember: false, detail: "is_archived" }]);
    const outcome = await runDigest(deps(source, poster), {
      subscription: subscription(),
      scheduledFor: clock.now(),
    });
    expect(outcome).toEqual({
      status: "failed",
      detail: "Slack did not accept the message (is_archived).",
      notMember: false,
    });
  });
});

describe("runDigest after a process died mid-digest", () => {
  it("takes over a claim left unfinished longer than any live run, exactly once", async () => {
    const { source } = fakeSource([engagement({ expiresInHours: 5 })]);
    const { poster, posts } = fakePoster();
    const sub = subscription();
    const scheduledFor = clock.now();
    expect(await store.occurrences.claim(sub.channelId, scheduledFor, "died-instance")).toBe(true);

    // Still within what a live process could take (retry limit plus posting): hands off.
    clock.advance(RETRY.limitMs);
    expect(await runDigest(deps(source, poster), { subscription: sub, scheduledFor })).toEqual({
      status: "skipped",
    });

    clock.advance(10 * MINUTE);
    const outcomes = await Promise.all([
      runDigest(deps(source, poster, { instanceId: "a" }), { subscription: sub, scheduledFor }),
      runDigest(deps(source, poster, { instanceId: "b" }), { subscription: sub, scheduledFor }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["posted", "skipped"]);
    expect(posts).toHaveLength(1);
    expect(await store.occurrences.last(sub.channelId)).toMatchObject({ status: "posted" });
  });

  it("never takes over a finished occurrence", async () => {
    const { source } = fakeSource([engagement({ expiresInHours: 5 })]);
    const { poster, posts } = fakePoster();
    const occurrence = { subscription: subscription(), scheduledFor: clock.now() };
    await runDigest(deps(source, poster), occurrence);
    clock.advance(24 * 60 * MINUTE);
    expect(await runDigest(deps(source, poster), occurrence)).toEqual({ status: "skipped" });
    expect(posts).toHaveLength(1);
  });

  it("leaves the claim for a takeover when shutdown interrupts the retries", async () => {
    const { source } = fakeSource([engagement({ expiresInHours: 5 })], [throttled]);
    const { poster, posts } = fakePoster();
    const sub = subscription();
    const shutdown = new Error("The operation was aborted");
    const running = runDigest(
      deps(source, poster, {
        sleep: async () => {
          throw shutdown;
        },
      }),
      { subscription: sub, scheduledFor: clock.now() },
    );
    await expect(running).rejects.toBe(shutdown);
    expect(posts).toEqual([]);
    expect(await store.occurrences.last(sub.channelId)).toMatchObject({ status: "claimed" });
  });
});
