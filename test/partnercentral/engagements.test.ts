import { PartnerCentralSellingClient } from "@aws-sdk/client-partnercentral-selling";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../dev/emulator/index.ts";
import { EngagementInvitations } from "../../src/partnercentral/engagements.ts";
import { clientsFor, credentials } from "../dev/emulator/helpers.ts";
import { startAwsProxy } from "../helpers/aws-proxy.ts";

let emulator: Emulator;
let engagements: EngagementInvitations;

beforeAll(async () => {
  emulator = await startEmulator({ seed: false });
  engagements = new EngagementInvitations(clientsFor(emulator).selling);
});
afterAll(() => emulator.close());

describe("pending invitations received since the last look", () => {
  it("include those sent in the same second as one seen before, in whatever order they are listed", async () => {
    const sentAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const ids = Array.from(
      { length: 6 },
      () => emulator.addEngagementInvitation({ InvitationDate: sentAt }).Id,
    );
    const older = emulator.addEngagementInvitation({ InvitationDate: new Date(sentAt.getTime() - 60_000) });
    // The local Partner Central lists ties by id; the one seen before comes first among them.
    const seenBefore = [...ids].sort().at(-1);
    emulator.resetCalls();
    const found = await engagements.listPendingReceivedSince(
      "AWS",
      async (page) => new Set(page.filter((i) => i.id === seenBefore || i.id === older.Id).map((i) => i.id)),
    );
    expect(found.map((i) => i.id).sort()).toEqual(ids.filter((id) => id !== seenBefore).sort());
    const operations = emulator.calls.map((c) => c.operation);
    expect(operations.filter((o) => o === "ListEngagementInvitations")).toHaveLength(1);
    // Only the new ones are read in full, for their customer, project and expected spend.
    expect(operations.filter((o) => o === "GetEngagementInvitation")).toHaveLength(found.length);
    expect(found.every((i) => i.brief?.customerName)).toBe(true);
  });
});

/** A new invitation about an opportunity (not a lead), with its payload. */
function opportunityInvitation() {
  for (;;) {
    const invitation = emulator.addEngagementInvitation();
    if ("OpportunityInvitation" in invitation.Payload)
      return { invitation, opportunity: invitation.Payload.OpportunityInvitation };
  }
}

describe("what an engagement invitation is about", () => {
  it("is read once per invitation, whichever screen asks first, and kept", async () => {
    const { invitation, opportunity } = opportunityInvitation();
    emulator.resetCalls();
    const [listed] = (
      await engagements.listPage(
        { catalog: "AWS", role: "RECEIVER", engagementIds: [invitation.EngagementId ?? ""] },
        { maxResults: 10 },
      )
    ).items;
    expect(listed?.brief).toEqual({
      customerName: opportunity.Customer.CompanyName,
      projectTitle: opportunity.Project.Title,
      expectedSpend: [expect.objectContaining({ currencyCode: "USD", frequency: "Monthly" })],
    });
    if (!listed) throw new Error("the invitation is listed");
    const { brief: _, ...unread } = listed;
    const [again] = await engagements.describe([unread]);
    expect(again?.brief).toEqual(listed.brief);
    const gets = emulator.calls.filter((c) => c.operation === "GetEngagementInvitation");
    expect(gets).toHaveLength(1);
  });

  it("is left out, and the row still listed, when Partner Central cannot give it", async () => {
    const invitation = emulator.addEngagementInvitation();
    emulator.state.engagementInvitations.delete(invitation.Id);
    const [described] = await engagements.describe([
      {
        kind: "engagement",
        id: invitation.Id,
        catalog: "AWS",
        title: "Lake",
        counterpart: {},
        expiryDerived: false,
      },
    ]);
    expect(described?.brief).toBeUndefined();
  });
});

describe("our side of an invitation", () => {
  it("is found among the invitations we sent for its engagement; the other side is then its receiver", async () => {
    const sent = emulator.addEngagementInvitation({ ParticipantType: "SENDER" });
    const received = emulator.addEngagementInvitation({ EngagementId: sent.EngagementId });
    emulator.resetCalls();
    const ours = await engagements.getWithSide("AWS", sent.Id);
    expect(ours).toMatchObject({
      role: "SENDER",
      counterpart: { awsAccountId: sent.Receiver.Account?.AwsAccountId },
    });
    expect(emulator.calls.map((c) => c.operation)).toEqual([
      "GetEngagementInvitation",
      "ListEngagementInvitations",
    ]);
    expect(emulator.calls[1]?.input).toMatchObject({
      ParticipantType: "SENDER",
      EngagementIdentifier: [sent.EngagementId],
    });
    expect(await engagements.getWithSide("AWS", received.Id)).toMatchObject({
      role: "RECEIVER",
      counterpart: { awsAccountId: received.SenderAwsAccountId },
    });
  });
});

describe("our side of an invitation, among many we sent", () => {
  it("costs one list, reading none of the invitations we sent in full", async () => {
    const first = emulator.addEngagementInvitation({ ParticipantType: "SENDER" });
    for (let n = 0; n < 3; n++) {
      emulator.addEngagementInvitation({ ParticipantType: "SENDER", EngagementId: first.EngagementId });
    }
    const received = emulator.addEngagementInvitation({ EngagementId: first.EngagementId });
    const fresh = new EngagementInvitations(clientsFor(emulator).selling);
    emulator.resetCalls();
    expect(await fresh.getWithSide("AWS", received.Id)).toMatchObject({ role: "RECEIVER" });
    expect(emulator.calls.map((c) => c.operation)).toEqual([
      "GetEngagementInvitation",
      "ListEngagementInvitations",
    ]);
  });
});

describe("accepting", () => {
  it("a lead: AcceptEngagementInvitation, with AWS's request id", async () => {
    const lead = emulator.addEngagementInvitation({ PayloadType: "LeadInvitation" });
    expect(await engagements.acceptLead("AWS", lead.Id)).toEqual({ requestId: expect.any(String) });
    expect(emulator.state.engagementInvitations.get(lead.Id)?.Status).toBe("ACCEPTED");
  });

  it("finds the accept task started last for an invitation, whoever started it", async () => {
    const invitation = emulator.addEngagementInvitation();
    expect(await engagements.latestAcceptTask("AWS", invitation.Id)).toBeUndefined();
    const started = await engagements.startAccept("AWS", invitation.Id, "token-1");
    expect(await engagements.latestAcceptTask("AWS", invitation.Id)).toMatchObject({
      taskId: started.taskId,
      invitationId: invitation.Id,
    });
  });
});

describe("the accept task", () => {
  it("is found behind an empty page with a token to go on, as AWS may answer a list", async () => {
    const proxy = await startAwsProxy(emulator.url);
    const client = new PartnerCentralSellingClient({ region: "us-east-1", endpoint: proxy.url, credentials });
    try {
      const behindEmptyPages = new EngagementInvitations(client);
      const invitation = opportunityInvitation().invitation;
      emulator.holdTasks();
      const started = await engagements.startAccept("AWS", invitation.Id, "token-empty-pages");
      emulator.releaseTasks();
      const opportunityId = emulator.state.tasks.get(started.taskId)?.OpportunityId;
      if (!opportunityId) throw new Error("the accept task names the opportunity it created");
      proxy.shortPages(1, { emptyFirst: true });
      const task = { taskId: started.taskId, invitationId: invitation.Id };
      expect(await behindEmptyPages.latestAcceptTask("AWS", invitation.Id)).toMatchObject(task);
      expect(await behindEmptyPages.acceptTaskForOpportunity("AWS", opportunityId)).toMatchObject(task);
      expect(await behindEmptyPages.getAcceptTask("AWS", started.taskId, invitation.Id)).toMatchObject(task);
    } finally {
      client.destroy();
      await proxy.close();
    }
  });
});
