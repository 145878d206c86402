import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { STALE_ACTION_MS } from "../../src/store/database.ts";
import {
  type ActionClaim,
  type DigestSubscription,
  type Store,
  StoreError,
  type StoreLogger,
} from "../../src/store/index.ts";
import { captureLogger, DAY_MS, NOTHING_PURGED, testClock, uniqueId } from "./helpers.ts";

export type OpenTestStore = (options: { now: () => Date; logger: StoreLogger }) => Promise<Store>;

/**
 * The behaviour every backend must share. One store serves all tests of a backend, so tests use fresh ids,
 * and each test starts a year after the previous one, when every remembered message and action of earlier
 * tests is out of its window.
 */
export function describeStoreContract(backend: string, open: OpenTestStore): void {
  describe(`Store contract on ${backend}`, () => {
    const clock = testClock();
    const log = captureLogger();
    let store: Store;
    let testStart: Date;

    beforeAll(async () => {
      store = await open({ now: clock.now, logger: log.logger });
    });
    afterAll(async () => {
      await store?.close();
    });
    beforeEach(() => {
      clock.advance(365 * DAY_MS);
      testStart = clock.now();
    });

    const claimOf = (overrides: Partial<ActionClaim> = {}): ActionClaim => ({
      key: uniqueId("accept:engagement:AWS:engi-"),
      invitationKind: "engagement",
      invitationId: uniqueId("engi-"),
      catalog: "AWS",
      action: "accept",
      userId: "U1",
      ...overrides,
    });

    describe("claimOnce", () => {
      it("is true exactly once per key", async () => {
        const [a, b] = [uniqueId("k-"), uniqueId("k-")];
        expect(await store.claimOnce(a)).toBe(true);
        expect(await store.claimOnce(a)).toBe(false);
        expect(await store.claimOnce(b)).toBe(true);
        expect(await store.claimOnce(a)).toBe(false);
      });

      it("is won exactly once per key by 100 concurrent pairs of claims", async () => {
        const keys = Array.from({ length: 100 }, () => uniqueId("race-"));
        const results = await Promise.all(keys.flatMap((k) => [store.claimOnce(k), store.claimOnce(k)]));
        for (let i = 0; i < keys.length; i++) {
          expect([results[2 * i], results[2 * i + 1]].filter(Boolean)).toHaveLength(1);
        }
      });

      it("with a lifetime, may be won again once it has expired, and is purged then", async () => {
        const [kept, expiring] = [uniqueId("k-"), uniqueId("k-")];
        expect(await store.claimOnce(kept)).toBe(true);
        expect(await store.claimOnce(expiring, 60)).toBe(true);
        clock.advance(59_000);
        expect(await store.claimOnce(expiring, 60)).toBe(false);
        clock.advance(1_000);
        expect(await store.claimOnce(expiring, 60)).toBe(true);
        expect(await store.claimOnce(expiring, 60)).toBe(false);
        await store.purge(clock.now()); // claims left by earlier tests
        clock.advance(60_000);
        expect(await store.purge(clock.now())).toMatchObject({ claims: 1 });
        clock.advance(100 * 365 * DAY_MS);
        expect(await store.purge(clock.now())).toMatchObject({ claims: 0 });
        expect(await store.claimOnce(kept)).toBe(false);
      });
    });

    describe("remembered messages", () => {
      it("round-trip a long message under a short URL-safe key, with its kind and a first version", async () => {
        const message = "x".repeat(5000);
        const key = await store.messages.remember("answer", message, 600);
        expect(key).toMatch(/^[A-Za-z0-9_-]{1,24}$/);
        expect(await store.messages.recall(key, "answer")).toEqual({
          kind: "answer",
          value: message,
          version: 1,
        });
        expect(await store.messages.remember("answer", message, 600)).not.toBe(key);
        expect(await store.messages.recall("unknown-key", "answer")).toBeUndefined();
      });

      it("are recalled only as the kind they were remembered as", async () => {
        const form = await store.messages.remember("reject-form", "{}", 600);
        const copy = await store.messages.remember("channel-message", "{}", 600);
        expect(await store.messages.recall(form, "answer")).toBeUndefined();
        expect(await store.messages.recall(form, ["answer", "channel-message"])).toBeUndefined();
        expect(await store.messages.recall(form, "reject-form")).toMatchObject({ kind: "reject-form" });
        expect(await store.messages.recall(copy, "answer")).toBeUndefined();
        expect(await store.messages.recall(copy, ["answer", "channel-message"])).toMatchObject({
          kind: "channel-message",
        });
      });

      it("are replaced in place while they live, over the version read only, keeping key, kind and expiry", async () => {
        const key = await store.messages.remember("channel-message", "as posted", 60);
        expect(await store.messages.replace(key, "as updated", 1)).toBe(true);
        expect(await store.messages.recall(key, "channel-message")).toEqual({
          kind: "channel-message",
          value: "as updated",
          version: 2,
        });
        // A change that began from version 1 lost to the one saved: it must read again and redo it.
        expect(await store.messages.replace(key, "from a stale read", 1)).toBe(false);
        expect((await store.messages.recall(key, "channel-message"))?.value).toBe("as updated");
        clock.advance(60_000);
        expect(await store.messages.replace(key, "too late", 2)).toBe(false);
        expect(await store.messages.recall(key, "channel-message")).toBeUndefined();
        expect(await store.messages.replace("unknown-key", "anything", 1)).toBe(false);
      });

      it("take exactly one of several changes begun from the same version at once", async () => {
        const key = await store.messages.remember("answer", "v1", 600);
        const saved = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.messages.replace(key, `change ${i}`, 1)),
        );
        expect(saved.filter(Boolean)).toHaveLength(1);
        const winner = saved.indexOf(true);
        expect(await store.messages.recall(key, "answer")).toEqual({
          kind: "answer",
          value: `change ${winner}`,
          version: 2,
        });
      });

      it("expire after their TTL and are purged then", async () => {
        await store.purge(clock.now()); // messages left by earlier tests
        const short = await store.messages.remember("answer", "short", 60);
        const long = await store.messages.remember("channel-message", "long", 3600);
        clock.advance(59_000);
        expect((await store.messages.recall(short, "answer"))?.value).toBe("short");
        clock.advance(1_000);
        expect(await store.messages.recall(short, "answer")).toBeUndefined();
        expect((await store.messages.recall(long, "channel-message"))?.value).toBe("long");
        expect(await store.purge(clock.now())).toMatchObject({ rememberedMessages: 1 });
        expect(await store.purge(clock.now())).toMatchObject({ rememberedMessages: 0 });
        expect((await store.messages.recall(long, "channel-message"))?.value).toBe("long");
        clock.advance(3600_000);
        expect(await store.purge(clock.now())).toMatchObject({ rememberedMessages: 1 });
        expect(await store.messages.recall(long, "channel-message")).toBeUndefined();
      });
    });

    describe("digest subscriptions", () => {
      const subscription = (overrides: Partial<DigestSubscription> = {}): DigestSubscription => ({
        channelId: uniqueId("C"),
        cron: "0 9 * * 1-5",
        timezone: "Europe/Berlin",
        windowDays: 14,
        catalog: "AWS",
        quiet: false,
        createdBy: "U1",
        createdAt: new Date("2029-03-04T05:06:07.891Z"),
        ...overrides,
      });

      it("are stored, replaced per channel, listed in channel order and deleted", async () => {
        const first = subscription({ channelId: uniqueId("C2") });
        const second = subscription({ channelId: uniqueId("C1"), createdBy: "config", catalog: "Sandbox" });
        expect(await store.subscriptions.save(first)).toBe(false);
        await store.subscriptions.save(second);
        expect(await store.subscriptions.get(first.channelId)).toEqual(first);

        const replaced = { ...first, cron: "0 30 8 * * *", timezone: "UTC", windowDays: 3, quiet: true };
        expect(await store.subscriptions.save(replaced)).toBe(true);
        expect(await store.subscriptions.get(first.channelId)).toEqual(replaced);

        const mine = (await store.subscriptions.list()).filter((s) =>
          [first.channelId, second.channelId].includes(s.channelId),
        );
        expect(mine).toEqual([second, replaced]);

        expect(await store.subscriptions.delete(first.channelId)).toBe(true);
        expect(await store.subscriptions.delete(first.channelId)).toBe(false);
        expect(await store.subscriptions.get(first.channelId)).toBeUndefined();
        expect(await store.subscriptions.get(second.channelId)).toEqual(second);
        expect(await store.subscriptions.save(first)).toBe(false);
      });

      it("say whether they replaced one, in the same statement: of two saved at once, one is new", async () => {
        const channelId = uniqueId("C");
        const saved = await Promise.all(
          ["U1", "U2", "U3"].map((createdBy) =>
            store.subscriptions.save(subscription({ channelId, createdBy })),
          ),
        );
        expect(saved.filter((replaced) => !replaced)).toHaveLength(1);
      });

      it("reject an invalid catalog", async () => {
        await expect(
          store.subscriptions.save(subscription({ catalog: "Prod" as DigestSubscription["catalog"] })),
        ).rejects.toThrow();
      });
    });

    describe("digest occurrences", () => {
      const at = (iso: string) => new Date(iso);

      it("are claimed exactly once per channel and scheduled time", async () => {
        const [channel, other] = [uniqueId("C"), uniqueId("C")];
        expect(await store.occurrences.claim(channel, at("2030-05-01T09:00:00Z"), "replica-a")).toBe(true);
        expect(await store.occurrences.claim(channel, at("2030-05-01T09:00:00Z"), "replica-b")).toBe(false);
        expect(await store.occurrences.claim(channel, at("2030-05-01T09:00:00.001Z"), "replica-b")).toBe(
          true,
        );
        expect(await store.occurrences.claim(other, at("2030-05-01T09:00:00Z"), "replica-b")).toBe(true);
      });

      it("are won exactly once by 100 concurrent pairs of claims", async () => {
        const channel = uniqueId("C");
        const times = Array.from({ length: 100 }, (_, i) => new Date(Date.UTC(2030, 0, 1, 0, i)));
        const results = await Promise.all(
          times.flatMap((t) => [
            store.occurrences.claim(channel, t, "a"),
            store.occurrences.claim(channel, t, "b"),
          ]),
        );
        for (let i = 0; i < times.length; i++) {
          expect([results[2 * i], results[2 * i + 1]].filter(Boolean)).toHaveLength(1);
        }
      });

      it("record their outcome, and lastOccurrence is the latest by scheduled time", async () => {
        const channel = uniqueId("C");
        const later = at("2030-06-02T09:00:00Z");
        const earlier = at("2030-06-01T09:00:00Z");
        expect(await store.occurrences.last(channel)).toBeUndefined();
        await store.occurrences.claim(channel, later, "replica-a");
        const claimedAt = clock.now();
        clock.advance(1000);
        await store.occurrences.claim(channel, earlier, "replica-b");
        await store.occurrences.finish(channel, earlier, {
          status: "posted",
          messageTs: "1700000000.000100",
        });

        expect(await store.occurrences.last(channel)).toEqual({
          channelId: channel,
          scheduledFor: later,
          status: "claimed",
          claimedBy: "replica-a",
          claimedAt,
        });

        clock.advance(1000);
        await store.occurrences.finish(channel, later, {
          status: "failed",
          detail: "Slack said channel_not_found",
        });
        expect(await store.occurrences.last(channel)).toEqual({
          channelId: channel,
          scheduledFor: later,
          status: "failed",
          claimedBy: "replica-a",
          claimedAt,
          finishedAt: clock.now(),
          detail: "Slack said channel_not_found",
        });
      });

      it("cannot be finished without a claim", async () => {
        const finishing = store.occurrences.finish(uniqueId("C"), at("2030-06-01T09:00:00Z"), {
          status: "empty",
        });
        await expect(finishing).rejects.toBeInstanceOf(StoreError);
        await expect(finishing).rejects.toThrow(
          /No digest occurrence was claimed for channel C\w+ at 2030-06-01/,
        );
      });
    });

    describe("actions", () => {
      const tokenOf = (claim: ActionClaim, attempt: number) =>
        `${claim.action}-${claim.invitationId}-${attempt}`;

      it("are won by the first claim; a second claim loses and sees the pending record", async () => {
        const claim = claimOf({ reason: "Not our customer", title: "Data lake for Acme" });
        const first = await store.decisions.claim(claim);
        expect(first).toEqual({
          won: true,
          record: {
            ...claim,
            status: "pending",
            attempts: 1,
            clientToken: tokenOf(claim, 1),
            createdAt: testStart,
          },
        });
        const second = await store.decisions.claim({ ...claim, userId: "U2" });
        expect(second).toEqual({ won: false, record: first.record });
      });

      it("are won exactly once by 100 concurrent pairs of claims", async () => {
        const claims = Array.from({ length: 100 }, () => claimOf());
        const results = await Promise.all(
          claims.flatMap((c) => [store.decisions.claim(c), store.decisions.claim(c)]),
        );
        for (let i = 0; i < claims.length; i++) {
          expect([results[2 * i]?.won, results[2 * i + 1]?.won].filter(Boolean)).toHaveLength(1);
        }
      });

      it("can be claimed again after a failure, and no longer once succeeded", async () => {
        const claim = claimOf({ action: "reject", reason: "duplicate" });
        await store.decisions.claim(claim);
        clock.advance(1000);
        const failed = await store.decisions.finish(claim.key, {
          status: "failed",
          detail: "ThrottlingException",
          awsRequestId: "req-1",
        });
        expect(failed).toEqual({
          ...claim,
          status: "failed",
          detail: "ThrottlingException",
          awsRequestId: "req-1",
          attempts: 1,
          clientToken: tokenOf(claim, 1),
          createdAt: testStart,
          finishedAt: clock.now(),
        });

        clock.advance(1000);
        const retryAt = clock.now();
        const { reason: _, ...withoutReason } = claim;
        const retry = await store.decisions.claim({ ...withoutReason, userId: "U2" });
        expect(retry).toEqual({
          won: true,
          record: {
            ...withoutReason,
            userId: "U2",
            status: "pending",
            attempts: 2,
            clientToken: tokenOf(claim, 1),
            createdAt: retryAt,
          },
        });
        expect(await store.decisions.claim(claim)).toMatchObject({
          won: false,
          record: { status: "pending" },
        });

        clock.advance(1000);
        const succeeded = await store.decisions.finish(claim.key, {
          status: "succeeded",
          awsRequestId: "req-2",
          resultId: "O1234567",
        });
        expect(succeeded).toMatchObject({ status: "succeeded", resultId: "O1234567", awsRequestId: "req-2" });
        expect(await store.decisions.claim(claim)).toEqual({ won: false, record: succeeded });
        expect(await store.decisions.get(claim.key)).toEqual(succeeded);
      });

      it("keep the client token for a retry of the same action, unless it was spent or the action changes", async () => {
        const claim = claimOf();
        const tokenAfter = async (
          outcome: Parameters<Store["decisions"]["finish"]>[1],
          next: ActionClaim,
        ) => {
          await store.decisions.finish(claim.key, outcome);
          const retry = await store.decisions.claim(next);
          return retry.won ? retry.record.clientToken : "lost";
        };
        await store.decisions.claim(claim);
        expect(await tokenAfter({ status: "failed" }, claim)).toBe(tokenOf(claim, 1));
        expect(await tokenAfter({ status: "failed", spendsToken: true }, claim)).toBe(tokenOf(claim, 3));
        const reject = { ...claim, action: "reject" as const };
        expect(await tokenAfter({ status: "failed" }, reject)).toBe(tokenOf(reject, 4));
      });

      it("can be claimed again once a pending claim is 15 minutes old (its process died mid-call)", async () => {
        const claim = claimOf();
        await store.decisions.claim(claim);
        clock.advance(STALE_ACTION_MS - 1000);
        expect(await store.decisions.claim({ ...claim, userId: "U2" })).toMatchObject({ won: false });
        clock.advance(2000);
        expect(await store.decisions.claim({ ...claim, userId: "U2" })).toMatchObject({
          won: true,
          record: { userId: "U2", status: "pending", attempts: 2, clientToken: tokenOf(claim, 1) },
        });
      });

      it("stay claimed while Partner Central runs their accept task, however long, and finish once it ends", async () => {
        const claim = claimOf();
        await store.decisions.claim(claim);
        expect(await store.decisions.recordTask(claim.key, 2, { taskId: "task-x" })).toBeUndefined();
        const running = await store.decisions.recordTask(claim.key, 1, {
          taskId: "task-1",
          awsRequestId: "req-start",
        });
        expect(running).toMatchObject({ status: "pending", taskId: "task-1", awsRequestId: "req-start" });
        clock.advance(10 * STALE_ACTION_MS);
        expect(await store.decisions.claim({ ...claim, userId: "U2" })).toEqual({
          won: false,
          record: running,
        });
        expect((await store.decisions.unfinished()).map((r) => r.key)).toContain(claim.key);
        const done = await store.decisions.finish(claim.key, {
          status: "succeeded",
          resultId: "O1",
          attempt: 1,
        });
        expect(done).toMatchObject({ status: "succeeded", resultId: "O1", awsRequestId: "req-start" });
        expect(done.taskId).toBeUndefined();
        expect((await store.decisions.unfinished()).map((r) => r.key)).not.toContain(claim.key);
      });

      it("finish only the attempt named, never one that took it over", async () => {
        const claim = claimOf();
        await store.decisions.claim(claim);
        clock.advance(STALE_ACTION_MS + 1000);
        await store.decisions.claim({ ...claim, userId: "U2" });
        await expect(store.decisions.finish(claim.key, { status: "failed", attempt: 1 })).rejects.toThrow(
          new StoreError(`Attempt 1 at the action ${claim.key} was taken over.`),
        );
        expect(await store.decisions.get(claim.key)).toMatchObject({ status: "pending", attempts: 2 });
        expect(await store.decisions.finish(claim.key, { status: "failed", attempt: 2 })).toMatchObject({
          status: "failed",
          userId: "U2",
        });
      });

      it("stay final after a conflict", async () => {
        const claim = claimOf({ invitationKind: "connection", catalog: "Sandbox", action: "cancel" });
        await store.decisions.claim(claim);
        const conflict = await store.decisions.finish(claim.key, {
          status: "conflict",
          detail: "already accepted",
        });
        expect(await store.decisions.claim(claim)).toEqual({ won: false, record: conflict });
      });

      it("finish once: the same outcome again is a no-op, a different one or an unknown key rejects", async () => {
        const claim = claimOf();
        await store.decisions.claim(claim);
        const done = await store.decisions.finish(claim.key, { status: "succeeded", resultId: "O1" });
        clock.advance(1000);
        expect(await store.decisions.finish(claim.key, { status: "succeeded", resultId: "O1" })).toEqual(
          done,
        );
        await expect(store.decisions.finish(claim.key, { status: "failed" })).rejects.toThrow(
          new StoreError(`The action ${claim.key} already finished as succeeded.`),
        );
        await expect(
          store.decisions.finish("accept:engagement:AWS:nope", { status: "failed" }),
        ).rejects.toThrow(new StoreError("No action is recorded for key accept:engagement:AWS:nope."));
        expect(await store.decisions.get("accept:engagement:AWS:nope")).toBeUndefined();
      });

      it("keep every attempt in the audit log, each as it last stood, with who made it, newest first", async () => {
        const claim = claimOf({ title: "Data lake for Acme" });
        await store.decisions.claim(claim);
        clock.advance(1000);
        await store.decisions.finish(claim.key, {
          status: "failed",
          detail: "throttled",
          awsRequestId: "r1",
        });
        clock.advance(1000);
        await store.decisions.claim({ ...claim, userId: "U2", action: "reject", reason: "Duplicate" });
        clock.advance(1000);
        await store.decisions.finish(claim.key, { status: "succeeded", awsRequestId: "r2" });
        const other = claimOf();
        await store.decisions.claim(other);
        await store.decisions.recordTask(other.key, 1, { taskId: "task-9" });

        const history = await store.decisions.history(testStart, 100);
        expect(history).toEqual([
          expect.objectContaining({ key: other.key, attempt: 1, status: "pending", taskId: "task-9" }),
          {
            key: claim.key,
            attempt: 2,
            invitationKind: claim.invitationKind,
            invitationId: claim.invitationId,
            catalog: claim.catalog,
            title: "Data lake for Acme",
            action: "reject",
            userId: "U2",
            reason: "Duplicate",
            status: "succeeded",
            awsRequestId: "r2",
            createdAt: new Date(testStart.getTime() + 2000),
            recordedAt: clock.now(),
            finishedAt: clock.now(),
          },
          expect.objectContaining({
            key: claim.key,
            attempt: 1,
            action: "accept",
            userId: "U1",
            status: "failed",
            detail: "throttled",
            awsRequestId: "r1",
            createdAt: testStart,
            finishedAt: new Date(testStart.getTime() + 1000),
          }),
        ]);
        expect(await store.decisions.history(testStart, 2)).toEqual(history.slice(0, 2));
        const second = new Date(testStart.getTime() + 2000);
        expect(await store.decisions.history(second, 100)).toEqual(history.slice(0, 2));
        expect(await store.decisions.history(new Date(clock.now().getTime() + 1), 100)).toEqual([]);
      });

      it("show an attempt a later one took over while it was pending as abandoned", async () => {
        const claim = claimOf();
        await store.decisions.claim(claim);
        clock.advance(STALE_ACTION_MS + 1000);
        await store.decisions.claim({ ...claim, userId: "U2" });
        const [latest, first] = await store.decisions.history(testStart, 100);
        expect(latest).toMatchObject({ attempt: 2, userId: "U2", status: "pending" });
        expect(first).toMatchObject({ attempt: 1, userId: "U1", status: "abandoned" });
        expect(first?.finishedAt).toBeUndefined();
      });

      it("append nothing for a claim that lost or an outcome repeated", async () => {
        const claim = claimOf();
        await store.decisions.claim(claim);
        await store.decisions.claim(claim);
        await store.decisions.finish(claim.key, { status: "succeeded" });
        await store.decisions.finish(claim.key, { status: "succeeded" });
        expect((await store.decisions.history(testStart, 100)).filter((a) => a.key === claim.key)).toEqual([
          expect.objectContaining({ attempt: 1, status: "succeeded" }),
        ]);
      });
    });

    describe("announced invitations", () => {
      it("are reported new exactly once, in input order, without duplicates", async () => {
        const [a, b, c] = [uniqueId("engi-"), uniqueId("engi-"), uniqueId("engi-")];
        expect(await store.announced.known([a, b])).toEqual([]);
        expect(await store.announced.mark([])).toEqual([]);
        expect(await store.announced.mark([b, a, b])).toEqual([b, a]);
        expect(await store.announced.mark([c, a, b])).toEqual([c]);
        expect(await store.announced.mark([a, b, c])).toEqual([]);
        expect(await store.announced.known([c, "engi-never", a, c])).toEqual([c, a]);
        expect(await store.announced.known([])).toEqual([]);
      });

      it("are reported new exactly once by concurrent overlapping batches", async () => {
        const keys = Array.from({ length: 100 }, () => uniqueId("engi-"));
        const batches = Array.from({ length: 20 }, (_, i) => keys.slice((i * 5) % 100, ((i * 5) % 100) + 30));
        const results = await Promise.all(
          [...batches, ...batches.reverse()].map((b) => store.announced.mark(b)),
        );
        const reported = results.flat();
        expect(reported).toHaveLength(keys.length);
        expect(new Set(reported)).toEqual(new Set(keys));
      });
    });

    describe("alert outbox", () => {
      const LEASE_MS = 60_000;
      const waitingIn = async (...channels: string[]) =>
        (await store.alertOutbox.waiting()).filter((w) => channels.includes(w.channelId));
      const keysOf = (lease: { alerts: Array<{ invitationKey: string }> }) =>
        lease.alerts.map((a) => a.invitationKey).sort();

      it("records an alert per channel with each invitation found new, in the same write, exactly once", async () => {
        const [a, b, c] = [uniqueId("engi-"), uniqueId("engi-"), uniqueId("engi-")];
        const [x, y] = [uniqueId("C1"), uniqueId("C2")];
        expect(await store.alertOutbox.enqueue([], [x])).toEqual([]);
        expect(await store.alertOutbox.enqueue([b, a, b], [x, y, x])).toEqual([b, a]);
        expect(await store.announced.known([a, b, c])).toEqual([a, b]);
        expect(await store.alertOutbox.enqueue([c, a], [x, y])).toEqual([c]);
        expect(await store.alertOutbox.enqueue([a, b, c], [x, y])).toEqual([]);
        expect(await waitingIn(x, y)).toEqual([
          { channelId: x, count: 3, updates: 0, since: testStart, dueAt: testStart },
          { channelId: y, count: 3, updates: 0, since: testStart, dueAt: testStart },
        ]);
        // What was announced another way (decided, or the baseline) gets no alert.
        const decided = uniqueId("engi-");
        await store.announced.mark([decided]);
        expect(await store.alertOutbox.enqueue([decided], [x])).toEqual([]);
        expect(keysOf(await store.alertOutbox.lease(x, LEASE_MS))).toEqual([a, b, c].sort());
      });

      it("record an invitation's alert only in the channels given for it", async () => {
        const [lead, opportunity, connection] = [uniqueId("engi-"), uniqueId("engi-"), uniqueId("pacinv-")];
        const [all, leads, none] = [uniqueId("C1"), uniqueId("C2"), uniqueId("C3")];
        const channelsOf = (key: string) =>
          key === lead ? [all, leads, all] : key === connection ? [all] : [];
        expect(await store.alertOutbox.enqueue([opportunity, lead, connection], channelsOf)).toEqual([
          opportunity,
          lead,
          connection,
        ]);
        expect(keysOf(await store.alertOutbox.lease(all, LEASE_MS))).toEqual([lead, connection].sort());
        expect(keysOf(await store.alertOutbox.lease(leads, LEASE_MS))).toEqual([lead]);
        expect(await waitingIn(none)).toEqual([]);
        // Announced all the same: no later look posts the one no channel took.
        expect(await store.announced.known([opportunity])).toEqual([opportunity]);
      });

      it("are recorded exactly once by concurrent overlapping batches", async () => {
        const keys = Array.from({ length: 60 }, () => uniqueId("engi-"));
        const channel = uniqueId("C");
        const batches = Array.from({ length: 12 }, (_, i) => keys.slice((i * 5) % 60, ((i * 5) % 60) + 20));
        const results = await Promise.all(
          [...batches, ...batches.reverse()].map((batch) => store.alertOutbox.enqueue(batch, [channel])),
        );
        expect(results.flat().sort()).toEqual([...keys].sort());
        expect(await waitingIn(channel)).toMatchObject([{ count: 60 }]);
      });

      it("take the baseline once: the winner's invitations are known and get no alert", async () => {
        const claim = uniqueId("alerts-baseline:");
        const [a, b, c] = [uniqueId("engi-"), uniqueId("engi-"), uniqueId("engi-")];
        const channel = uniqueId("C");
        expect(await store.alertOutbox.baseline(claim, [a, b])).toBe(true);
        expect(await store.announced.known([a, b])).toEqual([a, b]);
        expect(await store.alertOutbox.baseline(claim, [c])).toBe(false);
        expect(await store.announced.known([c])).toEqual([]);
        expect(await store.alertOutbox.enqueue([a, b, c], [channel])).toEqual([c]);
        expect(await waitingIn(channel)).toMatchObject([{ count: 1 }]);
      });

      it("never let the loser of a baseline announce what the winner recorded, however they interleave", async () => {
        for (let round = 0; round < 20; round++) {
          const claim = uniqueId("alerts-baseline:");
          const keys = Array.from({ length: 10 }, () => uniqueId("engi-"));
          const look = async () =>
            (await store.alertOutbox.baseline(claim, keys)) ? [] : store.alertOutbox.enqueue(keys, ["C1"]);
          expect((await Promise.all([look(), look(), look()])).flat()).toEqual([]);
        }
      });

      it("are leased to one process at a time; a lease whose process died ends and they may be leased again", async () => {
        const channel = uniqueId("C");
        const [a, b] = [uniqueId("engi-"), uniqueId("engi-")];
        await store.alertOutbox.enqueue([a, b], [channel, uniqueId("C")]);
        const leases = await Promise.all([
          store.alertOutbox.lease(channel, LEASE_MS),
          store.alertOutbox.lease(channel, LEASE_MS),
        ]);
        expect(leases.map(keysOf).sort()).toEqual([[], [a, b].sort()]);
        const [held] = leases.filter((l) => l.alerts.length > 0);
        expect(held?.alerts[0]).toMatchObject({ channelId: channel, attempts: 0, createdAt: testStart });
        expect(await waitingIn(channel)).toMatchObject([{ dueAt: new Date(testStart.getTime() + LEASE_MS) }]);
        clock.advance(LEASE_MS - 1);
        expect((await store.alertOutbox.lease(channel, LEASE_MS)).alerts).toEqual([]);
        clock.advance(1);
        const again = await store.alertOutbox.lease(channel, LEASE_MS);
        expect(keysOf(again)).toEqual([a, b].sort());
        // The first holder comes back too late: its settlement changes nothing.
        expect(
          await store.alertOutbox.settle(held?.token ?? "", [a, b], { status: "posted", messageTs: "1.1" }),
        ).toBe(0);
        expect(
          await store.alertOutbox.settle(again.token, [a, b], { status: "posted", messageTs: "2.2" }),
        ).toBe(2);
        expect(await waitingIn(channel)).toEqual([]);
        expect((await store.alertOutbox.lease(channel, LEASE_MS)).alerts).toEqual([]);
      });

      it("are leased by invitation when named, leaving the channel's others waiting", async () => {
        const channel = uniqueId("C");
        const [a, b, c] = [uniqueId("engi-"), uniqueId("engi-"), uniqueId("engi-")];
        await store.alertOutbox.enqueue([a, b], [channel]);
        await store.alertOutbox.enqueue([c], [channel]);
        const mine = await store.alertOutbox.lease(channel, LEASE_MS, [c, uniqueId("engi-")]);
        expect(keysOf(mine)).toEqual([c]);
        expect(keysOf(await store.alertOutbox.lease(channel, LEASE_MS, [c]))).toEqual([]);
        expect(keysOf(await store.alertOutbox.lease(channel, LEASE_MS))).toEqual([a, b].sort());
      });

      it("settle some of a lease as dropped and retry the rest later, counting attempts and refusals", async () => {
        const channel = uniqueId("C");
        const [a, b, c] = [uniqueId("engi-"), uniqueId("engi-"), uniqueId("engi-")];
        await store.alertOutbox.enqueue([a, b, c], [channel]);
        const first = await store.alertOutbox.lease(channel, LEASE_MS);
        expect(
          await store.alertOutbox.settle(first.token, [c], {
            status: "dropped",
            detail: "no longer pending",
          }),
        ).toBe(1);
        const retryAt = new Date(testStart.getTime() + 10_000);
        const failure = { detail: "fatal_error", refused: false, retryAt };
        expect(await store.alertOutbox.retry(first.token, [a, b], failure)).toBe(2);
        expect(await store.alertOutbox.retry(first.token, [a, b], failure)).toBe(0);
        expect(await waitingIn(channel)).toEqual([
          { channelId: channel, count: 2, updates: 0, since: testStart, dueAt: retryAt, retryAt },
        ]);

        // Not due yet, but a process may still lease them (the app was invited, or it posts there anyway).
        const second = await store.alertOutbox.lease(channel, LEASE_MS);
        expect(second.alerts.map((x) => x.attempts)).toEqual([1, 1]);
        await store.alertOutbox.retry(second.token, [a, b], {
          detail: "not_in_channel",
          refused: true,
          retryAt,
        });
        const [refusing] = await waitingIn(channel);
        expect(refusing).toMatchObject({ count: 2, refusal: "not_in_channel" });
        expect(refusing?.retryAt).toBeUndefined();
        // A new alert in a refusing channel leaves the refusal standing until the channel takes a post.
        const d = uniqueId("engi-");
        clock.advance(1000);
        await store.alertOutbox.enqueue([d], [channel]);
        expect(await waitingIn(channel)).toMatchObject([
          { count: 3, refusal: "not_in_channel", dueAt: clock.now() },
        ]);
        const third = await store.alertOutbox.lease(channel, LEASE_MS);
        expect(third.alerts.map((x) => [x.invitationKey, x.attempts])).toEqual([
          ...[a, b].sort().map((k) => [k, 2]),
          [d, 0],
        ]);
        await store.alertOutbox.settle(third.token, [a, b, d], { status: "posted", messageTs: "3.3" });
        expect(await waitingIn(channel)).toEqual([]);
      });

      it("drop what waits in channels that no longer get alerts, but not what a live lease holds", async () => {
        const [kept, off, busy] = [uniqueId("C1"), uniqueId("C2"), uniqueId("C3")];
        const a = uniqueId("engi-");
        await store.alertOutbox.enqueue([a], [kept, off, busy]);
        const lease = await store.alertOutbox.lease(busy, LEASE_MS);
        await store.alertOutbox.dropExcept([kept], "alerts were turned off");
        expect((await waitingIn(kept, off, busy)).map((w) => w.channelId)).toEqual([kept, busy]);
        expect(await store.alertOutbox.settle(lease.token, [a], { status: "posted", messageTs: "1.0" })).toBe(
          1,
        );
        await store.alertOutbox.dropExcept([], "alerts are off everywhere");
        expect(await waitingIn(kept, off, busy)).toEqual([]);
      });

      it("are purged 15 days after they were recorded, posted or not", async () => {
        await store.purge(clock.now()); // records left by earlier tests
        const channel = uniqueId("C");
        const [a, b] = [uniqueId("engi-"), uniqueId("engi-")];
        await store.alertOutbox.enqueue([a], [channel]);
        const lease = await store.alertOutbox.lease(channel, LEASE_MS);
        await store.alertOutbox.settle(lease.token, [a], { status: "posted", messageTs: "1.0" });
        await store.alertOutbox.enqueue([b], [channel]);
        const at = (ms: number) => store.purge(new Date(testStart.getTime() + ms));
        expect(await at(15 * DAY_MS)).toMatchObject({ alertOutbox: 0 });
        expect(await at(15 * DAY_MS + 1)).toMatchObject({ alertOutbox: 2 });
        expect(await waitingIn(channel)).toEqual([]);
        expect(await store.announced.known([a, b])).toEqual([a, b]);
      });
    });

    describe("invitation messages", () => {
      it("find every live location of an invitation, each once, and extend a location recorded again", async () => {
        const [a, b] = [uniqueId("engi-"), uniqueId("engi-")];
        expect(await store.invitationMessages.find(a)).toEqual([]);
        await store.invitationMessages.record([], "channel:C1:1.0", 60);
        await store.invitationMessages.record([a, b, a], "channel:C1:1.0", 60);
        await store.invitationMessages.record([a], "response:key1", 120);
        expect(await store.invitationMessages.find(a)).toEqual(["channel:C1:1.0", "response:key1"]);
        expect(await store.invitationMessages.find(b)).toEqual(["channel:C1:1.0"]);
        await store.invitationMessages.record([a], "channel:C1:1.0", 180);
        await store.invitationMessages.record([a], "response:key1", 30);
        clock.advance(60_000);
        expect(await store.invitationMessages.find(a)).toEqual(["response:key1", "channel:C1:1.0"]);
        expect(await store.invitationMessages.find(b)).toEqual([]);
        clock.advance(60_000);
        expect(await store.invitationMessages.find(a)).toEqual(["channel:C1:1.0"]);
      });

      it("are purged once they expire", async () => {
        await store.purge(clock.now()); // records left by earlier tests
        const a = uniqueId("engi-");
        await store.invitationMessages.record([a], "channel:C2:2.0", 60);
        expect(await store.purge(clock.now())).toMatchObject({ invitationMessages: 0 });
        clock.advance(60_000);
        expect(await store.purge(clock.now())).toMatchObject({ invitationMessages: 1 });
        expect(await store.invitationMessages.find(a)).toEqual([]);
      });
    });

    describe("opportunity snapshots", () => {
      it("are saved by compare-and-swap: first with no version, then over the version read", async () => {
        const id = uniqueId("O");
        expect(await store.opportunitySnapshots.get("AWS", id)).toBeUndefined();
        const first = await store.opportunitySnapshots.save("AWS", id, '{"stage":"Prospect"}', undefined);
        expect(first).toEqual({
          catalog: "AWS",
          opportunityId: id,
          state: '{"stage":"Prospect"}',
          seenAt: testStart,
          version: 1,
        });
        expect(await store.opportunitySnapshots.save("AWS", id, "{}", undefined)).toBeUndefined();
        clock.advance(1000);
        const second = await store.opportunitySnapshots.save("AWS", id, '{"stage":"Qualified"}', 1);
        expect(second).toMatchObject({ version: 2, state: '{"stage":"Qualified"}', seenAt: clock.now() });
        expect(await store.opportunitySnapshots.save("AWS", id, "{}", 1)).toBeUndefined();
        expect(await store.opportunitySnapshots.get("AWS", id)).toEqual(second);
        expect(await store.opportunitySnapshots.get("Sandbox", id)).toBeUndefined();
      });

      it("let exactly one of many processes saving over the same version win", async () => {
        const id = uniqueId("O");
        const firsts = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.opportunitySnapshots.save("AWS", id, `{"n":${i}}`, undefined),
          ),
        );
        expect(firsts.filter(Boolean)).toHaveLength(1);
        const updates = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.opportunitySnapshots.save("AWS", id, `{"m":${i}}`, 1)),
        );
        const won = updates.filter(Boolean);
        expect(won).toHaveLength(1);
        expect(await store.opportunitySnapshots.get("AWS", id)).toEqual(won[0]);
      });
    });

    describe("alert channels", () => {
      it("are enabled, disabled and listed in channel order with who changed them", async () => {
        const [x, y] = [uniqueId("C1"), uniqueId("C2")];
        await store.alertChannels.set(y, true, "U1");
        clock.advance(1000);
        await store.alertChannels.set(x, true, "U2");
        clock.advance(1000);
        await store.alertChannels.set(y, false, "U3");
        const mine = (await store.alertChannels.list()).filter((c) => [x, y].includes(c.channelId));
        expect(mine).toEqual([
          { channelId: x, enabled: true, updatedBy: "U2", updatedAt: new Date(testStart.getTime() + 1000) },
          { channelId: y, enabled: false, updatedBy: "U3", updatedAt: clock.now() },
        ]);
      });

      it("keep each channel's filter with its setting, replaced by the next", async () => {
        const [x, y] = [uniqueId("C1"), uniqueId("C2")];
        await store.alertChannels.set(x, true, "U1", { kind: "engagement", payload: "lead" });
        await store.alertChannels.set(y, true, "U1", { kind: "connection" });
        const filters = async () =>
          (await store.alertChannels.list()).filter((c) => [x, y].includes(c.channelId)).map((c) => c.filter);
        expect(await filters()).toEqual([{ kind: "engagement", payload: "lead" }, { kind: "connection" }]);
        await store.alertChannels.set(x, true, "U2", { payload: "opportunity" });
        await store.alertChannels.set(y, true, "U2");
        expect(await filters()).toEqual([{ payload: "opportunity" }, undefined]);
      });
    });

    describe("approver requests", () => {
      const STALE_MS = 5 * 60_000;
      const where = { channelId: "C1", messageTs: "1700000000.000100" };

      it("are claimed once per invitation and colleague, and say when and where they were posted", async () => {
        const [key, other] = [uniqueId("engagement:AWS:engi-"), uniqueId("engagement:AWS:engi-")];
        const claims = await Promise.all(
          Array.from({ length: 10 }, () => store.approverRequests.claim(key, "U1", STALE_MS)),
        );
        const won = claims.filter((c) => c.won);
        expect(won).toHaveLength(1);
        expect(await store.approverRequests.claim(key, "U2", STALE_MS)).toMatchObject({ won: true });
        expect(await store.approverRequests.claim(other, "U1", STALE_MS)).toMatchObject({ won: true });
        const [first] = won;
        if (!first?.won) throw new Error("one claim wins");
        clock.advance(1000);
        expect(await store.approverRequests.posted(key, "U1", first.token, where)).toBe(true);
        expect(await store.approverRequests.posted(key, "U1", "another-token", where)).toBe(false);
        clock.advance(STALE_MS * 10);
        expect(await store.approverRequests.claim(key, "U1", STALE_MS)).toEqual({
          won: false,
          request: { invitationKey: key, userId: "U1", askedAt: testStart, ...where },
        });
      });

      it("may be asked again once a claim is released, or once a claim never posted is stale", async () => {
        const key = uniqueId("connection:AWS:pacinv-");
        const first = await store.approverRequests.claim(key, "U1", STALE_MS);
        if (!first.won) throw new Error("the first claim wins");
        await store.approverRequests.release(key, "U1", first.token);
        expect(await store.approverRequests.get(key, "U1")).toBeUndefined();
        const second = await store.approverRequests.claim(key, "U1", STALE_MS);
        expect(second.won).toBe(true);
        clock.advance(STALE_MS - 1);
        expect(await store.approverRequests.claim(key, "U1", STALE_MS)).toMatchObject({ won: false });
        clock.advance(2);
        const third = await store.approverRequests.claim(key, "U1", STALE_MS);
        expect(third.won).toBe(true);
        // The claim taken over can no longer record a post, nor release the new one.
        if (!second.won || !third.won) throw new Error("both won");
        expect(await store.approverRequests.posted(key, "U1", second.token, where)).toBe(false);
        await store.approverRequests.release(key, "U1", second.token);
        expect(await store.approverRequests.get(key, "U1")).toMatchObject({ askedAt: clock.now() });
      });
    });

    describe("open homes", () => {
      it("list who opened their Home since a time, the latest first, at most so many", async () => {
        const [a, b, c] = [uniqueId("U"), uniqueId("U"), uniqueId("U")];
        await store.openHomes.opened(a);
        clock.advance(1000);
        await store.openHomes.opened(b);
        clock.advance(1000);
        await store.openHomes.opened(c);
        await store.openHomes.opened(a);
        const since = new Date(testStart.getTime() + 1);
        expect(await store.openHomes.since(since, 10)).toEqual(expect.arrayContaining([a, b, c]));
        expect((await store.openHomes.since(since, 10)).slice(-1)).toEqual([b]);
        expect(await store.openHomes.since(since, 1)).toHaveLength(1);
        expect(await store.openHomes.since(clock.now(), 10)).toEqual(expect.arrayContaining([a, c]));
        expect(await store.openHomes.since(clock.now(), 10)).not.toContain(b);
      });
    });

    describe("retention", () => {
      const nothing = NOTHING_PURGED;
      const purgeAfter = async (ms: number) => store.purge(new Date(testStart.getTime() + ms));

      it("keeps digest occurrences 90 days after they were due, whatever their outcome", async () => {
        await store.purge(clock.now()); // records left by earlier tests
        const channel = uniqueId("C");
        const [posted, claimed] = [testStart, new Date(testStart.getTime() + 1000)];
        await store.occurrences.claim(channel, posted, "replica-a");
        await store.occurrences.finish(channel, posted, { status: "posted", messageTs: "1.2" });
        await store.occurrences.claim(channel, claimed, "replica-a");
        expect(await purgeAfter(90 * DAY_MS)).toEqual(nothing);
        expect(await purgeAfter(90 * DAY_MS + 1)).toEqual({ ...nothing, digestOccurrences: 1 });
        expect(await store.occurrences.last(channel)).toMatchObject({ scheduledFor: claimed });
        expect(await purgeAfter(90 * DAY_MS + 1001)).toEqual({ ...nothing, digestOccurrences: 1 });
        expect(await store.occurrences.last(channel)).toBeUndefined();
      });

      it("keeps announced invitations 90 days, after which they are unknown", async () => {
        await store.purge(clock.now());
        const key = uniqueId("engi-");
        await store.announced.mark([key]);
        expect(await purgeAfter(90 * DAY_MS)).toEqual(nothing);
        expect(await store.announced.known([key])).toEqual([key]);
        expect(await purgeAfter(90 * DAY_MS + 1)).toEqual({ ...nothing, announcedInvitations: 1 });
        expect(await store.announced.known([key])).toEqual([]);
      });

      it("keeps decisions and the audit log of their attempts 365 days by default, finished or not", async () => {
        await store.purge(clock.now());
        const [finished, pending] = [claimOf(), claimOf()];
        await store.decisions.claim(finished);
        await store.decisions.finish(finished.key, { status: "succeeded" });
        await store.decisions.claim(pending);
        expect(await purgeAfter(365 * DAY_MS)).toEqual(nothing);
        expect(await store.decisions.history(testStart, 10)).toHaveLength(2);
        expect(await purgeAfter(365 * DAY_MS + 1)).toEqual({ ...nothing, decisions: 2, decisionAttempts: 3 });
        expect(await store.decisions.get(finished.key)).toBeUndefined();
        expect(await store.decisions.history(testStart, 10)).toEqual([]);
      });

      it("keeps an opportunity's last state 180 days after it was last seen", async () => {
        await store.purge(clock.now());
        const id = uniqueId("O");
        await store.opportunitySnapshots.save("AWS", id, "{}", undefined);
        clock.advance(DAY_MS);
        await store.opportunitySnapshots.save("AWS", id, "{}", 1);
        expect(await purgeAfter(181 * DAY_MS)).toEqual(nothing);
        expect(await purgeAfter(181 * DAY_MS + 1)).toEqual({ ...nothing, opportunitySnapshots: 1 });
        expect(await store.opportunitySnapshots.get("AWS", id)).toBeUndefined();
      });

      it("keeps approver requests 15 days and open Homes a day", async () => {
        await store.purge(clock.now());
        const key = uniqueId("engagement:AWS:engi-");
        await store.approverRequests.claim(key, "U1", 60_000);
        await store.openHomes.opened(uniqueId("U"));
        expect(await purgeAfter(DAY_MS)).toEqual(nothing);
        expect(await purgeAfter(DAY_MS + 1)).toEqual({ ...nothing, openHomes: 1 });
        expect(await purgeAfter(15 * DAY_MS + 1)).toEqual({ ...nothing, approverRequests: 1 });
        expect(await store.approverRequests.get(key, "U1")).toBeUndefined();
      });

      it("keeps digest subscriptions and alert channels while they are in force", async () => {
        const channel = uniqueId("C");
        await store.subscriptions.save({
          channelId: channel,
          cron: "0 9 * * 1-5",
          timezone: "UTC",
          windowDays: 5,
          catalog: "AWS",
          quiet: false,
          createdBy: "U1",
          createdAt: testStart,
        });
        await store.alertChannels.set(channel, false, "U1");
        await purgeAfter(100 * 365 * DAY_MS);
        expect(await store.subscriptions.get(channel)).toMatchObject({ channelId: channel });
        expect((await store.alertChannels.list()).map((c) => c.channelId)).toContain(channel);
      });
    });

    describe("close", () => {
      it("waits for calls in flight, is idempotent, and rejects later calls", async () => {
        const own = await open({ now: clock.now, logger: log.logger });
        const keys = Array.from({ length: 20 }, () => uniqueId("close-"));
        const inFlight = Promise.all(keys.map((k) => own.claimOnce(k)));
        const closing = own.close();
        expect(own.close()).toBe(closing);
        await closing;
        expect(await inFlight).toEqual(keys.map(() => true));
        await expect(own.claimOnce("after-close")).rejects.toThrow(new StoreError("The store is closed."));
        await own.close();
      });
    });

    it("logs no warnings or errors during normal use", () => {
      expect(log.entries.filter((e) => e.level === "warn" || e.level === "error")).toEqual([]);
    });
  });
}
