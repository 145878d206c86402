import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observe } from "../../src/opportunities/observe.ts";
import type { OpportunityState } from "../../src/opportunities/state.ts";
import type { Store } from "../../src/store/index.ts";
import { memoryStore } from "../helpers/memory-store.ts";
import { DAY_MS, testClock, uniqueId } from "../store/helpers.ts";

const clock = testClock();
let store: Store;

beforeAll(async () => {
  store = await memoryStore(clock.now);
});
afterAll(() => store.close());

const stateOf = (change: Partial<OpportunityState> = {}): OpportunityState => ({
  id: uniqueId("O"),
  catalog: "AWS",
  lastModifiedAt: "2026-03-01T10:00:00.000Z",
  stage: "Qualified",
  reviewStatus: "In review",
  team: [],
  aws: { nextSteps: "Intro" },
  ...change,
});

describe("observe", () => {
  it("keeps the first sighting and tells each later change once", async () => {
    const first = stateOf();
    expect(await observe(store.opportunitySnapshots, first, clock.now)).toEqual({
      changes: [],
      firstSighting: true,
      stale: false,
      updated: true,
      posted: [],
    });
    const asked = { ...first, lastModifiedAt: "2026-03-02T10:00:00.000Z", reviewStatus: "Action Required" };
    expect((await observe(store.opportunitySnapshots, asked, clock.now)).changes).toEqual([
      { kind: "reviewStatus", from: "In review", to: "Action Required" },
    ]);
    expect((await observe(store.opportunitySnapshots, asked, clock.now)).changes).toEqual([]);
  });

  it("gives a change seen by several processes at once to exactly one of them", async () => {
    const first = stateOf();
    await observe(store.opportunitySnapshots, first, clock.now);
    const moved = { ...first, lastModifiedAt: "2026-03-02T10:00:00.000Z", stage: "Committed" };
    const seen = await Promise.all(
      Array.from({ length: 8 }, () => observe(store.opportunitySnapshots, moved, clock.now)),
    );
    expect(seen.flatMap((s) => s.changes)).toEqual([{ kind: "stage", from: "Qualified", to: "Committed" }]);
  });

  it("drops an answer overtaken by a newer one, and keeps AWS's side it could not read this time", async () => {
    const newer = stateOf({ lastModifiedAt: "2026-03-05T00:00:00.000Z" });
    await observe(store.opportunitySnapshots, newer, clock.now);
    expect(
      await observe(
        store.opportunitySnapshots,
        { ...newer, lastModifiedAt: "2026-03-04T00:00:00.000Z", stage: "Prospect" },
        clock.now,
      ),
    ).toEqual({
      changes: [],
      firstSighting: false,
      stale: true,
      updated: false,
      posted: [],
    });
    const { aws: _, ...unread } = newer;
    await observe(store.opportunitySnapshots, { ...unread, stage: "Committed" }, clock.now);
    const kept = await store.opportunitySnapshots.get("AWS", newer.id);
    expect(JSON.parse(kept?.state ?? "{}")).toMatchObject({
      stage: "Committed",
      aws: { nextSteps: "Intro" },
    });
    expect(
      (
        await observe(
          store.opportunitySnapshots,
          { ...newer, stage: "Committed", aws: { nextSteps: "Next" } },
          clock.now,
        )
      ).changes,
    ).toEqual([{ kind: "awsNextSteps", from: "Intro", to: "Next" }]);
  });

  it("writes an unchanged state again only once a day, to keep its last sighting within retention", async () => {
    const state = stateOf();
    await observe(store.opportunitySnapshots, state, clock.now);
    await observe(store.opportunitySnapshots, state, clock.now);
    expect((await store.opportunitySnapshots.get("AWS", state.id))?.version).toBe(1);
    clock.advance(DAY_MS);
    await observe(store.opportunitySnapshots, state, clock.now);
    expect(await store.opportunitySnapshots.get("AWS", state.id)).toMatchObject({
      version: 2,
      seenAt: clock.now(),
    });
  });

  it("records the posts a change calls for with the state that shows it, by the one process that won", async () => {
    const first = stateOf();
    await observe(store.opportunitySnapshots, first, clock.now);
    const asked = { ...first, lastModifiedAt: "2026-03-02T10:00:00.000Z", reviewStatus: "Action Required" };
    const announced: string[] = [];
    const seen = await Promise.all(
      Array.from({ length: 5 }, () =>
        observe(store.opportunitySnapshots, asked, clock.now, {
          announce: async ({ changes, state }) => {
            announced.push(changes.map((c) => c.kind).join());
            const origin = { threads: [{ channelId: "C1", ts: "1.1" }] };
            return { posts: [{ channelId: "C1", payload: "{}" }], state: { ...state, origin } };
          },
        }),
      ),
    );
    const posted = seen.flatMap((s) => s.posted);
    expect(posted).toEqual([`opportunity:AWS:${first.id}:2`]);
    const lease = await store.alertOutbox.lease("C1", 60_000, posted);
    expect(lease.alerts.map((a) => a.invitationKey)).toEqual(posted);
    expect(JSON.parse((await store.opportunitySnapshots.get("AWS", first.id))?.state ?? "{}")).toMatchObject({
      reviewStatus: "Action Required",
      origin: { threads: [{ channelId: "C1", ts: "1.1" }] },
    });
    expect(announced.length).toBeGreaterThanOrEqual(1);
  });

  it("tells nothing of a first sighting when quiet, and keeps where it came from once known", async () => {
    const state = stateOf({ reviewStatus: "Action Required" });
    const origin = { invitationKey: "engagement:AWS:engi-1", threads: [{ channelId: "C1", ts: "1.2" }] };
    const quiet = await observe(store.opportunitySnapshots, state, clock.now, {
      quiet: true,
      prepare: async (current) => ({ ...current, origin }),
    });
    expect(quiet).toMatchObject({ changes: [], firstSighting: true });
    const later = { ...state, lastModifiedAt: "2026-03-09T00:00:00.000Z", stage: "Committed" };
    expect((await observe(store.opportunitySnapshots, later, clock.now)).changes).toEqual([
      { kind: "stage", from: "Qualified", to: "Committed" },
    ]);
    const kept = JSON.parse((await store.opportunitySnapshots.get("AWS", state.id))?.state ?? "{}");
    expect(kept.origin).toEqual(origin);
  });
});
