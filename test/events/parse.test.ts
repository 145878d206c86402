import { describe, expect, it } from "vitest";
import { parseEvent } from "../../src/events/parse.ts";
import { FIXTURE_NAMES, fixture, fixtureText } from "./fixtures.ts";

const RECEIVED = new Date("2026-11-30T10:00:00Z");
const ENGAGEMENT = { kind: "engagement", id: "engi-v7p8z56whnauo", catalog: "AWS" };
const CONNECTION = { kind: "connection", id: "pacinv-****", catalog: "AWS" };
const SELLING_ID = "01234567-0123-0123-0123-0123456789ab";

const parse = (event: unknown) => parseEvent(JSON.stringify(event), RECEIVED);

describe("AWS's sample events", () => {
  it.each([
    [
      "engagement-invitation-created",
      {
        kind: "created",
        eventId: SELLING_ID,
        detailType: "Engagement Invitation Created",
        time: new Date("2023-04-15T12:34:56Z"),
        invitation: ENGAGEMENT,
      },
    ],
    [
      "engagement-invitation-accepted",
      {
        kind: "decided",
        eventId: SELLING_ID,
        detailType: "Engagement Invitation Accepted",
        time: new Date("2023-04-16T15:23:45Z"),
        invitation: ENGAGEMENT,
        status: "ACCEPTED",
        actor: { accountId: "string" },
      },
    ],
    [
      "engagement-invitation-rejected",
      {
        kind: "decided",
        eventId: SELLING_ID,
        detailType: "Engagement Invitation Rejected",
        time: new Date("2023-04-17T09:48:27Z"),
        invitation: ENGAGEMENT,
        status: "REJECTED",
        actor: { accountId: "string" },
      },
    ],
    [
      "engagement-invitation-expired",
      {
        kind: "decided",
        eventId: SELLING_ID,
        detailType: "Engagement Invitation Expired",
        time: new Date("2023-04-18T18:20:15Z"),
        invitation: ENGAGEMENT,
        status: "EXPIRED",
      },
    ],
    [
      "partner-connection-invitation-received",
      {
        kind: "created",
        eventId: "<event id>",
        detailType: "Partner Connection Invitation Received",
        time: RECEIVED,
        invitation: CONNECTION,
        role: "RECEIVER",
      },
    ],
    [
      "partner-connection-invitation-accepted",
      {
        kind: "decided",
        eventId: "<event id>",
        detailType: "Partner Connection Invitation Accepted",
        time: RECEIVED,
        invitation: CONNECTION,
        status: "ACCEPTED",
        actor: { accountId: "<<Receiver AWS AccountId>>" },
      },
    ],
    [
      "partner-connection-invitation-rejected",
      {
        kind: "decided",
        eventId: "<event id>",
        detailType: "Partner Connection Invitation Rejected",
        time: RECEIVED,
        invitation: CONNECTION,
        status: "REJECTED",
        actor: { profileId: "pprofile-****" },
      },
    ],
    [
      "partner-connection-invitation-cancelled",
      {
        kind: "decided",
        eventId: "<event id>",
        detailType: "Partner Connection Invitation Cancelled",
        time: RECEIVED,
        invitation: CONNECTION,
        status: "CANCELED",
        actor: { profileId: "pprofile-****" },
      },
    ],
    [
      "partner-connection-invitation-expired",
      {
        kind: "decided",
        eventId: "<event id>",
        detailType: "Partner Connection Invitation Expired",
        time: RECEIVED,
        invitation: CONNECTION,
        status: "EXPIRED",
      },
    ],
    [
      "partner-connection-cancelled",
      {
        kind: "ignored",
        eventId: "<event id>",
        detailType: "Partner Connection Cancelled",
        time: RECEIVED,
        reason: "not about a connection invitation",
      },
    ],
    // AWS's samples print placeholders for the catalog, which no real event has.
    ...["opportunity-created", "opportunity-updated"].map((name): [string, object] => [
      name,
      {
        kind: "malformed",
        eventId: SELLING_ID,
        reason: "opportunity String is in an unknown catalog <Sandbox | AWS>",
      },
    ]),
  ] as Array<[string, object]>)("%s", (name, expected) => {
    expect(parseEvent(fixtureText(name), RECEIVED)).toEqual(expected);
  });

  it("covers every fixture", () => {
    expect(FIXTURE_NAMES).toHaveLength(12);
  });
});

describe("leniency", () => {
  it("reads our side of an engagement invitation whatever its casing", () => {
    for (const [participantType, role] of [
      ["Receiver", "RECEIVER"],
      ["SENDER", "SENDER"],
    ]) {
      const event = fixture("engagement-invitation-created");
      Object.assign(event.detail.engagementInvitation as object, { participantType });
      expect(parse(event)).toMatchObject({ kind: "created", role });
    }
  });

  it("keeps going past unknown fields, and drops optional ones of the wrong type", () => {
    const event = fixture("engagement-invitation-accepted");
    event.detail.somethingNew = { nested: [1, 2] };
    Object.assign(event.detail.engagementInvitation as object, { receiverAccountId: 42, extra: true });
    expect(parse(event)).toEqual({
      kind: "decided",
      eventId: SELLING_ID,
      detailType: "Engagement Invitation Accepted",
      time: new Date("2023-04-16T15:23:45Z"),
      invitation: ENGAGEMENT,
      status: "ACCEPTED",
    });
  });

  it.each([
    "arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement-invitation/engi-0jv1hd3bdn2c4",
    "arn:aws:partnercentral::123456789012:Sandbox/engagement-invitation/engi-0jv1hd3bdn2c4",
  ])("takes the catalog and the id from the ARN %s when the detail lacks them", (arn) => {
    const event = fixture("engagement-invitation-expired");
    delete event.detail.catalog;
    event.detail.engagementInvitation = { arn };
    expect(parse(event)).toMatchObject({
      invitation: { kind: "engagement", id: "engi-0jv1hd3bdn2c4", catalog: "Sandbox" },
    });
  });

  it("matches the catalog case-insensitively", () => {
    const event = fixture("partner-connection-invitation-received");
    event.detail.catalog = "sandbox";
    expect(parse(event)).toMatchObject({ invitation: { catalog: "Sandbox" } });
  });

  it("accepts the account source name AWS's IAM example uses", () => {
    const event = fixture("partner-connection-invitation-expired");
    event.source = "aws.partnercentral-account.connection";
    expect(parse(event)).toMatchObject({ kind: "decided", status: "EXPIRED", invitation: CONNECTION });
  });
});

describe("opportunity events", () => {
  const opportunityEvent = (detailType: string, detail: object) => ({
    ...fixture("opportunity-updated"),
    "detail-type": detailType,
    detail: { schemaVersion: "1.0", ...detail },
  });

  it.each([
    ["Opportunity Created", true],
    ["Opportunity Updated", false],
  ])("reads %s: the opportunity it names, and whether it is new", (detailType, created) => {
    const event = opportunityEvent(detailType, { catalog: "AWS", opportunity: { identifier: "O1234567" } });
    expect(parse(event)).toEqual({
      kind: "opportunity",
      eventId: SELLING_ID,
      detailType,
      time: new Date("2023-04-16T15:23:45Z"),
      opportunity: { id: "O1234567", catalog: "AWS" },
      created,
    });
  });

  it("reads the catalog in any case, and the id and catalog from an ARN", () => {
    expect(
      parse(
        opportunityEvent("Opportunity Updated", { catalog: "sandbox", opportunity: { identifier: "O42" } }),
      ),
    ).toMatchObject({ opportunity: { id: "O42", catalog: "Sandbox" } });
    const arn = "arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/opportunity/O77";
    expect(parse(opportunityEvent("Opportunity Updated", { opportunity: { arn } }))).toMatchObject({
      kind: "opportunity",
      opportunity: { id: "O77", catalog: "AWS" },
    });
  });

  it("says what is missing when it names no opportunity or no catalog", () => {
    expect(parse(opportunityEvent("Opportunity Updated", { catalog: "AWS", opportunity: {} }))).toEqual({
      kind: "malformed",
      eventId: SELLING_ID,
      reason: "the opportunity has no identifier",
    });
    expect(parse(opportunityEvent("Opportunity Created", { opportunity: { identifier: "O1" } }))).toEqual({
      kind: "malformed",
      eventId: SELLING_ID,
      reason: "opportunity O1 has no catalog",
    });
    expect(parse(opportunityEvent("Opportunity Created", { catalog: "AWS" }))).toMatchObject({
      kind: "malformed",
      reason: expect.stringMatching(/^unexpected detail \(opportunity: /),
    });
  });
});

describe("ignored events", () => {
  it("recognises other Selling events", () => {
    const event = { ...fixture("engagement-invitation-created"), "detail-type": "Engagement Member Joined" };
    expect(parse(event)).toMatchObject({
      kind: "ignored",
      eventId: SELLING_ID,
      detailType: "Engagement Member Joined",
      reason: "not about an engagement invitation",
    });
  });

  it("ignores other sources", () => {
    const event = { ...fixture("engagement-invitation-created"), source: "aws.s3" };
    expect(parse(event)).toMatchObject({
      kind: "ignored",
      reason: "source aws.s3 is not Partner Central's",
    });
  });
});

describe("malformed messages", () => {
  it("says so when the body is not JSON", () => {
    expect(parseEvent("{not json", RECEIVED)).toEqual({
      kind: "malformed",
      reason: "the message is not JSON",
    });
  });

  it("needs an envelope with an id", () => {
    const { id: _, ...event } = fixture("engagement-invitation-created");
    expect(parse(event)).toEqual({
      kind: "malformed",
      reason: "not an EventBridge event (id: Invalid input: expected string, received undefined)",
    });
    expect(parse([1, 2])).toMatchObject({ kind: "malformed" });
    expect(parse(null)).toMatchObject({ kind: "malformed" });
  });

  it("names the event when its invitation has no id", () => {
    const event = fixture("partner-connection-invitation-accepted");
    event.detail.connectionInvitation = { connectionType: "OpportunityCollaboration" };
    expect(parse(event)).toEqual({
      kind: "malformed",
      eventId: "<event id>",
      reason: "the connection invitation has no id",
    });
  });

  it("names the event when the invitation is missing altogether", () => {
    const event = fixture("engagement-invitation-rejected");
    delete event.detail.engagementInvitation;
    expect(parse(event)).toMatchObject({ kind: "malformed", eventId: SELLING_ID });
    expect(parse({ ...event, detail: "text" })).toMatchObject({ kind: "malformed", eventId: SELLING_ID });
  });

  it("refuses an unknown catalog", () => {
    const event = fixture("engagement-invitation-created");
    event.detail.catalog = "Beta";
    expect(parse(event)).toEqual({
      kind: "malformed",
      eventId: SELLING_ID,
      reason: "engagement invitation engi-v7p8z56whnauo is in an unknown catalog Beta",
    });
  });
});
