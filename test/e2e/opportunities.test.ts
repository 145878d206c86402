import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OpportunityRecord } from "../../dev/emulator/index.ts";
import type { StandinMessage } from "../../dev/slack-standin/index.ts";
import { OPEN_STAGES } from "../../src/partnercentral/opportunity-model.ts";
import { ACTION } from "../../src/slack/ids.ts";
import { expectNothingUnescaped, expectWithinSlackLimits } from "../helpers/block-kit.ts";
import {
  APPROVER,
  APPROVER_EMAIL,
  CHANNEL,
  GROUP_MEMBER,
  type Harness,
  startHarness,
  VIEWER,
  VIEWER_EMAIL,
} from "../helpers/harness.ts";
import { findButton, messageJson, runCommand } from "../helpers/slack.ts";

const HOSTILE = "<!channel> <@U0VIEWER001> & co";
const DAY_MS = 86_400_000;

let h: Harness;

beforeAll(async () => {
  // Short AWS pages, as Partner Central may answer: a page of ten takes several of them.
  h = await startHarness({
    proxy: true,
    emulator: {
      maxPageSize: 3,
      partnerUsers: [
        { Email: APPROVER_EMAIL, FirstName: "Alex", LastName: "Approver", BusinessTitle: "Alliance lead" },
        { Email: VIEWER_EMAIL, FirstName: "Sam", LastName: "Viewer", BusinessTitle: "Account manager" },
      ],
    },
  });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.emulator.resetCalls();
  h.proxy?.rewriteItems(undefined);
});

const all = () => [...h.emulator.state.opportunities.values()].filter((o) => o.Catalog === "AWS");
const isOpen = (o: OpportunityRecord) =>
  (OPEN_STAGES as readonly string[]).includes(o.LifeCycle?.Stage ?? "");
const closing = (o: OpportunityRecord) => o.LifeCycle?.TargetCloseDate ?? "9999-12-31";
/** Closing soonest first, as ListOpportunities sorts by TargetCloseDate (ties by id). */
const soonestFirst = (a: OpportunityRecord, b: OpportunityRecord) =>
  closing(a) < closing(b) ? -1 : closing(a) > closing(b) ? 1 : a.Id < b.Id ? -1 : 1;
const ids = (items: OpportunityRecord[]) => items.map((o) => o.Id);

/** Opportunity ids a message shows, in order. */
function shownOpportunities(message: { blocks: unknown[] }): string[] {
  return (message.blocks as Array<{ block_id?: string }>)
    .map((b) => b.block_id ?? "")
    .filter((id) => id.startsWith("opp:"))
    .map((id) => id.split(":")[2] ?? "");
}

const listCalls = () => h.emulator.calls.filter((c) => c.operation === "ListOpportunities");

/** Clicks a page button and waits for the answer to be replaced. */
async function turn(message: StandinMessage, actionId: string): Promise<StandinMessage> {
  const before = messageJson(message);
  await h.standin.clickButton({
    userId: message.ephemeralFor ?? APPROVER,
    channelId: CHANNEL,
    messageTs: message.ts,
    actionId,
    value: findButton(message, actionId)?.value ?? "",
  });
  return h.standin.waitFor(() => {
    const current = h.standin.message(CHANNEL, message.ts);
    return current && messageJson(current) !== before ? current : undefined;
  }, 15_000);
}

describe("/partnercentral opportunities", () => {
  it("lists open ones, what AWS asks action on first, then closing soonest, ten a page both ways", async () => {
    const open = all().filter(isOpen);
    const asked = open.filter((o) => o.LifeCycle?.ReviewStatus === "Action Required").sort(soonestFirst);
    const others = open.filter((o) => o.LifeCycle?.ReviewStatus !== "Action Required").sort(soonestFirst);
    const expected = ids([...asked, ...others]);
    expect(expected.length).toBeGreaterThan(20);

    const first = await runCommand(h.standin, "opportunities");
    expect(shownOpportunities(first)).toEqual(expected.slice(0, 10));
    const json = messageJson(first);
    expect(json).toContain(
      "Opportunities · open · Action Required first, then closing soonest · AWS · 1–10, more on the next page",
    );
    expect(json).toContain(":warning: Action Required");
    expect(json).toContain(asked[0]?.LifeCycle?.ReviewComments?.slice(0, 40));
    expect(json).toContain(asked[0]?.Project?.Title);
    expectWithinSlackLimits(first);
    // The Action Required ones, and the rest read beside them (they rarely fill a page).
    expect(listCalls().find((c) => c.input.LifeCycleReviewStatus)?.input).toMatchObject({
      LifeCycleStage: [...OPEN_STAGES],
      LifeCycleReviewStatus: ["Action Required"],
      Sort: { SortBy: "TargetCloseDate", SortOrder: "ASCENDING" },
    });
    expect(listCalls().some((c) => c.input.LifeCycleReviewStatus === undefined)).toBe(true);

    const second = await turn(first, ACTION.nextPage);
    expect(shownOpportunities(second)).toEqual(expected.slice(10, 20));
    const third = await turn(second, ACTION.nextPage);
    expect(shownOpportunities(third)).toEqual(expected.slice(20, 30));
    const back = await turn(third, ACTION.previousPage);
    expect(shownOpportunities(back)).toEqual(expected.slice(10, 20));
    const start = await turn(back, ACTION.previousPage);
    expect(shownOpportunities(start)).toEqual(expected.slice(0, 10));
    expect(findButton(start, ACTION.previousPage)).toBeUndefined();
  });

  it("passes stage, review, closing and customer to ListOpportunities and shows what matches", async () => {
    const sample = all().find((o) => o.LifeCycle?.Stage === "Committed") as OpportunityRecord;
    const name = sample.Customer?.Account?.CompanyName ?? "";
    const answer = await runCommand(
      h.standin,
      `opportunities stage=committed,business_validation review=approved,action-required customer="${name}" sort=closing`,
    );
    expect(listCalls()[0]?.input).toMatchObject({
      LifeCycleStage: ["Committed", "Business Validation"],
      LifeCycleReviewStatus: ["Approved", "Action Required"],
      CustomerCompanyName: [name],
      Sort: { SortBy: "TargetCloseDate", SortOrder: "ASCENDING" },
    });
    expect(shownOpportunities(answer)).toEqual(
      ids(
        all()
          .filter(
            (o) =>
              ["Committed", "Business Validation"].includes(o.LifeCycle?.Stage ?? "") &&
              ["Approved", "Action Required"].includes(o.LifeCycle?.ReviewStatus ?? "") &&
              o.Customer?.Account?.CompanyName === name,
          )
          .sort(soonestFirst),
      ),
    );
    expect(shownOpportunities(answer)).toContain(sample.Id);
    expect(messageJson(answer)).toContain(
      `committed, business validation · review approved, action required · customer ${name} · closing soonest first`,
    );
  });

  it("reads only the Action Required list for review=action-required, and none of it for review=approved", async () => {
    await runCommand(h.standin, "opportunities review=action-required");
    expect(listCalls().map((c) => c.input.LifeCycleReviewStatus)).toEqual(
      listCalls().map(() => ["Action Required"]),
    );
    h.emulator.resetCalls();
    const approved = await runCommand(h.standin, "opportunities review=approved stage=all");
    expect(listCalls().map((c) => c.input.LifeCycleReviewStatus)).toEqual(
      listCalls().map(() => ["Approved"]),
    );
    expect(listCalls()[0]?.input).not.toHaveProperty("LifeCycleStage");
    expect(shownOpportunities(approved)).toHaveLength(10);
  });

  it("keeps to those closing within the days asked, overdue ones included", async () => {
    const before = new Date(Date.now() + 31 * DAY_MS).toISOString().slice(0, 10);
    const answer = await runCommand(h.standin, "opportunities closing=30 sort=closing");
    expect(listCalls()[0]?.input).toMatchObject({ TargetCloseDate: { BeforeTargetCloseDate: before } });
    const expected = all()
      .filter(
        (o) =>
          isOpen(o) && o.LifeCycle?.TargetCloseDate !== undefined && o.LifeCycle.TargetCloseDate < before,
      )
      .sort(soonestFirst);
    expect(shownOpportunities(answer)).toEqual(ids(expected).slice(0, 10));
    expect(messageJson(answer)).toContain("overdue");
  });

  it.each([
    ["modified", "LastModifiedDate", "DESCENDING"],
    ["created", "CreatedDate", "DESCENDING"],
    ["customer", "CustomerCompanyName", "ASCENDING"],
    ["id", "Identifier", "ASCENDING"],
  ])("sorts by %s", async (sort, sortBy, sortOrder) => {
    await runCommand(h.standin, `opportunities sort=${sort}`);
    expect(listCalls().map((c) => c.input.Sort)).toEqual(
      listCalls().map(() => ({ SortBy: sortBy, SortOrder: sortOrder })),
    );
  });

  it("keeps to the caller's own with mine, matched by their Slack profile's e-mail", async () => {
    const mine = (email: string) =>
      all().filter((o) => isOpen(o) && (o.OpportunityTeam ?? []).some((m) => m.Email === email));
    expect(mine(APPROVER_EMAIL).length).toBeGreaterThan(0);
    const answer = await runCommand(h.standin, "opportunities mine stage=all sort=id", { userId: VIEWER });
    const viewers = all()
      .filter((o) => (o.OpportunityTeam ?? []).some((m) => m.Email === VIEWER_EMAIL))
      .sort((a, b) => (a.Id.padStart(20, "0") < b.Id.padStart(20, "0") ? -1 : 1));
    expect(shownOpportunities(answer)).toEqual(ids(viewers).slice(0, 10));
    expect(messageJson(answer)).toContain("Owner Sam Viewer");
    expect(h.standin.callsTo("users.info").at(-1)?.args).toMatchObject({ user: VIEWER });
  });

  it("says why mine cannot work when the profile shows no e-mail, and calls nothing at AWS", async () => {
    const answer = await runCommand(h.standin, "opportunities mine", { userId: GROUP_MEMBER });
    expect(answer.text).toContain("your Slack profile shows the app no e-mail address");
    expect(listCalls()).toEqual([]);
  });

  it("shows any answer the model allows: members left out, values of a newer model as written", async () => {
    h.proxy?.rewriteItems((item, operation) => {
      if (operation !== "ListOpportunities") return;
      delete item.Customer;
      delete item.Project;
      item.LifeCycle = { Stage: "Won", ReviewStatus: "Escalated" };
    });
    // Details cannot be read: the rows show the summaries as AWS gave them.
    const sandbox = [...h.emulator.state.opportunities.values()].filter((o) => o.Catalog === "Sandbox");
    h.emulator.injectFault("GetOpportunity", "AccessDeniedException", sandbox.length);
    const answer = await runCommand(h.standin, "opportunities stage=all sort=id catalog=sandbox");
    const json = messageJson(answer);
    expect(shownOpportunities(answer)).toHaveLength(sandbox.length);
    expect(json).toContain(":grey_question: Escalated · Won");
    expectWithinSlackLimits(answer);
  });

  it("answers typos and bad values without calling AWS", async () => {
    const cases: Array<[string, RegExp]> = [
      ["opportunites", /Did you mean `opportunities`\?/],
      ["opportunities stge=open", /Did you mean `stage=`\?/],
      ["opportunities stage=qualifed", /use prospect, qualified, .* Did you mean `stage=qualified`\?/],
      ["opportunities review=actionrequired", /Did you mean `review=action-required`\?/],
      ["opportunities sort=closin", /Did you mean `sort=closing`\?/],
      ["opportunities closing=soon", /`closing=soon` is not valid: use a whole number from 0 to 365/],
      ["opportunities minee", /Did you mean `mine`\?/],
      ["opportunity 123", /`123` is not an opportunity id: they look like `O1234567`/],
    ];
    for (const [text, says] of cases) {
      const answer = await runCommand(h.standin, text);
      expect(answer.text, text).toMatch(says);
    }
    expect(h.emulator.calls).toEqual([]);
  });
});

describe("/partnercentral opportunity <id>", () => {
  it("shows the opportunity with its review, next steps, team and AWS's side", async () => {
    const o = all().find(
      (x) =>
        x.LifeCycle?.ReviewStatus === "Action Required" &&
        h.emulator.state.awsSummaries.get(x.Id)?.Insights !== undefined &&
        (x.OpportunityTeam ?? []).length > 0,
    ) as OpportunityRecord;
    expect(o).toBeDefined();
    const aws = h.emulator.state.awsSummaries.get(o.Id);
    const answer = await runCommand(h.standin, `opportunity ${o.Id.toLowerCase()}`);
    const json = messageJson(answer);
    for (const shown of [
      o.Project?.Title,
      o.Customer?.Account?.CompanyName,
      o.LifeCycle?.ReviewComments,
      o.LifeCycle?.ReviewStatusReason,
      o.LifeCycle?.NextSteps,
      o.OpportunityTeam?.[0]?.Email,
      aws?.LifeCycle?.NextSteps,
      aws?.Insights?.NextBestActions,
      aws?.InvolvementType,
      "Sales rep",
      "Account owner",
      "Next steps",
      "AWS's side",
      `https://us-east-1.console.aws.amazon.com/partnercentral/opportunities/${o.Id}`,
    ]) {
      expect(json).toContain(shown);
    }
    expect(json).toMatch(/\$[\d,]+ a month for AWS/);
    expectWithinSlackLimits(answer);
    // Each read at most once; the list before may have left the opportunity's own read to share.
    const reads = h.emulator.calls.map((c) => c.operation);
    expect(reads.filter((op) => op === "GetAwsOpportunitySummary")).toHaveLength(1);
    expect(
      reads.filter((op) => op !== "GetAwsOpportunitySummary").every((op) => op === "GetOpportunity"),
    ).toBe(true);
    expect(reads.length).toBeLessThanOrEqual(2);
  });

  it("leaves out what AWS leaves out, shows newer values as written, and escapes what it shows", async () => {
    const odd = h.emulator.addOpportunity({
      Customer: { Account: { CompanyName: HOSTILE } },
      Project: undefined,
      OpportunityTeam: [],
      LifeCycle: { Stage: "Won", ReviewStatus: "Escalated", ReviewComments: HOSTILE },
    });
    h.emulator.state.awsSummaries.delete(odd.Id);
    const answer = await runCommand(h.standin, `opportunity ${odd.Id}`);
    const json = messageJson(answer);
    expect(json).toContain(":grey_question: Escalated");
    expect(json).toContain("Won");
    expect(json).not.toContain("AWS's side");
    expect(json).not.toContain("Your team");
    expect(json).not.toContain("Business problem");
    expectNothingUnescaped(answer, { links: ["https://us-east-1.console.aws.amazon.com"] });
  });

  it("says which opportunity does not exist, and tells AWS's side it could not read beside the rest", async () => {
    const missing = await runCommand(h.standin, "opportunity O99 catalog=sandbox");
    expect(missing.text).toContain("No opportunity with id O99 in the Sandbox catalog.");
    const o = all().find((x) => h.emulator.state.awsSummaries.has(x.Id)) as OpportunityRecord;
    h.emulator.injectFault("GetAwsOpportunitySummary", "AccessDeniedException");
    const partial = await runCommand(h.standin, `opportunity ${o.Id}`);
    expect(messageJson(partial)).toContain(
      "AWS's side could not be read: AWS denied partnercentral:GetAwsOpportunitySummary",
    );
    expect(messageJson(partial)).toContain(o.Customer?.Account?.CompanyName);
  });

  it("gives a colleague the same answer, with no action buttons", async () => {
    const o = all()[0] as OpportunityRecord;
    const answer = await runCommand(h.standin, `opportunity ${o.Id}`, { userId: VIEWER });
    const buttons = (answer.blocks as Array<{ elements?: Array<{ type: string; url?: string }> }>).flatMap(
      (b) => b.elements?.filter((e) => e.type === "button") ?? [],
    );
    expect(buttons).toEqual([expect.objectContaining({ url: expect.stringContaining(o.Id) })]);
    const list = await runCommand(h.standin, "opportunities", { userId: VIEWER });
    const actions = JSON.stringify(list.blocks).match(/"action_id":"[a-z_]+"/g) ?? [];
    expect(new Set(actions)).toEqual(
      new Set([`"action_id":"${ACTION.viewOpportunity}"`, `"action_id":"${ACTION.nextPage}"`]),
    );
  });
});

describe("View opportunity", () => {
  it("opens the opportunity's details in a modal for anyone", async () => {
    const list = await runCommand(h.standin, "opportunities", { userId: VIEWER });
    const [first] = shownOpportunities(list);
    const button = findButton(list, ACTION.viewOpportunity, `AWS:${first}`);
    expect(button).toBeDefined();
    await h.standin.clickButton({
      userId: VIEWER,
      channelId: CHANNEL,
      messageTs: list.ts,
      actionId: ACTION.viewOpportunity,
      value: button?.value ?? "",
    });
    const modal = await h.standin.waitFor(() => {
      const view = h.standin.openViews(VIEWER).at(-1);
      return view && JSON.stringify(view.view.blocks).includes(`Opportunity \`${first}\``) ? view : undefined;
    }, 15_000);
    expect(JSON.stringify(modal.view.blocks)).toContain("View in Partner Central");
  });
});
