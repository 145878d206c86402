import {
  AcceptConnectionInvitationCommand,
  CancelConnectionInvitationCommand,
  RejectConnectionInvitationCommand,
} from "@aws-sdk/client-partnercentral-account";
import {
  ListEngagementInvitationsCommand,
  RejectEngagementInvitationCommand,
  StartEngagementByAcceptingInvitationTaskCommand,
} from "@aws-sdk/client-partnercentral-selling";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type Emulator,
  type EventBridgeEvent,
  NEW_INVITATION_PATH,
  startEmulator,
} from "../../../dev/emulator/index.ts";
import { parseEvent } from "../../../src/events/parse.ts";
import { clientsFor, waitFor } from "./helpers.ts";

let emulator: Emulator;
let clients: ReturnType<typeof clientsFor>;

beforeAll(async () => {
  emulator = await startEmulator({ seed: false, taskCompletionMs: 20 });
  clients = clientsFor(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.queues.events.messages.length = 0;
});

/** The events on the queue, taken off it. */
function drain(): EventBridgeEvent[] {
  return emulator.queues.events.messages.splice(0).map((m) => JSON.parse(m.body));
}

/** What the app makes of them. */
const parsed = (events: EventBridgeEvent[]) => events.map((e) => parseEvent(JSON.stringify(e), new Date()));

describe("a new invitation", () => {
  it("publishes Engagement Invitation Created in EventBridge's envelope", async () => {
    const inv = emulator.newEngagementInvitation();
    const events = drain();
    expect(events).toEqual([
      {
        version: "0",
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        "detail-type": "Engagement Invitation Created",
        source: "aws.partnercentral-selling",
        account: emulator.accountId,
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        region: "us-east-1",
        resources: [inv.Arn],
        detail: {
          catalog: "AWS",
          engagementInvitation: {
            arn: inv.Arn,
            id: inv.Id,
            engagementId: inv.EngagementId,
            senderAccountId: inv.SenderAwsAccountId,
            receiverAccountId: emulator.accountId,
            senderCompanyName: inv.SenderCompanyName,
            expirationDate: inv.ExpirationDate?.toISOString(),
            participantType: "Receiver",
            payloadType: inv.PayloadType,
          },
        },
      },
    ]);
    expect(parsed(events)).toMatchObject([
      { kind: "created", role: "RECEIVER", invitation: { kind: "engagement", id: inv.Id, catalog: "AWS" } },
    ]);
  });

  it("publishes Partner Connection Invitation Received", () => {
    const inv = emulator.newConnectionInvitation({ ConnectionType: "OPPORTUNITY_COLLABORATION" });
    const [event] = drain();
    expect(event).toMatchObject({
      version: "1",
      "detail-type": "Partner Connection Invitation Received",
      source: "aws.partnercentral-account",
      detail: {
        catalog: "AWS",
        connectionInvitation: {
          id: inv.Id,
          arn: inv.Arn,
          connectionType: "OpportunityCollaboration",
          inviterEmail: inv.InviterEmail,
          invitationMessage: inv.InvitationMessage,
          senderCompanyName: expect.any(String),
          senderProfileId: expect.stringMatching(/^pprofile-/),
        },
      },
    });
  });

  it("can be made to arrive over HTTP", async () => {
    const response = await fetch(`${emulator.url}${NEW_INVITATION_PATH}?kind=connection`, { method: "POST" });
    expect(response.status).toBe(201);
    const { Id } = (await response.json()) as { Id: string };
    expect(emulator.state.connectionInvitations.get(Id)?.Status).toBe("PENDING");
    expect(parsed(drain())).toMatchObject([{ kind: "created", invitation: { kind: "connection", id: Id } }]);
    const wrong = await fetch(`${emulator.url}${NEW_INVITATION_PATH}?kind=opportunity`, { method: "POST" });
    expect(wrong.status).toBe(400);
  });

  it("set up with add… publishes nothing", () => {
    emulator.addEngagementInvitation();
    emulator.addConnectionInvitation();
    expect(drain()).toEqual([]);
  });
});

describe("a decision made through the API", () => {
  it("publishes Engagement Invitation Rejected", async () => {
    const inv = emulator.addEngagementInvitation();
    await clients.selling.send(
      new RejectEngagementInvitationCommand({ Catalog: "AWS", Identifier: inv.Id, RejectionReason: "Other" }),
    );
    expect(parsed(drain())).toMatchObject([
      {
        kind: "decided",
        status: "REJECTED",
        invitation: { kind: "engagement", id: inv.Id },
        actor: { accountId: emulator.accountId },
      },
    ]);
  });

  it("publishes Engagement Invitation Accepted once the accepting task completes, and once per task", async () => {
    const inv = emulator.addEngagementInvitation();
    const start = new StartEngagementByAcceptingInvitationTaskCommand({
      Catalog: "AWS",
      Identifier: inv.Id,
      ClientToken: `accept-${inv.Id}`,
    });
    await clients.selling.send(start);
    await clients.selling.send(start);
    const events = await waitFor(async () =>
      emulator.queues.events.messages.length > 0 ? drain() : undefined,
    );
    expect(parsed(events)).toMatchObject([
      { kind: "decided", status: "ACCEPTED", invitation: { id: inv.Id } },
      {
        kind: "opportunity",
        detailType: "Opportunity Created",
        created: true,
        opportunity: { catalog: "AWS" },
      },
      {
        kind: "opportunity",
        detailType: "Opportunity Updated",
        created: false,
        opportunity: { catalog: "AWS" },
      },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(drain()).toEqual([]);
  });

  it("publishes Partner Connection Invitation Accepted with the connection", async () => {
    const inv = emulator.addConnectionInvitation();
    const { Connection } = await clients.account.send(
      new AcceptConnectionInvitationCommand({ Catalog: "AWS", Identifier: inv.Id, ClientToken: "a-1" }),
    );
    const [event] = drain();
    expect(event?.resources).toEqual([inv.Arn, Connection?.Arn]);
    expect(event?.detail.connection).toEqual({
      arn: Connection?.Arn,
      id: Connection?.Id,
      Participant1AccountId: inv.OtherParticipantIdentifier,
      Participant2AccountId: emulator.accountId,
      status: "ACTIVE",
    });
    expect(parsed([event as EventBridgeEvent])).toMatchObject([
      { kind: "decided", status: "ACCEPTED", actor: { accountId: emulator.accountId } },
    ]);
  });

  it("publishes nothing to us where AWS sends the event to the other partner only", async () => {
    const received = emulator.addConnectionInvitation();
    const sent = emulator.addConnectionInvitation({ ParticipantType: "SENDER" });
    await clients.account.send(
      new RejectConnectionInvitationCommand({ Catalog: "AWS", Identifier: received.Id, ClientToken: "r-1" }),
    );
    await clients.account.send(
      new CancelConnectionInvitationCommand({ Catalog: "AWS", Identifier: sent.Id, ClientToken: "c-1" }),
    );
    expect(emulator.state.connectionInvitations.get(received.Id)?.Status).toBe("REJECTED");
    expect(emulator.state.connectionInvitations.get(sent.Id)?.Status).toBe("CANCELED");
    expect(drain()).toEqual([]);
  });
});

describe("a decision made in Partner Central's console", () => {
  it("publishes its event, and no call of the app's is recorded", () => {
    const engagement = emulator.newEngagementInvitation();
    const connection = emulator.newConnectionInvitation();
    drain();
    emulator.resetCalls();
    emulator.decideInConsole(engagement, "accept");
    emulator.decideInConsole(connection, "reject");
    expect(emulator.state.engagementInvitations.get(engagement.Id)?.Status).toBe("ACCEPTED");
    expect(emulator.state.connectionInvitations.get(connection.Id)?.Status).toBe("REJECTED");
    // AWS sends "Rejected" to the sender only, so we hear of the acceptance alone.
    expect(parsed(drain())).toMatchObject([
      { kind: "decided", status: "ACCEPTED", invitation: { kind: "engagement", id: engagement.Id } },
    ]);
    expect(emulator.calls).toEqual([]);
    expect(() => emulator.decideInConsole(engagement, "reject")).toThrow(/ACCEPTED|PENDING/);
  });
});

describe("an expiry", () => {
  it("publishes the Expired event of each kind, on the next call", async () => {
    const past = new Date(Date.now() - 1000);
    const engagement = emulator.addEngagementInvitation({ ExpirationDate: past });
    const connection = emulator.addConnectionInvitation({ ExpiresAt: past });
    await clients.selling.send(
      new ListEngagementInvitationsCommand({ Catalog: "AWS", ParticipantType: "RECEIVER" }),
    );
    expect(parsed(drain())).toMatchObject([
      { kind: "decided", status: "EXPIRED", invitation: { kind: "engagement", id: engagement.Id } },
      { kind: "decided", status: "EXPIRED", invitation: { kind: "connection", id: connection.Id } },
    ]);
  });

  it("publishes on time while nobody calls", async () => {
    const inv = emulator.addEngagementInvitation({ ExpirationDate: new Date(Date.now() + 200) });
    const events = await waitFor(async () =>
      emulator.queues.events.messages.length > 0 ? drain() : undefined,
    );
    expect(parsed(events)).toMatchObject([
      { kind: "decided", status: "EXPIRED", invitation: { id: inv.Id } },
    ]);
  });
});
