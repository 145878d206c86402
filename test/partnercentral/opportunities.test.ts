import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, type OpportunityRecord, startEmulator } from "../../dev/emulator/index.ts";
import { createPartnerCentralClients, destroyClients } from "../../src/partnercentral/clients.ts";
import { PartnerCentralError } from "../../src/partnercentral/errors.ts";
import { Opportunities, SHARED_READS_TTL_MS } from "../../src/partnercentral/opportunities.ts";
import type { OpportunitySummary } from "../../src/partnercentral/opportunity-model.ts";
import { allItems, fillPage } from "../../src/partnercentral/pages.ts";
import { emulatorClientOptions } from "../helpers/harness.ts";

const TEAM_EMAIL = "alex.rivera@northwind.example";
let emulator: Emulator;
let clients: ReturnType<typeof createPartnerCentralClients>;
let nowMs = 1_000_000;
let opportunities: Opportunities;

beforeAll(async () => {
  emulator = await startEmulator({
    maxPageSize: 4,
    partnerUsers: [{ Email: TEAM_EMAIL, FirstName: "Alex", LastName: "Rivera" }],
  });
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
beforeEach(() => {
  opportunities = new Opportunities(clients.selling, { clock: () => new Date(nowMs) });
  emulator.resetCalls();
});

const operations = () => emulator.calls.map((c) => c.operation);
const record = (filter: (o: OpportunityRecord) => boolean) =>
  [...emulator.state.opportunities.values()].find(
    (o) => o.Catalog === "AWS" && filter(o),
  ) as OpportunityRecord;
const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as PartnerCentralError;
  }
  throw new Error("expected a failure");
};

describe("reading opportunities", () => {
  it("normalises GetOpportunity and GetAwsOpportunitySummary, newest next steps first", async () => {
    const o = record((x) => emulator.state.awsSummaries.has(x.Id) && (x.OpportunityTeam ?? []).length > 0);
    const { opportunity, aws } = await opportunities.details("AWS", o.Id);
    expect(opportunity).toMatchObject({
      id: o.Id,
      catalog: "AWS",
      lastModifiedAt: o.LastModifiedDate,
      customer: { companyName: o.Customer?.Account?.CompanyName },
      project: { title: o.Project?.Title },
      lifeCycle: { stage: o.LifeCycle?.Stage, targetCloseDate: o.LifeCycle?.TargetCloseDate },
      team: [{ email: o.OpportunityTeam?.[0]?.Email, title: "OpportunityOwner" }],
    });
    const times = opportunity.nextStepsHistory.map((h) => h.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(aws?.team.length).toBeGreaterThan(0);
    expect(aws?.opportunityId).toBe(o.Id);
  });

  it("keeps optional members out when AWS leaves them out, and values of a newer model as AWS wrote them", async () => {
    const odd = emulator.addOpportunity({
      Customer: undefined,
      Project: undefined,
      OpportunityTeam: undefined,
      LifeCycle: { Stage: "Won", ReviewStatus: "Escalated" },
    });
    emulator.state.awsSummaries.set(odd.Id, {
      InvolvementType: "Strategic",
      Insights: { EngagementScore: "Very High" },
    });
    const { opportunity, aws } = await opportunities.details("AWS", odd.Id);
    expect(opportunity.customer).toBeUndefined();
    expect(opportunity.project).toEqual({ salesActivities: [], apnPrograms: [] });
    expect(opportunity.team).toEqual([]);
    expect(opportunity.lifeCycle).toEqual({ stage: "Won", reviewStatus: "Escalated" });
    expect(aws).toMatchObject({
      involvementType: "Strategic",
      insights: { engagementScore: "Very High" },
      team: [],
    });
  });

  it("tells apart AWS having no side of an opportunity and failing to read it", async () => {
    const pending = record((x) => !emulator.state.awsSummaries.has(x.Id));
    expect(await opportunities.details("AWS", pending.Id)).not.toHaveProperty("aws");
    const other = record((x) => emulator.state.awsSummaries.has(x.Id));
    emulator.injectFault("GetAwsOpportunitySummary", "AccessDeniedException");
    const denied = await opportunities.details("AWS", other.Id);
    expect(denied.opportunity.id).toBe(other.Id);
    expect(denied.awsError).toMatch(/^AWS denied partnercentral:GetAwsOpportunitySummary/);
  });

  it("names the opportunity that does not exist", async () => {
    const error = await failureOf(opportunities.get("Sandbox", record(() => true).Id));
    expect(error).toBeInstanceOf(PartnerCentralError);
    expect(error.userMessage).toMatch(/^No opportunity with id O\d+ in the Sandbox catalog\.$/);
  });
});

describe("listing opportunities", () => {
  it("goes through the SDK's paginator, filtered and sorted, over short AWS pages", async () => {
    const query = {
      catalog: "AWS" as const,
      stages: ["Qualified" as const, "Technical Validation" as const],
      sort: { by: "TargetCloseDate" as const, order: "ASCENDING" as const },
    };
    const all = await allItems(opportunities.pages(query));
    const expected = [...emulator.state.opportunities.values()].filter(
      (o) => o.Catalog === "AWS" && ["Qualified", "Technical Validation"].includes(o.LifeCycle?.Stage ?? ""),
    );
    expect(all.map((o) => o.id).sort()).toEqual(expected.map((o) => o.Id).sort());
    const days = all.map((o) => o.lifeCycle.targetCloseDate ?? "");
    expect(days).toEqual([...days].sort());
    const calls = emulator.calls.filter((c) => c.operation === "ListOpportunities");
    expect(calls.length).toBeGreaterThan(1);
    expect(calls[0]?.input).toMatchObject({
      LifeCycleStage: ["Qualified", "Technical Validation"],
      Sort: { SortBy: "TargetCloseDate", SortOrder: "ASCENDING" },
    });
    const page = await fillPage((request) => opportunities.pages(query, request), { skip: 0, shown: 0 }, 10);
    expect(page.items.map((o: OpportunitySummary) => o.id)).toEqual(all.slice(0, 10).map((o) => o.id));
  });

  it("fills in each summary's details where it can", async () => {
    const [first, second] = await allItems(opportunities.pages({ catalog: "AWS" }, { maxResults: 2 }));
    emulator.resetCalls();
    // Both first reads and one retry are throttled: one summary stays as it was.
    emulator.injectFault("GetOpportunity", "ThrottlingException", 3);
    const detailed = await opportunities.withDetails([
      first as OpportunitySummary,
      second as OpportunitySummary,
    ]);
    expect(detailed.map((o) => o.id)).toEqual([first?.id, second?.id]);
    expect(detailed.filter((o) => "project" in o)).toHaveLength(1);
  });
});

describe("a list's details", () => {
  it("are read for the summaries alone: what a filter already read in full is kept as it is", async () => {
    const [first, second] = await allItems(opportunities.pages({ catalog: "AWS" }, { maxResults: 2 }));
    const read = await new Opportunities(clients.selling).get("AWS", second?.id ?? "");
    emulator.resetCalls();
    const detailed = await opportunities.withDetails([first as OpportunitySummary, read]);
    expect(detailed[1]).toBe(read);
    expect(emulator.calls.map((c) => [c.operation, c.input.Identifier])).toEqual([
      ["GetOpportunity", first?.id],
    ]);
  });
});

describe("answers shared for a short while", () => {
  it("serve a detail view and a list again without calling AWS, and one call for the same read at once", async () => {
    const id = record(() => true).Id;
    await Promise.all([
      opportunities.get("AWS", id),
      opportunities.get("AWS", id),
      opportunities.details("AWS", id),
    ]);
    await allItems(opportunities.pages({ catalog: "AWS" }));
    const first = operations();
    expect(first.filter((o) => o === "GetOpportunity")).toHaveLength(1);
    await opportunities.get("AWS", id);
    await allItems(opportunities.pages({ catalog: "AWS" }));
    expect(operations()).toEqual(first);
    nowMs += SHARED_READS_TTL_MS + 1;
    await opportunities.get("AWS", id);
    expect(operations().filter((o) => o === "GetOpportunity")).toHaveLength(2);
    await opportunities.get("AWS", id, { fresh: true });
    expect(operations().filter((o) => o === "GetOpportunity")).toHaveLength(3);
  });

  it("keep no failure: the next asker tries again", async () => {
    const id = record(() => true).Id;
    emulator.injectFault("GetOpportunity", "InternalServerException", 2);
    await expect(opportunities.get("AWS", id)).rejects.toThrow(PartnerCentralError);
    expect((await opportunities.get("AWS", id)).id).toBe(id);
  });

  it("tell persistent throttling plainly, with the quota it hit", async () => {
    emulator.injectFault("GetOpportunity", "ThrottlingException", 2);
    const read = await failureOf(opportunities.get("AWS", record(() => true).Id));
    expect(read.userMessage).toMatch(/throttling .*10 reads a second.* Try again in a minute\.$/);
    emulator.injectFault("AssignOpportunity", "ThrottlingException", 2);
    const write = await failureOf(
      opportunities.assign("AWS", record(() => true).Id, {
        email: TEAM_EMAIL,
        firstName: "Alex",
        lastName: "Rivera",
        businessTitle: "Alliance lead",
      }),
    );
    expect(write.userMessage).toMatch(/1 change a second/);
  });
});

describe("changing opportunities", () => {
  it("assigns one of the account's users, whatever the case of their e-mail, and reads afresh after", async () => {
    const o = record((x) => (x.OpportunityTeam ?? []).length === 0);
    await opportunities.get("AWS", o.Id);
    await opportunities.assign("AWS", o.Id, {
      email: "Alex.Rivera@Northwind.example",
      firstName: "Alex",
      lastName: "Rivera",
      businessTitle: "Alliance lead",
    });
    expect((await opportunities.get("AWS", o.Id)).team).toEqual([
      { email: TEAM_EMAIL, firstName: "Alex", lastName: "Rivera", title: "OpportunityOwner" },
    ]);
  });

  it("says an e-mail address is no Partner Central user only when AWS says so of the assignee's e-mail", async () => {
    const o = record(() => true);
    const assignee = { firstName: "Sam", lastName: "Viewer", businessTitle: "Seller" };
    const unknown = await failureOf(
      opportunities.assign("AWS", o.Id, { ...assignee, email: "sam.viewer@partner.example" }),
    );
    expect(unknown.userMessage).toMatch(
      /^Partner Central did not take sam\.viewer@partner\.example: only the Partner Central users/,
    );
    const longName = await failureOf(
      opportunities.assign("AWS", o.Id, { ...assignee, email: TEAM_EMAIL, firstName: "S".repeat(81) }),
    );
    expect(longName).toMatchObject({ code: "Validation" });
    expect(longName.userMessage).toMatch(/^Partner Central rejected the request \(Assignee\.FirstName: /);
  });

  it("changes the next steps alone, sending the whole record as read with its LastModifiedDate", async () => {
    const o = emulator.addOpportunity({ PartnerOpportunityIdentifier: "CRM-7" });
    const seen = await opportunities.get("AWS", o.Id);
    nowMs += 1;
    const result = await opportunities.updateNextSteps(
      "AWS",
      o.Id,
      "Book the workshop",
      seen.lastModifiedAt as Date,
    );
    const update = emulator.calls.find((c) => c.operation === "UpdateOpportunity");
    expect(new Date(String(update?.input.LastModifiedDate))).toEqual(seen.lastModifiedAt);
    expect(update?.input).toMatchObject({
      PartnerOpportunityIdentifier: "CRM-7",
      Customer: { Account: { CompanyName: o.Customer?.Account?.CompanyName } },
      LifeCycle: { NextSteps: "Book the workshop", Stage: o.LifeCycle?.Stage },
    });
    const after = await opportunities.get("AWS", o.Id);
    expect(after.lifeCycle.nextSteps).toBe("Book the workshop");
    expect(after.partnerOpportunityId).toBe("CRM-7");
    expect(after.lastModifiedAt).toEqual(result.lastModifiedAt);
  });

  it("overwrites nothing when the opportunity changed since it was seen, in the app or at AWS", async () => {
    const o = emulator.addOpportunity();
    const seen = await opportunities.get("AWS", o.Id);
    o.LastModifiedDate = new Date(o.LastModifiedDate.getTime() + 5000);
    const before = await failureOf(
      opportunities.updateNextSteps("AWS", o.Id, "x", seen.lastModifiedAt as Date),
    );
    expect(before).toMatchObject({ code: "Conflict" });
    expect(before.userMessage).toContain("changed in Partner Central meanwhile; nothing was overwritten");
    expect(operations()).not.toContain("UpdateOpportunity");
    emulator.injectFault("UpdateOpportunity", "ConflictException");
    const during = await failureOf(opportunities.updateNextSteps("AWS", o.Id, "x", o.LastModifiedDate));
    expect(during.userMessage).toContain("changed in Partner Central meanwhile");
  });

  it("says why the next steps cannot change while AWS reviews, asks for action or has rejected", async () => {
    const o = emulator.addOpportunity();
    o.LifeCycle = { ...o.LifeCycle, ReviewStatus: "In review" };
    const error = await failureOf(opportunities.updateNextSteps("AWS", o.Id, "x", o.LastModifiedDate));
    expect(error.userMessage).toBe(
      `The next steps of opportunity ${o.Id} cannot be changed now: AWS is reviewing it, and nothing can be changed until the review is done.`,
    );
    expect(operations()).not.toContain("UpdateOpportunity");
  });
});
