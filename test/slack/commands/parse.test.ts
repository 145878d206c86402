import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/slack/commands/parse.ts";

const defaults = { catalog: "AWS" as const, windowDays: 5 };
const parse = (text: string) => parseCommand(text, defaults);

describe("parseCommand: valid commands", () => {
  it.each([
    ["", { kind: "help" }],
    ["  help ", { kind: "help" }],
    ["HELP", { kind: "help" }],
    ["connections", { kind: "connections", query: { catalog: "AWS" } }],
    [
      "connections type=Subsidiary participant=123456789012,pp-abc123 catalog=sandbox",
      {
        kind: "connections",
        query: {
          catalog: "Sandbox",
          connectionType: "SUBSIDIARY",
          participantIds: ["123456789012", "pp-abc123"],
        },
      },
    ],
    ["connection pac-5eki7xrgn2dbh", { kind: "connection", catalog: "AWS", id: "pac-5eki7xrgn2dbh" }],
    ["invitations", { kind: "invitations", query: { catalog: "AWS", status: "PENDING" } }],
    ["invitations status=all", { kind: "invitations", query: { catalog: "AWS" } }],
    [
      "Invitations STATUS=Expired type=opportunity_collaboration role=SENDER participant=123456789012",
      {
        kind: "invitations",
        query: {
          catalog: "AWS",
          status: "EXPIRED",
          connectionType: "OPPORTUNITY_COLLABORATION",
          role: "SENDER",
          participantIds: ["123456789012"],
        },
      },
    ],
    [
      "invitation pacinv-2bq0ypzeqx1kf catalog=Sandbox",
      { kind: "invitation", catalog: "Sandbox", id: "pacinv-2bq0ypzeqx1kf" },
    ],
    [
      "engagements",
      {
        kind: "engagements",
        query: { catalog: "AWS", role: "RECEIVER", statuses: ["PENDING"], sort: "ASCENDING" },
      },
    ],
    [
      "engagements sort=desc",
      {
        kind: "engagements",
        query: { catalog: "AWS", role: "RECEIVER", statuses: ["PENDING"], sort: "DESCENDING" },
      },
    ],
    [
      "engagements status=pending,expired role=sender sender=123456789012,210987654321 engagement=eng-0f1qc9agjm2hvv payload=lead sort=asc",
      {
        kind: "engagements",
        query: {
          catalog: "AWS",
          role: "SENDER",
          statuses: ["PENDING", "EXPIRED"],
          senderAccountIds: ["123456789012", "210987654321"],
          engagementIds: ["eng-0f1qc9agjm2hvv"],
          payloadTypes: ["LeadInvitation"],
          sort: "ASCENDING",
        },
      },
    ],
    [
      "engagements status=all",
      { kind: "engagements", query: { catalog: "AWS", role: "RECEIVER", sort: "DESCENDING" } },
    ],
    ["engagement engi-0jv1hd3bdn2c4", { kind: "engagement", catalog: "AWS", id: "engi-0jv1hd3bdn2c4" }],
    ["expiring", { kind: "expiring", catalog: "AWS", withinDays: 5 }],
    ["expiring within=2", { kind: "expiring", catalog: "AWS", withinDays: 2 }],
    [
      "engagements payload=“opportunity”",
      {
        kind: "engagements",
        query: {
          catalog: "AWS",
          role: "RECEIVER",
          statuses: ["PENDING"],
          sort: "ASCENDING",
          payloadTypes: ["OpportunityInvitation"],
        },
      },
    ],
  ])("%j", (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });
});

describe("parseCommand: mistakes get a sentence naming what was wrong and what is allowed", () => {
  it.each([
    ["frobnicate", /`frobnicate` is not a subcommand\. Use one of `help`, `connections`.*`expiring`/],
    ["status=pending", /Start with a subcommand/],
    ["engagements colour=red", /`engagements` has no option `colour`\. Options: `status=`, `role=`/],
    ["engagements pending", /`pending` is not an option of `engagements`/],
    [
      "engagements status=open",
      /`status=open` is not valid: use pending, accepted, rejected, expired or all/,
    ],
    ["engagements status=all,pending", /cannot be combined/],
    ["engagements status=pending status=all", /`status` is given more than once/],
    ["engagements sort=up", /`sort=up` is not valid: use asc or desc/],
    ["engagements sender=12345", /`12345` is not an AWS account id: they look like `123456789012`/],
    ["engagements role=", /`role=` needs a value/],
    ["invitations status=pending,expired", /`status` takes one value here/],
    ["invitations status=canceled role=both", /`role=both` is not valid: use sender or receiver/],
    [
      "connections type=reseller",
      /`type=reseller` is not valid: use opportunity_collaboration or subsidiary/,
    ],
    ["engagement", /`engagement` needs an engagement invitation id, for example/],
    ["engagement 12345", /`12345` is not an engagement invitation id: they look like `engi-/],
    ["invitation engi-0jv1hd3bdn2c4", /is not a connection invitation id/],
    ["connection pac-ok12345678901 extra", /`extra` is not an option of `connection`/],
    ["expiring within=0", /use a whole number from 1 to 15/],
    ["expiring within=16", /use a whole number from 1 to 15/],
    ["engagements catalog=prod", /`catalog=prod` is not valid: use AWS or Sandbox/],
    ['digest cron="0 9 * *', /never closed/],
  ])("%s", (text, message) => {
    const result = parse(text);
    expect(result.kind).toBe("error");
    expect(result.kind === "error" && result.message).toMatch(message);
  });

  it("never echoes more than a short piece of what was typed", () => {
    const result = parse("x".repeat(4000));
    expect(result.kind).toBe("error");
    expect(result.kind === "error" && result.message).not.toContain("x".repeat(61));
  });
});

describe("typos", () => {
  const message = (text: string) => {
    const parsed = parseCommand(text, defaults);
    return parsed.kind === "error" ? parsed.message : "";
  };

  it.each([
    ["engagments", "Did you mean `engagements`?"],
    ["Expirng", "Did you mean `expiring`?"],
    ["conection pac-5eki7xrgn2dbh", "Did you mean `connection`?"],
    ["engagements stauts=pending", "Did you mean `status=`?"],
    ["engagements status=pendng", "Did you mean `status=pending`?"],
  ])("suggests the nearest for %j", (text, suggestion) => {
    expect(message(text)).toContain(suggestion);
  });

  it("suggests nothing for what is nothing like a subcommand", () => {
    expect(message("frobnicate")).not.toContain("Did you mean");
    expect(message("x")).not.toContain("Did you mean");
  });
});

describe("what the help promises: any case, and a topic", () => {
  it.each([
    ["engagement ENGI-0JV1HD3BDN2C4", { kind: "engagement", catalog: "AWS", id: "engi-0jv1hd3bdn2c4" }],
    ["Engagement Engi-0jv1hd3bdn2c4", { kind: "engagement", catalog: "AWS", id: "engi-0jv1hd3bdn2c4" }],
    // Past the prefix, connection ids mix cases on purpose: only the prefix is AWS's own spelling.
    ["invitation PACINV-2bQ0ypzeqx1kf", { kind: "invitation", catalog: "AWS", id: "pacinv-2bQ0ypzeqx1kf" }],
    ["connection PAC-5eki7xrgn2dbh", { kind: "connection", catalog: "AWS", id: "pac-5eki7xrgn2dbh" }],
    ["help engagements", { kind: "help", topic: "engagements" }],
    ["HELP Engagement", { kind: "help", topic: "engagement" }],
    ["help digest", { kind: "help", topic: "digest" }],
    ["help help", { kind: "help" }],
  ])("%j", (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it("takes engagement ids in any case in filters too", () => {
    const parsed = parse("engagements engagement=ENG-0F1QC9AGJM2HVV");
    expect(parsed.kind === "engagements" && parsed.query.engagementIds).toEqual(["eng-0f1qc9agjm2hvv"]);
  });

  it("answers a help topic it does not know with the nearest one", () => {
    const parsed = parse("help engagemnts");
    expect(parsed.kind === "error" && parsed.message).toMatch(/Did you mean `help engagements`\?/);
    expect(parse("help engagements now").kind).toBe("error");
  });
});
