import { beforeEach, describe, expect, it } from "vitest";
import { createEventHandler } from "../../src/events/handler.ts";
import type { DecidedStatus, InvitationRef, PartnerCentralEvent } from "../../src/events/model.ts";
import { FakePorts, recordingLogger } from "./fakes.ts";

const AT = new Date("2026-11-30T10:00:00Z");
const ENGAGEMENT: InvitationRef = { kind: "engagement", id: "engi-0jv1hd3bdn2c4", catalog: "AWS" };
const CONNECTION: InvitationRef = { kind: "connection", id: "pacinv-2bq0ypzeqx1kf", catalog: "AWS" };

const created = (eventId: string, invitation = ENGAGEMENT): PartnerCentralEvent => ({
  kind: "created",
  eventId,
  detailType: "Engagement Invitation Created",
  time: AT,
  invitation,
  role: "RECEIVER",
});
const decided = (eventId: string, status: DecidedStatus, invitation = ENGAGEMENT): PartnerCentralEvent => ({
  kind: "decided",
  eventId,
  detailType: `Engagement Invitation ${status}`,
  time: AT,
  invitation,
  status,
  actor: { accountId: "111122223333" },
});

let ports: FakePorts;
let logger: ReturnType<typeof recordingLogger>;
let handle: ReturnType<typeof createEventHandler>;

beforeEach(() => {
  ports = new FakePorts();
  ports.partnerCentral.set("engagement:AWS:engi-0jv1hd3bdn2c4", "PENDING");
  ports.partnerCentral.set("connection:AWS:pacinv-2bq0ypzeqx1kf", "PENDING");
  logger = recordingLogger();
  handle = createEventHandler({ ports, catalog: "AWS", logger });
});

describe("a new invitation", () => {
  it("is announced, and the event recorded afterwards", async () => {
    expect(await handle(created("e1"))).toEqual({ outcome: "announced", repeated: false });
    expect(ports.posts).toEqual([ENGAGEMENT]);
    expect(ports.calls).toEqual(["announce", "claimEvent"]);
    expect(logger.lines.at(-1)).toMatchObject({
      level: "info",
      fields: { eventId: "e1", invitation: "engagement:AWS:engi-0jv1hd3bdn2c4", result: "announced" },
    });
  });

  it("is announced once when the same event comes twice", async () => {
    await handle(created("e1"));
    expect(await handle(created("e1"))).toEqual({ outcome: "not-announced", repeated: true });
    expect(ports.posts).toHaveLength(1);
    expect(logger.lines.at(-1)).toMatchObject({
      fields: { eventId: "e1" },
      message: "this Partner Central event had been handled before",
    });
  });

  it("is not announced again when polling announced it first", async () => {
    ports.announcedOnce.add("connection:AWS:pacinv-2bq0ypzeqx1kf");
    expect(await handle(created("e1", CONNECTION))).toEqual({ outcome: "not-announced", repeated: false });
    expect(ports.posts).toEqual([]);
  });

  it("is dropped with a warning when Partner Central does not know it", async () => {
    const unknown = { ...ENGAGEMENT, id: "engi-zzzzzzzzzzzzz" };
    expect(await handle(created("e9", unknown))).toEqual({ outcome: "not-announced", repeated: false });
    expect(logger.lines.at(-1)).toMatchObject({
      level: "warn",
      fields: { eventId: "e9", invitation: "engagement:AWS:engi-zzzzzzzzzzzzz" },
    });
  });

  it("is not announced when it is no longer pending by the time it is looked up", async () => {
    ports.partnerCentral.set("engagement:AWS:engi-0jv1hd3bdn2c4", "ACCEPTED");
    expect(await handle(created("e1"))).toEqual({ outcome: "not-announced", repeated: false });
    expect(ports.posts).toEqual([]);
  });

  it("is left alone when we sent it, or it is in the other catalog", async () => {
    const sent = { ...created("e1"), role: "SENDER" } as PartnerCentralEvent;
    const sandbox = created("e2", { ...ENGAGEMENT, catalog: "Sandbox" });
    expect(await handle(sent)).toEqual({ outcome: "ignored", repeated: false });
    expect(await handle(sandbox)).toEqual({ outcome: "ignored", repeated: false });
    expect(ports.calls).toEqual([]);
    expect(logger.lines.map((l) => l.fields.reason)).toEqual(["sent by us", "not in the AWS catalog"]);
  });
});

describe("a decision", () => {
  it("is recorded before the messages change, then the event", async () => {
    expect(await handle(decided("e2", "REJECTED"))).toEqual({ outcome: "decided", repeated: false });
    expect(ports.calls).toEqual(["recordDecided", "markDecided", "claimEvent"]);
    expect(ports.decisions).toEqual([
      {
        invitation: ENGAGEMENT,
        decision: { status: "REJECTED", actor: { accountId: "111122223333" }, at: AT },
      },
    ]);
  });

  it("arriving before its invitation's creation keeps the invitation from being announced as pending", async () => {
    await handle(decided("accepted", "ACCEPTED"));
    expect(await handle(created("created"))).toEqual({ outcome: "not-announced", repeated: false });
    expect(ports.posts).toEqual([]);
    expect(ports.decisions.map((d) => d.decision.status)).toEqual(["ACCEPTED"]);
  });

  it("repeated changes the messages to the same outcome again and posts nothing", async () => {
    await handle(created("c"));
    await handle(decided("d", "EXPIRED"));
    expect(await handle(decided("d", "EXPIRED"))).toEqual({ outcome: "decided", repeated: true });
    expect(ports.posts).toHaveLength(1);
    expect(ports.decisions.map((d) => d.decision.status)).toEqual(["EXPIRED", "EXPIRED"]);
  });

  it("carries no actor when the event names none", async () => {
    await handle({ ...decided("e3", "EXPIRED"), actor: undefined } as PartnerCentralEvent);
    expect(ports.decisions[0]?.decision).toEqual({ status: "EXPIRED", at: AT });
  });
});

describe("failures", () => {
  it("leave the event unrecorded, so a redelivery does the work and posts once", async () => {
    ports.failures.set("announce", 1);
    await expect(handle(created("e1"))).rejects.toThrow("announce failed");
    expect(ports.claimed.size).toBe(0);
    expect(await handle(created("e1"))).toEqual({ outcome: "announced", repeated: false });
    expect(ports.posts).toHaveLength(1);
  });

  it("of the Slack update leave the decision to be shown again on redelivery", async () => {
    ports.failures.set("markDecided", 1);
    await expect(handle(decided("e2", "ACCEPTED"))).rejects.toThrow("markDecided failed");
    expect(ports.claimed.size).toBe(0);
    expect(await handle(decided("e2", "ACCEPTED"))).toEqual({ outcome: "decided", repeated: false });
    expect(ports.decisions).toHaveLength(1);
  });

  it("of recording the event after the work still fail the delivery", async () => {
    ports.failures.set("claimEvent", 1);
    await expect(handle(created("e1"))).rejects.toThrow("claimEvent failed");
    expect(await handle(created("e1"))).toEqual({ outcome: "not-announced", repeated: false });
    expect(ports.posts).toHaveLength(1);
  });
});

describe("events that change nothing", () => {
  it("are logged with their event id", async () => {
    expect(
      await handle({ kind: "malformed", eventId: "m1", reason: "the connection invitation has no id" }),
    ).toEqual({ outcome: "dropped", repeated: false });
    expect(
      await handle({
        kind: "ignored",
        eventId: "i1",
        detailType: "Opportunity Updated",
        time: AT,
        reason: "not about an engagement invitation",
      }),
    ).toEqual({ outcome: "ignored", repeated: false });
    expect(logger.lines.map((l) => [l.level, l.fields.eventId, l.fields.reason])).toEqual([
      ["warn", "m1", "the connection invitation has no id"],
      ["debug", "i1", "not about an engagement invitation"],
    ]);
    expect(ports.calls).toEqual([]);
  });
});

describe("an opportunity's event", () => {
  const opportunity = (
    eventId: string,
    created: boolean,
    catalog: "AWS" | "Sandbox" = "AWS",
  ): PartnerCentralEvent => ({
    kind: "opportunity",
    eventId,
    detailType: created ? "Opportunity Created" : "Opportunity Updated",
    time: AT,
    opportunity: { id: "O1234567", catalog },
    created,
  });

  it("has the opportunity read again and compared, then the event recorded", async () => {
    expect(await handle(opportunity("o1", true))).toEqual({ outcome: "opportunity", repeated: false });
    expect(ports.opportunities).toEqual([{ opportunity: { id: "O1234567", catalog: "AWS" }, created: true }]);
    expect(ports.calls).toEqual(["opportunityChanged", "claimEvent"]);
    expect(logger.lines.at(-1)).toMatchObject({
      level: "info",
      fields: { eventId: "o1", opportunity: "O1234567", result: "unchanged" },
    });
  });

  it("is handled again when delivered again (the comparison tells nothing twice), and said to be a repeat", async () => {
    await handle(opportunity("o2", false));
    expect(await handle(opportunity("o2", false))).toEqual({ outcome: "opportunity", repeated: true });
  });

  it("of the other catalog is ignored", async () => {
    expect(await handle(opportunity("o3", false, "Sandbox"))).toEqual({
      outcome: "ignored",
      repeated: false,
    });
    expect(ports.calls).toEqual([]);
  });

  it("stays on the queue when the opportunity could not be read, the event not recorded", async () => {
    ports.failures.set("opportunityChanged", 1);
    await expect(handle(opportunity("o4", false))).rejects.toThrow("opportunityChanged failed");
    expect(ports.claimed.has("o4")).toBe(false);
  });
});
