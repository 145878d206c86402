import { describe, expect, it } from "vitest";
import { type DecisionCalls, type DecisionRequest, Decisions } from "../../src/decisions/service.ts";
import { PartnerCentralError } from "../../src/partnercentral/errors.ts";
import type { AcceptTask } from "../../src/partnercentral/model.ts";
import { memoryStore } from "../helpers/memory-store.ts";

const ENGAGEMENT = "engi-0jv1hd3bdn2c4";
const CONNECTION = "pacinv-2bq0ypzeqx1kf";

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
      get: call("engagements.get", () => {
        throw new Error("not expected");
      }),
    },
    connections: {
      accept: call("connections.accept", () => ({
        requestId: "req-accept",
        connectionId: "pac-5eki7xrgn2dbh",
      })),
      reject: call("connections.reject", () => ({ requestId: "req-reject" })),
      cancel: call("connections.cancel", () => ({ requestId: "req-cancel" })),
      getInvitation: call("connections.getInvitation", () => {
        throw new Error("not expected");
      }),
    },
  };
  return { partnerCentral, calls, awsCalls: () => calls.map((c) => c.call) };
}

async function decisions(fake: ReturnType<typeof fakePartnerCentral>) {
  const store = await memoryStore();
  return { store, decisions: new Decisions({ ...fake, store, taskPollMs: 1, taskTimeoutMs: 50 }) };
}

const request = (overrides: Partial<DecisionRequest> = {}): DecisionRequest => ({
  kind: "connection",
  catalog: "AWS",
  invitationId: CONNECTION,
  action: "accept",
  userId: "U0APPROVER1",
  ...overrides,
});

async function decide(d: Decisions, r: DecisionRequest) {
  const claim = await d.claim(r);
  if (!claim.won) throw new Error("the claim was lost");
  return d.execute(claim.record);
}

describe("Decisions", () => {
  it("accepts a connection invitation with one call, its client token naming the attempt", async () => {
    const fake = fakePartnerCentral();
    const { decisions: d } = await decisions(fake);
    const record = await decide(d, request());
    expect(record).toMatchObject({
      status: "succeeded",
      resultId: "pac-5eki7xrgn2dbh",
      awsRequestId: "req-accept",
      attempts: 1,
    });
    expect(fake.calls).toEqual([
      { call: "connections.accept", args: ["AWS", CONNECTION, `accept-${CONNECTION}-1`] },
    ]);
  });

  it("lets one of many concurrent claims win; the others see its decision", async () => {
    const { decisions: d } = await decisions(fakePartnerCentral());
    const claims = await Promise.all(
      Array.from({ length: 5 }, (_, i) => d.claim(request({ userId: `U${i}` }))),
    );
    expect(claims.filter((c) => c.won)).toHaveLength(1);
    const winner = claims.find((c) => c.won)?.record.userId;
    for (const claim of claims) expect(claim.record.userId).toBe(winner);
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
    const record = await decide(d, request({ kind: "engagement", invitationId: ENGAGEMENT }));
    expect(record).toMatchObject({ status: "succeeded", resultId: "O1234", awsRequestId: "req-accept" });
    expect(fake.awsCalls()).toEqual([
      "engagements.startAccept",
      "engagements.getAcceptTask",
      "engagements.getAcceptTask",
      "engagements.getAcceptTask",
    ]);
  });

  it("records why Partner Central could not accept, and when it is still accepting after the wait", async () => {
    const failed = fakePartnerCentral({
      "engagements.getAcceptTask": async () => ({
        taskId: "task-1",
        invitationId: ENGAGEMENT,
        status: "FAILED",
        message: "The opportunity could not be created",
        reasonCode: "RESOURCE_SNAPSHOT_NOT_FOUND",
      }),
    });
    expect(
      await decide(
        (await decisions(failed)).decisions,
        request({ kind: "engagement", invitationId: ENGAGEMENT }),
      ),
    ).toMatchObject({
      status: "failed",
      detail:
        "Partner Central could not accept it: The opportunity could not be created (RESOURCE_SNAPSHOT_NOT_FOUND)",
    });

    const slow = fakePartnerCentral({
      "engagements.getAcceptTask": async () => ({
        taskId: "task-1",
        invitationId: ENGAGEMENT,
        status: "IN_PROGRESS",
      }),
    });
    expect(
      await decide(
        (await decisions(slow)).decisions,
        request({ kind: "engagement", invitationId: ENGAGEMENT }),
      ),
    ).toMatchObject({
      status: "failed",
      detail: "Partner Central is still accepting it; check again in a few minutes",
    });
  });

  it("records a Partner Central failure, and a retry claims again with a new client token", async () => {
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
    expect(fake.calls.map((c) => c.args[2])).toEqual([`accept-${CONNECTION}-1`, `accept-${CONNECTION}-2`]);
  });

  it("records a conflict with the invitation's status as Partner Central now has it", async () => {
    const conflict = () => {
      throw new PartnerCentralError("Conflict", "It changed.", "Reject");
    };
    const known = fakePartnerCentral({
      "engagements.reject": async () => conflict(),
      "engagements.get": async () => ({ status: "ACCEPTED" }),
    });
    expect(
      await decide(
        (await decisions(known)).decisions,
        request({ kind: "engagement", invitationId: ENGAGEMENT, action: "reject" }),
      ),
    ).toMatchObject({ status: "conflict", detail: "ACCEPTED" });

    const unknown = fakePartnerCentral({
      "connections.cancel": async () => conflict(),
      "connections.getInvitation": async () => {
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
    await decide(d, request({ kind: "engagement", invitationId: ENGAGEMENT, action: "reject" }));
    expect(fake.calls).toEqual([
      { call: "connections.reject", args: ["AWS", CONNECTION, `reject-${CONNECTION}-1`, "Not our region"] },
      { call: "engagements.reject", args: ["AWS", ENGAGEMENT, "Other"] },
    ]);
  });

  it("does not cancel an engagement invitation, and calls nothing at AWS", async () => {
    const fake = fakePartnerCentral();
    const record = await decide(
      (await decisions(fake)).decisions,
      request({ kind: "engagement", invitationId: ENGAGEMENT, action: "cancel" }),
    );
    expect(record).toMatchObject({
      status: "failed",
      detail: "Engagement invitations cannot be canceled here.",
    });
    expect(fake.calls).toEqual([]);
  });

  it("records an unexpected error as failed, so it may be tried again, and lets it through", async () => {
    const bug = new TypeError("undefined is not a function");
    const fake = fakePartnerCentral({
      "connections.accept": async () => {
        throw bug;
      },
    });
    const { decisions: d, store } = await decisions(fake);
    const claim = await d.claim(request());
    if (!claim.won) throw new Error("the claim was lost");
    await expect(d.execute(claim.record)).rejects.toBe(bug);
    expect(await store.decisions.get(claim.record.key)).toMatchObject({
      status: "failed",
      detail: "an unexpected error; it was logged",
    });
  });
});
