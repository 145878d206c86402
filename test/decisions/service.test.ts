import { describe, expect, it } from "vitest";
import {
  type Claim,
  type DecisionCalls,
  type DecisionRequest,
  Decisions,
} from "../../src/decisions/service.ts";
import { PartnerCentralError } from "../../src/partnercentral/errors.ts";
import type {
  AcceptTask,
  ConnectionInvitationDetails,
  EngagementInvitationDetails,
  Invitation,
} from "../../src/partnercentral/model.ts";
import { type ActionRecord, STALE_ACTION_MS } from "../../src/store/index.ts";
import { memoryStore } from "../helpers/memory-store.ts";

const ENGAGEMENT = "engi-0jv1hd3bdn2c4";
const CONNECTION = "pacinv-2bq0ypzeqx1kf";

/** An invitation as Partner Central's Get answers it (the details a decision does not read left empty). */
const invitation = (overrides: Partial<Invitation> = {}): EngagementInvitationDetails => ({
  id: ENGAGEMENT,
  catalog: "AWS",
  title: "Data lake for Acme",
  counterpart: { name: "Amazon Web Services" },
  role: "RECEIVER",
  status: "PENDING",
  expiryDerived: false,
  payloadType: "OpportunityInvitation",
  engagementId: "eng-0f1qc9agjm2hvv",
  senderContacts: [],
  existingMembers: [],
  receiverResponsibilities: [],
  ...overrides,
  kind: "engagement",
});

const connectionInvitation: ConnectionInvitationDetails = {
  ...invitation({
    id: CONNECTION,
    title: "Opportunity collaboration",
    counterpart: { name: "Example Partner", identifier: "111122223333" },
  }),
  kind: "connection",
};

/** Partner Central as a decision sees it: each call recorded; `answers` replaces what a call does. */
function fakePartnerCentral(answers: Partial<Record<string, (...args: unknown[]) => Promise<unknown>>> = {}) {
  const calls: Array<{ call: string; args: unknown[] }> = [];
  const call =
    <T>(name: string, result: () => T) =>
    async (...args: unknown[]): Promise<T> => {
      calls.push({ call: name, args });
      const answer = answers[name];
      return answer ? ((await answer(...args)) as T) : result();
    };
  const task = (status: string): AcceptTask => ({ taskId: "task-1", invitationId: ENGAGEMENT, status });
  const partnerCentral: DecisionCalls = {
    engagements: {
      reject: call("engagements.reject", () => ({ requestId: "req-reject" })),
      startAccept: call("engagements.startAccept", () => ({
        ...task("IN_PROGRESS"),
        requestId: "req-accept",
      })),
      getAcceptTask: call("engagements.getAcceptTask", () => ({
        ...task("COMPLETE"),
        opportunityId: "O1234",
      })),
      latestAcceptTask: call("engagements.latestAcceptTask", () => ({
        ...task("COMPLETE"),
        opportunityId: "O5678",
      })),
      acceptTaskForOpportunity: call("engagements.acceptTaskForOpportunity", () => ({
        ...task("COMPLETE"),
        opportunityId: "O1234",
      })),
      acceptLead: call("engagements.acceptLead", () => ({ requestId: "req-lead" })),
      get: call("engagements.get", () => ({ ...invitation(), role: undefined })),
      getWithSide: call("engagements.getWithSide", () => invitation()),
    },
    connections: {
      accept: call("connections.accept", () => ({
        requestId: "req-accept",
        connectionId: "pac-5eki7xrgn2dbh",
      })),
      reject: call("connections.reject", () => ({ requestId: "req-reject" })),
      cancel: call("connections.cancel", () => ({ requestId: "req-cancel" })),
      getInvitation: call("connections.getInvitation", () => connectionInvitation),
    },
  };
  const lookups = new Set(["engagements.get", "engagements.getWithSide", "connections.getInvitation"]);
  return {
    partnerCentral,
    calls,
    /** The calls that decide or follow a decision, without the lookups before them. */
    awsCalls: () => calls.map((c) => c.call).filter((c) => !lookups.has(c)),
  };
}

async function decisions(fake: ReturnType<typeof fakePartnerCentral>, clock = () => new Date()) {
  const store = await memoryStore(clock);
  return {
    store,
    decisions: new Decisions({ ...fake, store, clock, taskPollMs: 1, taskWaitMs: 50 }),
  };
}

const request = (overrides: Partial<DecisionRequest> = {}): DecisionRequest => ({
  kind: "connection",
  catalog: "AWS",
  invitationId: CONNECTION,
  action: "accept",
  userId: "U0APPROVER1",
  ...overrides,
});

const engagementRequest = (overrides: Partial<DecisionRequest> = {}) =>
  request({ kind: "engagement", invitationId: ENGAGEMENT, ...overrides });

function won(claim: Claim): Extract<Claim, { won: true }> {
  if (!claim.won) throw new Error("the claim was lost");
  return claim;
}

async function decide(d: Decisions, r: DecisionRequest) {
  const claim = won(await d.claim(r));
  return d.execute(claim.record, claim.invitation);
}

describe("Decisions", () => {
  it("accepts a connection invitation with one call, its client token naming the attempt, its title kept", async () => {
    const fake = fakePartnerCentral();
    const { decisions: d } = await decisions(fake);
    const record = await decide(d, request());
    expect(record).toMatchObject({
      status: "succeeded",
      resultId: "pac-5eki7xrgn2dbh",
      awsRequestId: "req-accept",
      attempts: 1,
      title: "Example Partner · Opportunity collaboration",
    });
    expect(fake.calls).toEqual([
      { call: "connections.getInvitation", args: ["AWS", CONNECTION] },
      { call: "connections.accept", args: ["AWS", CONNECTION, `accept-${CONNECTION}-1`] },
    ]);
  });

  it("lets one of many concurrent claims win; the others see its decision", async () => {
    const { decisions: d } = await decisions(fakePartnerCentral());
    const claims = await Promise.all(
      Array.from({ length: 5 }, (_, i) => d.claim(request({ userId: `U${i}` }))),
    );
    expect(claims.filter((c) => c.won)).toHaveLength(1);
    const winner = claims.find((c) => c.won);
    for (const claim of claims) {
      expect("record" in claim && claim.record.userId).toBe(
        winner && "record" in winner && winner.record.userId,
      );
    }
  });

  it("does not look up an invitation whose decision is made or under way", async () => {
    const fake = fakePartnerCentral();
    const { decisions: d } = await decisions(fake);
    await decide(d, request());
    fake.calls.length = 0;
    expect(await d.claim(request({ userId: "U2" }))).toMatchObject({
      won: false,
      record: { status: "succeeded" },
    });
    expect(fake.calls).toEqual([]);
  });

  it("refuses, calling nothing, what does not apply to our side: accepting one we sent, cancelling one we received", async () => {
    const fake = fakePartnerCentral({
      "engagements.getWithSide": async () => invitation({ role: "SENDER" }),
    });
    const { decisions: d, store } = await decisions(fake);
    expect(await d.claim(engagementRequest())).toEqual({
      won: false,
      refused: "Your team sent this invitation: only the partner it was sent to can accept or reject it.",
    });
    expect(await d.claim(request({ action: "cancel" }))).toEqual({
      won: false,
      refused: "This invitation was sent to your team: only its sender can cancel it.",
    });
    expect(fake.awsCalls()).toEqual([]);
    expect(await store.decisions.history(new Date(0), 10)).toEqual([]);
  });

  it("accepts an engagement invitation through its task, following it until it completes", async () => {
    let polls = 0;
    const fake = fakePartnerCentral({
      "engagements.getAcceptTask": async () => ({
        taskId: "task-1",
        invitationId: ENGAGEMENT,
        status: ++polls < 3 ? "IN_PROGRESS" : "COMPLETE",
        opportunityId: "O1234",
      }),
    });
    const { decisions: d } = await decisions(fake);
    const record = await decide(d, engagementRequest());
    expect(record).toMatchObject({ status: "succeeded", resultId: "O1234", awsRequestId: "req-accept" });
    expect(record.taskId).toBeUndefined();
    expect(fake.awsCalls()).toEqual([
      "engagements.startAccept",
      "engagements.getAcceptTask",
      "engagements.getAcceptTask",
      "engagements.getAcceptTask",
    ]);
  });

  it("accepts a lead invitation with AcceptEngagementInvitation: it joins the engagement, no opportunity", async () => {
    const fake = fakePartnerCentral({
      "engagements.getWithSide": async () => invitation({ payloadType: "LeadInvitation" }),
    });
    const { decisions: d } = await decisions(fake);
    expect(await decide(d, engagementRequest())).toMatchObject({
      status: "succeeded",
      resultId: "eng-0f1qc9agjm2hvv",
      awsRequestId: "req-lead",
    });
    expect(fake.awsCalls()).toEqual(["engagements.acceptLead"]);
  });

  it("records why Partner Central could not accept, and spends the task's client token", async () => {
    const fake = fakePartnerCentral({
      "engagements.getAcceptTask": async () => ({
        taskId: "task-1",
        invitationId: ENGAGEMENT,
        status: "FAILED",
        message: "The opportunity could not be created",
        reasonCode: "RESOURCE_SNAPSHOT_NOT_FOUND",
      }),
    });
    const { decisions: d } = await decisions(fake);
    expect(await decide(d, engagementRequest())).toMatchObject({
      status: "failed",
      detail:
        "Partner Central could not accept it: The opportunity could not be created (RESOURCE_SNAPSHOT_NOT_FOUND)",
    });
    await decide(d, engagementRequest());
    const tokens = fake.calls.filter((c) => c.call === "engagements.startAccept").map((c) => c.args[2]);
    expect(tokens).toEqual([`accept-${ENGAGEMENT}-1`, `accept-${ENGAGEMENT}-2`]);
  });

  it("leaves an accept still running after the wait pending with its task, and follows it to its end", async () => {
    let running = true;
    const fake = fakePartnerCentral({
      "engagements.getAcceptTask": async () => ({
        taskId: "task-1",
        invitationId: ENGAGEMENT,
        status: running ? "IN_PROGRESS" : "COMPLETE",
        opportunityId: "O1234",
      }),
    });
    const { decisions: d } = await decisions(fake);
    const shown: ActionRecord[] = [];
    const record = await decide(d, engagementRequest());
    expect(record).toMatchObject({ status: "pending", taskId: "task-1", awsRequestId: "req-accept" });

    // Another click is told it is under way, and nothing more is sent.
    const before = fake.awsCalls().length;
    expect(await d.claim(engagementRequest({ userId: "U2" }))).toMatchObject({
      won: false,
      record: { status: "pending", taskId: "task-1" },
    });
    expect(await d.followUp()).toEqual([]);
    running = false;
    d.start(async (finished) => {
      shown.push(finished);
    });
    await d.stop();
    expect(shown).toEqual([
      expect.objectContaining({ status: "succeeded", resultId: "O1234", awsRequestId: "req-accept" }),
    ]);
    expect(fake.awsCalls().slice(before)).toEqual(["engagements.getAcceptTask", "engagements.getAcceptTask"]);
    expect(fake.awsCalls().filter((c) => c === "engagements.startAccept")).toHaveLength(1);
  });

  it("settles an accept still running as soon as Partner Central says its opportunity was created", async () => {
    let running = true;
    const fake = fakePartnerCentral({
      "engagements.getAcceptTask": async () => ({
        taskId: "task-1",
        invitationId: ENGAGEMENT,
        status: "IN_PROGRESS",
      }),
      "engagements.acceptTaskForOpportunity": async () => ({
        taskId: "task-1",
        invitationId: ENGAGEMENT,
        status: running ? "IN_PROGRESS" : "COMPLETE",
        opportunityId: "O1234",
      }),
    });
    const { decisions: d } = await decisions(fake);
    expect(await d.settleFromOpportunity("AWS", "O1234")).toBeUndefined();
    expect(fake.awsCalls()).not.toContain("engagements.acceptTaskForOpportunity");
    await decide(d, engagementRequest());
    // Still running: left to the follower.
    expect(await d.settleFromOpportunity("AWS", "O1234")).toBeUndefined();
    running = false;
    const shown: ActionRecord[] = [];
    d.start(async (finished) => {
      shown.push(finished);
    });
    await d.stop();
    shown.length = 0;
    expect(await d.settleFromOpportunity("AWS", "O1234")).toMatchObject({
      status: "succeeded",
      resultId: "O1234",
    });
    expect(shown).toEqual([expect.objectContaining({ status: "succeeded", resultId: "O1234" })]);
  });

  it("records a Partner Central failure; a retry claims again with the same client token", async () => {
    let fail = true;
    const fake = fakePartnerCentral({
      "connections.accept": async () => {
        if (!fail) return { requestId: "req-2" };
        fail = false;
        throw new PartnerCentralError("Throttling", "Partner Central is throttling.", "Accept", "req-1");
      },
    });
    const { decisions: d } = await decisions(fake);
    expect(await decide(d, request())).toMatchObject({
      status: "failed",
      detail: "Partner Central is throttling.",
      awsRequestId: "req-1",
    });
    expect(await decide(d, request())).toMatchObject({
      status: "succeeded",
      attempts: 2,
      awsRequestId: "req-2",
    });
    const tokens = fake.calls.filter((c) => c.call === "connections.accept").map((c) => c.args[2]);
    expect(tokens).toEqual([`accept-${CONNECTION}-1`, `accept-${CONNECTION}-1`]);
  });

  it("says an action is denied because it does not apply to our side, not for want of a permission", async () => {
    const denied = new PartnerCentralError("AccessDenied", "Allow it in the IAM policy.", "Start", "req-9");
    let side: Invitation["role"] = "RECEIVER";
    const fake = fakePartnerCentral({
      "engagements.startAccept": async () => {
        throw denied;
      },
      "engagements.getWithSide": async () => invitation({ role: side }),
    });
    const { decisions: d } = await decisions(fake);
    const claim = won(await d.claim(engagementRequest()));
    side = "SENDER";
    expect(await d.execute(claim.record, claim.invitation)).toMatchObject({
      status: "failed",
      detail: "Your team sent this invitation: only the partner it was sent to can accept or reject it.",
      awsRequestId: "req-9",
    });
    side = "RECEIVER";
    expect(await decide(d, engagementRequest())).toMatchObject({
      status: "failed",
      detail: "Allow it in the IAM policy.",
    });
  });

  it("records a conflict with the invitation's status as Partner Central now has it", async () => {
    const conflict = () => {
      throw new PartnerCentralError("Conflict", "It changed.", "Reject");
    };
    const known = fakePartnerCentral({
      "engagements.reject": async () => conflict(),
      "engagements.get": async () => invitation({ status: "ACCEPTED" }),
    });
    expect(
      await decide((await decisions(known)).decisions, engagementRequest({ action: "reject" })),
    ).toMatchObject({ status: "conflict", detail: "ACCEPTED" });

    let lookups = 0;
    const unknown = fakePartnerCentral({
      "connections.cancel": async () => conflict(),
      "connections.getInvitation": async () => {
        if (lookups++ === 0) return { ...connectionInvitation, role: "SENDER" };
        throw new PartnerCentralError("Throttling", "Slow down.", "GetConnectionInvitation");
      },
    });
    expect(await decide((await decisions(unknown)).decisions, request({ action: "cancel" }))).toMatchObject({
      status: "conflict",
      detail: "no longer pending",
    });
  });

  it("rejects with the reason given, and an engagement invitation with Other when there is none", async () => {
    const fake = fakePartnerCentral();
    const { decisions: d } = await decisions(fake);
    await decide(d, request({ action: "reject", reason: "Not our region" }));
    await decide(d, engagementRequest({ action: "reject" }));
    expect(fake.calls.filter((c) => fake.awsCalls().includes(c.call))).toEqual([
      { call: "connections.reject", args: ["AWS", CONNECTION, `reject-${CONNECTION}-1`, "Not our region"] },
      { call: "engagements.reject", args: ["AWS", ENGAGEMENT, "Other"] },
    ]);
  });

  it("does not cancel an engagement invitation, and calls nothing at AWS", async () => {
    const fake = fakePartnerCentral({
      "engagements.getWithSide": async () => invitation({ role: "SENDER" }),
    });
    const { decisions: d } = await decisions(fake);
    const record = await decide(d, engagementRequest({ action: "cancel" }));
    expect(record).toMatchObject({
      status: "failed",
      detail: "Engagement invitations cannot be canceled here.",
    });
    expect(fake.awsCalls()).toEqual([]);
  });

  it("records an unexpected error as failed, so it may be tried again, and lets it through", async () => {
    const bug = new TypeError("undefined is not a function");
    const fake = fakePartnerCentral({
      "connections.accept": async () => {
        throw bug;
      },
    });
    const { decisions: d, store } = await decisions(fake);
    const claim = won(await d.claim(request()));
    await expect(d.execute(claim.record, claim.invitation)).rejects.toBe(bug);
    expect(await store.decisions.get(claim.record.key)).toMatchObject({
      status: "failed",
      detail: "an unexpected error; it was logged",
    });
  });

  it("logs, and keeps following, when the store cannot say what is unfinished", async () => {
    const store = await memoryStore();
    const warnings: string[] = [];
    const d = new Decisions({
      ...fakePartnerCentral(),
      store,
      logger: { warn: (_context, message) => warnings.push(message) },
    });
    await store.close();
    d.start(async () => undefined);
    await d.stop();
    expect(warnings).toEqual(["could not look at unfinished decisions"]);
  });

  it("settles a claim whose process stopped mid-call from the invitation's state, once it is 15 minutes old", async () => {
    let now = new Date("2030-01-01T09:00:00Z");
    let status = "PENDING";
    const fake = fakePartnerCentral({
      "engagements.get": async () => invitation({ status }),
      "connections.getInvitation": async () => ({ ...connectionInvitation, status }),
    });
    const { decisions: d } = await decisions(fake, () => now);
    // Claimed, and then the process stopped: nothing was recorded of its call.
    won(await d.claim(engagementRequest()));
    won(await d.claim(request({ action: "reject" })));
    expect(await d.followUp()).toEqual([]);
    now = new Date(now.getTime() + STALE_ACTION_MS);
    status = "ACCEPTED";
    const settled = await d.followUp();
    const accepted = settled.find((r) => r.action === "accept");
    const rejected = settled.find((r) => r.action === "reject");
    expect(accepted).toMatchObject({ action: "accept", status: "succeeded", resultId: "O5678" });
    expect(rejected).toMatchObject({ action: "reject", status: "conflict", detail: "ACCEPTED" });

    won(await d.claim(engagementRequest({ invitationId: "engi-1111111111111" })));
    now = new Date(now.getTime() + STALE_ACTION_MS);
    status = "PENDING";
    expect(await d.followUp()).toEqual([
      expect.objectContaining({
        status: "failed",
        detail: "the app stopped before Partner Central answered, and Partner Central still has it pending",
      }),
    ]);
  });
});
