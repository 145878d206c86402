import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OpportunityActionClaim, Store } from "../../src/store/index.ts";
import { captureLogger, DAY_MS, NOTHING_PURGED, testClock, uniqueId } from "./helpers.ts";
import type { OpenTestStore } from "./store-contract.ts";

/**
 * What following opportunities adds to the store, on every backend: actions claimed once with their audit
 * log, states saved with the posts they call for in one write, where invitations' alerts were posted, and
 * when the app last looked.
 */
export function describeOpportunityStoreContract(backend: string, open: OpenTestStore): void {
  describe(`Opportunity store contract on ${backend}`, () => {
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

    const claimOf = (overrides: Partial<OpportunityActionClaim> = {}): OpportunityActionClaim => ({
      key: uniqueId("assign:AWS:O1:"),
      catalog: "AWS",
      opportunityId: uniqueId("O"),
      title: "Data lake",
      action: "assign",
      userId: "U1",
      subject: "Alex Rivera <alex@example.com>",
      ...overrides,
    });

    describe("opportunity actions", () => {
      it("are won by the first claim; a second claim loses and sees the first", async () => {
        const claim = claimOf();
        const first = await store.opportunityActions.claim(claim);
        expect(first).toEqual({
          won: true,
          record: { ...claim, status: "pending", attempts: 1, createdAt: testStart },
        });
        const second = await store.opportunityActions.claim({ ...claim, userId: "U2" });
        expect(second).toEqual({ won: false, record: first.record });
      });

      it("are won exactly once by 50 concurrent claims", async () => {
        const claim = claimOf();
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.opportunityActions.claim({ ...claim, userId: `U${i}` })),
        );
        expect(results.filter((r) => r.won)).toHaveLength(1);
      });

      it("may be claimed again after a failure or once pending for 15 minutes, never once done", async () => {
        const claim = claimOf();
        await store.opportunityActions.claim(claim);
        const failed = await store.opportunityActions.finish(claim.key, 1, {
          status: "failed",
          detail: "not a Partner Central user",
          awsRequestId: "req-1",
        });
        expect(failed).toMatchObject({
          status: "failed",
          detail: "not a Partner Central user",
          finishedAt: clock.now(),
        });
        const retry = await store.opportunityActions.claim({ ...claim, userId: "U2" });
        expect(retry).toMatchObject({ won: true, record: { attempts: 2, userId: "U2", status: "pending" } });
        expect(retry.record.detail).toBeUndefined();
        clock.advance(15 * 60_000 - 1);
        expect((await store.opportunityActions.claim(claim)).won).toBe(false);
        clock.advance(2);
        const taken = await store.opportunityActions.claim({ ...claim, userId: "U3" });
        expect(taken).toMatchObject({ won: true, record: { attempts: 3 } });
        // The attempt taken over cannot finish any more; the one that took it over can.
        expect(await store.opportunityActions.finish(claim.key, 2, { status: "succeeded" })).toMatchObject({
          attempts: 3,
          status: "pending",
        });
        await store.opportunityActions.finish(claim.key, 3, { status: "succeeded", awsRequestId: "req-3" });
        expect((await store.opportunityActions.claim(claim)).won).toBe(false);
        expect(await store.opportunityActions.get(claim.key)).toMatchObject({
          status: "succeeded",
          awsRequestId: "req-3",
          userId: "U3",
        });
      });

      it("keep every attempt in the audit log as it last stood, newest first, an abandoned one as such", async () => {
        const [a, b] = [claimOf(), claimOf({ action: "next-steps", subject: "Call the CTO" })];
        await store.opportunityActions.claim(a);
        clock.advance(15 * 60_000 + 1);
        await store.opportunityActions.claim({ ...a, userId: "U2" });
        await store.opportunityActions.finish(a.key, 2, { status: "succeeded", awsRequestId: "req-a" });
        clock.advance(1000);
        await store.opportunityActions.claim(b);
        await store.opportunityActions.finish(b.key, 1, { status: "conflict", detail: "changed meanwhile" });
        const history = await store.opportunityActions.history(testStart, 10);
        expect(history.map((h) => [h.key, h.attempt, h.status, h.userId])).toEqual([
          [b.key, 1, "conflict", "U1"],
          [a.key, 2, "succeeded", "U2"],
          [a.key, 1, "abandoned", "U1"],
        ]);
        expect(history[0]).toMatchObject({
          action: "next-steps",
          subject: "Call the CTO",
          title: "Data lake",
          detail: "changed meanwhile",
          finishedAt: clock.now(),
          recordedAt: clock.now(),
        });
        expect(history[1]).toMatchObject({ awsRequestId: "req-a", opportunityId: a.opportunityId });
        expect(await store.opportunityActions.history(testStart, 1)).toHaveLength(1);
      });

      it("are kept, with their audit log, 365 days by default", async () => {
        // What earlier tests left, up to a day after they ran.
        await store.purge(new Date(testStart.getTime() + DAY_MS));
        const claim = claimOf();
        await store.opportunityActions.claim(claim);
        await store.opportunityActions.finish(claim.key, 1, { status: "succeeded" });
        const at = (ms: number) => store.purge(new Date(testStart.getTime() + ms));
        expect(await at(365 * DAY_MS)).toEqual(NOTHING_PURGED);
        expect(await at(365 * DAY_MS + 1)).toEqual({
          ...NOTHING_PURGED,
          opportunityActions: 1,
          opportunityActionAttempts: 2,
        });
        expect(await store.opportunityActions.get(claim.key)).toBeUndefined();
      });
    });

    describe("opportunity states with their posts", () => {
      it("record the posts with the state that won, in the same write, once", async () => {
        const [id, channel] = [uniqueId("O"), uniqueId("C")];
        const post = { key: `opportunity:AWS:${id}:1`, channelId: channel, payload: '{"changes":[]}' };
        const saved = await store.opportunitySnapshots.save("AWS", id, "{}", undefined, [
          { ...post, threadTs: "1700000000.000100" },
        ]);
        expect(saved).toMatchObject({ version: 1 });
        // A save that loses records nothing.
        expect(
          await store.opportunitySnapshots.save("AWS", id, "{}", undefined, [
            { ...post, key: `opportunity:AWS:${id}:lost` },
          ]),
        ).toBeUndefined();
        const lease = await store.alertOutbox.lease(channel, 60_000);
        expect(lease.alerts).toEqual([
          {
            invitationKey: post.key,
            channelId: channel,
            attempts: 0,
            createdAt: testStart,
            payload: post.payload,
            threadTs: "1700000000.000100",
          },
        ]);
        expect(await store.opportunitySnapshots.list("AWS")).toContainEqual(saved);
        expect((await store.opportunitySnapshots.list("Sandbox")).map((s) => s.opportunityId)).not.toContain(
          id,
        );
      });

      it("say where an invitation's alert was posted", async () => {
        const [key, c1, c2] = [uniqueId("engagement:AWS:engi-"), uniqueId("C1"), uniqueId("C2")];
        await store.alertOutbox.enqueue([key], [c2, c1]);
        const lease = await store.alertOutbox.lease(c1, 60_000);
        await store.alertOutbox.settle(lease.token, [key], { status: "posted", messageTs: "1.5" });
        expect(await store.alertOutbox.postedAlerts(key)).toEqual([{ channelId: c1, messageTs: "1.5" }]);
      });
    });

    it("finds the decision that made an opportunity", async () => {
      const [invitation, opportunity] = [uniqueId("engi-"), uniqueId("O")];
      const key = `engagement:AWS:${invitation}`;
      await store.decisions.claim({
        key,
        invitationKind: "engagement",
        invitationId: invitation,
        catalog: "AWS",
        action: "accept",
        userId: "U1",
      });
      expect(await store.decisions.findByResult("AWS", opportunity)).toBeUndefined();
      await store.decisions.finish(key, { status: "succeeded", resultId: opportunity });
      expect(await store.decisions.findByResult("AWS", opportunity)).toMatchObject({
        key,
        resultId: opportunity,
      });
      expect(await store.decisions.findByResult("Sandbox", opportunity)).toBeUndefined();
    });

    it("remembers the latest look per catalog, never an earlier one", async () => {
      const before = await store.opportunityLooks.last("Sandbox");
      const later = new Date(Math.max(testStart.getTime(), before?.getTime() ?? 0) + 1000);
      await store.opportunityLooks.advance("Sandbox", later);
      await store.opportunityLooks.advance("Sandbox", new Date(later.getTime() - 500));
      expect(await store.opportunityLooks.last("Sandbox")).toEqual(later);
    });

    it("logs no warnings or errors during normal use", () => {
      expect(log.entries.filter((e) => e.level === "warn" || e.level === "error")).toEqual([]);
    });
  });
}
