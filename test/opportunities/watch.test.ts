import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type Emulator, type OpportunityRecord, startEmulator } from "../../dev/emulator/index.ts";
import type { AlertPoster } from "../../src/alerts/watcher.ts";
import { OpportunityActions } from "../../src/opportunities/actions.ts";
import { type OpportunityPost, parseOpportunityPost } from "../../src/opportunities/post.ts";
import { parseState } from "../../src/opportunities/state.ts";
import { OpportunityWatch } from "../../src/opportunities/watch.ts";
import { createPartnerCentralClients, destroyClients } from "../../src/partnercentral/clients.ts";
import { createPartnerCentral } from "../../src/partnercentral/index.ts";
import type { Store } from "../../src/store/index.ts";
import { emulatorClientOptions } from "../helpers/harness.ts";
import { memoryStore } from "../helpers/memory-store.ts";

/**
 * Following opportunities, against the local Partner Central: what a look reads (and does not), what a
 * change records in the outbox and where, and what is shown again.
 */

let emulator: Emulator;
let clients: ReturnType<typeof createPartnerCentralClients>;
let store: Store;
let channels: string[];
const delivered: string[][] = [];
const shownIds: string[] = [];
const silent = { info() {}, warn() {} };
const poster = {} as AlertPoster;

beforeAll(async () => {
  emulator = await startEmulator({ seed: { opportunities: 6 }, maxPageSize: 2 });
  clients = createPartnerCentralClients({
    region: "us-east-1",
    maxAttempts: 2,
    ...emulatorClientOptions(emulator),
  });
});
afterAll(async () => {
  destroyClients(clients);
  await emulator.close();
});
beforeEach(async () => {
  store = await memoryStore(() => new Date());
  channels = ["C1"];
  delivered.length = 0;
  shownIds.length = 0;
  emulator.resetCalls();
});

function watch(options: { readsPerSecond?: number } = {}): OpportunityWatch {
  const partnerCentral = createPartnerCentral(clients);
  const w = new OpportunityWatch({
    partnerCentral,
    store,
    channels: async () => channels,
    alerts: {
      deliver: async (_poster, options) => {
        delivered.push(options?.only ?? []);
        return 0;
      },
    },
    catalog: "AWS",
    clock: () => new Date(),
    logger: silent,
    readsPerSecond: options.readsPerSecond ?? 1000,
  });
  w.connect(poster, async (details) => {
    shownIds.push(details.opportunity.id);
  });
  return w;
}

const operations = (name: string) => emulator.calls.filter((c) => c.operation === name);
const waiting = async (channel: string): Promise<Array<{ post?: OpportunityPost; threadTs?: string }>> =>
  (await store.alertOutbox.lease(channel, 1000)).alerts.map((a) => ({
    ...(a.payload ? { post: parseOpportunityPost(a.payload) } : {}),
    ...(a.threadTs ? { threadTs: a.threadTs } : {}),
  }));

function approved(): OpportunityRecord {
  const o = emulator.addOpportunity();
  o.LifeCycle = { ...o.LifeCycle, ReviewStatus: "Approved", Stage: "Qualified" };
  return o;
}

describe("a look", () => {
  it("first records when it looked and what is open, telling nothing; then reads only what was modified since", async () => {
    const w = watch();
    const action = approved();
    action.LifeCycle = { ...action.LifeCycle, ReviewStatus: "Action Required", ReviewComments: "Fix it." };
    const first = await w.look();
    expect(first).toMatchObject({ modified: 0, told: 0 });
    expect(first.recorded).toBeGreaterThan(0);
    expect(delivered).toEqual([]);
    expect(await waiting("C1")).toEqual([]);

    emulator.resetCalls();
    const listKept = vi.spyOn(store.opportunitySnapshots, "list");
    const second = await w.look();
    expect(second).toEqual({ modified: 0, told: 0, recorded: 0 });
    // What the app kept is looked up for the opportunities listed as modified alone.
    expect(listKept).not.toHaveBeenCalled();
    const list = operations("ListOpportunities");
    expect(list.every((c) => c.input.LastModifiedDate)).toBe(true);
    expect(operations("GetOpportunity")).toEqual([]);

    const moved = approved();
    emulator.requestActionOnOpportunity(moved.Id, { comments: "Name the use case.", reason: "Other" });
    const third = await w.look();
    expect(third).toMatchObject({ modified: 1, told: 1 });
    const [posted] = await waiting("C1");
    expect(posted?.post).toMatchObject({
      id: moved.Id,
      changes: [{ kind: "reviewStatus", to: "Action Required", comments: "Name the use case." }],
      // Made after the first look: the app first sees it now, waiting on the team.
      firstSighting: true,
    });
    expect(delivered).toHaveLength(1);
    expect(shownIds).toContain(moved.Id);
  });

  it("reads again at the next look what Partner Central could not answer", async () => {
    const w = watch();
    await w.look();
    const o = approved();
    emulator.requestActionOnOpportunity(o.Id);
    emulator.injectFault("GetOpportunity", "InternalServerException", 2);
    expect(await w.look()).toMatchObject({ modified: 1, told: 0 });
    expect(await w.look()).toMatchObject({ modified: 1, told: 1 });
    expect(await w.look()).toMatchObject({ modified: 0, told: 0 });
  });

  it("reads nothing while no channel gets alerts", async () => {
    channels = [];
    const w = watch();
    await w.look();
    emulator.requestActionOnOpportunity(approved().Id);
    await w.look();
    expect(emulator.calls).toEqual([]);
  });
});

describe("several replicas", () => {
  it("look once an interval between them: the first to start a look claims it", async () => {
    const replicas = [watch(), watch()];
    for (const replica of replicas) replica.start(3_600_000);
    for (const replica of replicas) await replica.stop();
    const listings = operations("ListOpportunities").filter((c) => c.input.NextToken === undefined);
    expect(listings).toHaveLength(1);
    expect(await store.opportunityLooks.last("AWS")).toBeDefined();
  });
});

describe("seeing one opportunity", () => {
  it("tells a change once however often it is seen, and nothing when unchanged", async () => {
    const w = watch();
    const o = approved();
    expect((await w.seen({ catalog: "AWS", id: o.Id })).changes).toEqual([]);
    emulator.updateAwsNextSteps(o.Id, "Joint call");
    const seen = await Promise.all([1, 2, 3].map(() => w.seen({ catalog: "AWS", id: o.Id })));
    expect(seen.flatMap((s) => s.changes)).toEqual([
      { kind: "awsNextSteps", from: expect.any(String), to: "Joint call" },
    ]);
    expect((await waiting("C1")).map((p) => p.post?.id)).toEqual([o.Id]);
  });

  it("posts in the thread of the alert that announced its invitation, in the channels still getting alerts", async () => {
    const w = watch();
    const o = approved();
    const invitation = `engagement:AWS:engi-${o.Id.toLowerCase()}`;
    await store.decisions.claim({
      key: invitation,
      invitationKind: "engagement",
      invitationId: `engi-${o.Id.toLowerCase()}`,
      catalog: "AWS",
      action: "accept",
      userId: "U1",
    });
    await store.decisions.finish(invitation, { status: "succeeded", resultId: o.Id });
    await store.alertOutbox.enqueue([invitation], ["C1", "C2"]);
    for (const [channel, ts] of [
      ["C1", "1.100"],
      ["C2", "2.200"],
    ] as const) {
      const lease = await store.alertOutbox.lease(channel, 1000);
      await store.alertOutbox.settle(lease.token, [invitation], { status: "posted", messageTs: ts });
    }
    await w.seen({ catalog: "AWS", id: o.Id });
    emulator.requestActionOnOpportunity(o.Id);
    await w.seen({ catalog: "AWS", id: o.Id });
    expect((await waiting("C1")).map((p) => p.threadTs)).toEqual(["1.100"]);
    expect(await waiting("C2")).toEqual([]);
  });

  it("asks Partner Central which invitation made an opportunity the app did not accept, once", async () => {
    const w = watch();
    const invitation = emulator.addEngagementInvitation();
    await createPartnerCentral(clients).engagements.startAccept("AWS", invitation.Id, "token-1");
    const opportunityId = await vi.waitFor(() => {
      const task = [...emulator.state.tasks.values()].find((t) => t.EngagementInvitationId === invitation.Id);
      if (!task?.OpportunityId) throw new Error("still accepting");
      return task.OpportunityId;
    });
    const key = `engagement:AWS:${invitation.Id}`;
    await store.alertOutbox.enqueue([key], ["C1"]);
    const lease = await store.alertOutbox.lease("C1", 1000);
    await store.alertOutbox.settle(lease.token, [key], { status: "posted", messageTs: "9.900" });
    await w.seen({ catalog: "AWS", id: opportunityId });
    emulator.requestActionOnOpportunity(opportunityId);
    emulator.resetCalls();
    await w.seen({ catalog: "AWS", id: opportunityId });
    expect(operations("ListEngagementByAcceptingInvitationTasks")).toHaveLength(1);
    expect((await waiting("C1")).map((p) => p.threadTs)).toEqual(["9.900"]);
    emulator.updateAwsNextSteps(opportunityId, "Call");
    emulator.resetCalls();
    await w.seen({ catalog: "AWS", id: opportunityId });
    expect(operations("ListEngagementByAcceptingInvitationTasks")).toHaveLength(0);
  });
});

describe("an approver's change", () => {
  it("is read again for its reply at once, not at the pace of the background reads", async () => {
    // One opportunity every 2,000 seconds in the background: the first read goes at once, the next waits.
    const w = watch({ readsPerSecond: 0.001 });
    await w.seen({ catalog: "AWS", id: approved().Id });
    const o = approved();
    const actions = new OpportunityActions({
      opportunities: createPartnerCentral(clients).opportunities,
      store,
      watch: w,
      logger: silent,
    });
    const result = await actions.updateNextSteps(
      { catalog: "AWS", id: o.Id, seenModifiedAt: o.LastModifiedDate },
      "U0APPROVER1",
      "Book the workshop",
    );
    expect(result).toMatchObject({ kind: "done", record: { status: "succeeded" } });
    const kept = await store.opportunitySnapshots.get("AWS", o.Id);
    expect(parseState(kept?.state ?? "")?.nextSteps).toBe("Book the workshop");
    expect(shownIds).toContain(o.Id);
  });
});
