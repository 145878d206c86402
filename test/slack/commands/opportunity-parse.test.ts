import { describe, expect, it } from "vitest";
import { OPEN_STAGES } from "../../../src/partnercentral/opportunity-model.ts";
import { parseCommand } from "../../../src/slack/commands/parse.ts";

const defaults = { catalog: "AWS" as const, windowDays: 5 };
const parse = (text: string) => parseCommand(text, defaults);
const open = [...OPEN_STAGES];

describe("opportunities", () => {
  it.each([
    ["opportunities", { catalog: "AWS", stages: open, mine: false, sort: "action" }],
    [
      'Opportunities stage=Committed,closed_lost review=action-required,In_Review closing=30 customer="Acme Health",Globex mine sort=closing catalog=sandbox',
      {
        catalog: "Sandbox",
        stages: ["Committed", "Closed Lost"],
        reviewStatuses: ["Action Required", "In review"],
        customerNames: ["Acme Health", "Globex"],
        closingWithinDays: 30,
        mine: true,
        sort: "closing",
      },
    ],
    ["opportunities stage=all", { catalog: "AWS", mine: false, sort: "action" }],
    [
      "opportunities stage=closed",
      { catalog: "AWS", stages: ["Launched", "Closed Lost"], mine: false, sort: "action" },
    ],
    [
      "opportunities stage=open,launched",
      { catalog: "AWS", stages: [...open, "Launched"], mine: false, sort: "action" },
    ],
    [
      "opportunities review=all MINE closing=0",
      { catalog: "AWS", stages: open, closingWithinDays: 0, mine: true, sort: "action" },
    ],
    ["opportunities sort=Modified", { catalog: "AWS", stages: open, mine: false, sort: "modified" }],
  ])("%s", (text, query) => {
    expect(parse(text)).toEqual({ kind: "opportunities", query });
  });

  it.each([
    ["opportunites", /`opportunites` is not a subcommand\. Did you mean `opportunities`\?/],
    ["opportunities stge=open", /has no option `stge`\. Did you mean `stage=`\?/],
    [
      "opportunities stage=qualifed",
      /`stage=qualifed` is not valid: use prospect, qualified, technical-validation, .*closed-lost, open, closed or all\. Did you mean `stage=qualified`\?/,
    ],
    ["opportunities stage=all,open", /`stage=all` cannot be combined/],
    ["opportunities review=aproved", /Did you mean `review=approved`\?/],
    [
      "opportunities review=maybe",
      /`review=maybe` is not valid: use pending-submission, submitted, in-review, approved, rejected, action-required or all\.$/,
    ],
    ["opportunities closing=-1", /`closing=-1` is not valid: use a whole number from 0 to 365/],
    ["opportunities closing=366", /from 0 to 365/],
    [
      "opportunities sort=closin",
      /`sort=closin` is not valid: use action, closing, modified, created, customer or id\. Did you mean `sort=closing`\?/,
    ],
    [
      "opportunities minee",
      /`minee` is not an option of `opportunities`\. Did you mean `mine`\? Options: `mine`/,
    ],
    ["opportunities stage=open stage=closed", /`stage` is given more than once/],
    [`opportunities customer=${"x".repeat(121)}`, /longer than a company name can be/],
    [
      `opportunities customer=${Array.from({ length: 11 }, (_, i) => `c${i}`).join(",")}`,
      /at most 10 company names/,
    ],
    ["opportunities customer=,", /`customer=` needs a company name/],
    ["opportunities catalog=prod", /`catalog=prod` is not valid: use AWS or Sandbox/],
  ])("%s", (text, says) => {
    const result = parse(text);
    expect(result.kind).toBe("error");
    expect(result.kind === "error" ? result.message : "").toMatch(says);
  });
});

describe("opportunity <id>", () => {
  it.each([
    ["opportunity O1234567", { kind: "opportunity", catalog: "AWS", id: "O1234567" }],
    ["opportunity o1234567 catalog=Sandbox", { kind: "opportunity", catalog: "Sandbox", id: "O1234567" }],
  ])("%s", (text, parsed) => {
    expect(parse(text)).toEqual(parsed);
  });

  it.each([
    [
      "opportunity",
      /`opportunity` needs an opportunity id, for example `\/partnercentral opportunity O1234567`/,
    ],
    [
      "opportunity engi-0jv1hd3bdn2c4",
      /`engi-0jv1hd3bdn2c4` is not an opportunity id: they look like `O1234567`/,
    ],
    ["opportunity O12345678901234567890", /is not an opportunity id/],
    ["opportunity O123 stage=open", /`opportunity` has no option `stage`/],
  ])("%s", (text, says) => {
    const result = parse(text);
    expect(result.kind === "error" ? result.message : "").toMatch(says);
  });
});
