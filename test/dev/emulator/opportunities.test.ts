import {
  AssignOpportunityCommand,
  ConflictException,
  GetAwsOpportunitySummaryCommand,
  GetOpportunityCommand,
  type GetOpportunityCommandOutput,
  ListEngagementByAcceptingInvitationTasksCommand,
  ListOpportunitiesCommand,
  type ListOpportunitiesRequest,
  type OpportunitySummary,
  type PartnerCentralSellingClient,
  paginateListOpportunities,
  ResourceNotFoundException,
  StartEngagementByAcceptingInvitationTaskCommand,
  UpdateOpportunityCommand,
  type UpdateOpportunityCommandInput,
  ValidationException,
} from "@aws-sdk/client-partnercentral-selling";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type Emulator,
  type EventBridgeEvent,
  type OpportunityRecord,
  REQUEST_ACTION_PATH,
  startEmulator,
} from "../../../dev/emulator/index.ts";
import { REVIEW_STATUSES, STAGES } from "../../../src/partnercentral/opportunity-model.ts";
import { fixture } from "../../events/fixtures.ts";
import { clientsFor, failure, statusOf, waitFor } from "./helpers.ts";

let nowMs = Date.parse("2026-03-02T12:00:00Z");
let emulator: Emulator;
let selling: PartnerCentralSellingClient;

const TEAM = [
  {
    Email: "alex.rivera@northwind.example",
    FirstName: "Alex",
    LastName: "Rivera",
    BusinessTitle: "Alliance lead",
  },
  {
    Email: "sam.chen@northwind.example",
    FirstName: "Sam",
    LastName: "Chen",
    BusinessTitle: "Account manager",
  },
];

beforeAll(async () => {
  emulator = await startEmulator({ now: () => new Date(nowMs), taskCompletionMs: 20, partnerUsers: TEAM });
  ({ selling } = clientsFor(emulator));
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.queues.events.messages.length = 0;
});

const opportunities = (filter: (o: OpportunityRecord) => boolean = () => true) =>
  [...emulator.state.opportunities.values()].filter(filter);
const inAws = () => opportunities((o) => o.Catalog === "AWS");
const drain = (): EventBridgeEvent[] =>
  emulator.queues.events.messages.splice(0).map((m) => JSON.parse(m.body));

async function listAll(
  input: Omit<ListOpportunitiesRequest, "Catalog">,
  pageSize = 100,
): Promise<OpportunitySummary[]> {
  const out: OpportunitySummary[] = [];
  for await (const page of paginateListOpportunities(
    { client: selling, pageSize },
    { Catalog: "AWS", ...input },
  )) {
    out.push(...(page.OpportunitySummaries ?? []));
  }
  return out;
}
const idsOf = (items: Array<{ Id?: string }>) => items.map((i) => i.Id);

/** What a client sends back to change only the next steps: the whole record as read. */
function wholeRecord(read: GetOpportunityCommandOutput, change: Partial<UpdateOpportunityCommandInput> = {}) {
  return {
    Catalog: "AWS",
    Identifier: read.Id,
    LastModifiedDate: read.LastModifiedDate,
    PrimaryNeedsFromAws: read.PrimaryNeedsFromAws,
    NationalSecurity: read.NationalSecurity,
    PartnerOpportunityIdentifier: read.PartnerOpportunityIdentifier,
    Customer: read.Customer,
    Project: read.Project,
    OpportunityType: read.OpportunityType,
    Marketing: read.Marketing,
    SoftwareRevenue: read.SoftwareRevenue,
    LifeCycle: read.LifeCycle,
    ...change,
  } as UpdateOpportunityCommandInput;
}

describe("sample opportunities", () => {
  it("hold every stage and review status, AWS's side and a partner team of the given users", () => {
    const all = inAws();
    expect(all).toHaveLength(30);
    expect(new Set(all.map((o) => o.LifeCycle?.Stage))).toEqual(new Set(STAGES));
    expect(new Set(all.map((o) => o.LifeCycle?.ReviewStatus))).toEqual(
      new Set([...REVIEW_STATUSES, undefined]),
    );
    for (const o of all.filter((x) => x.LifeCycle?.ReviewStatus === "Action Required")) {
      expect(o.LifeCycle?.ReviewComments).toEqual(expect.any(String));
      expect(o.LifeCycle?.ReviewStatusReason).toEqual(expect.any(String));
    }
    expect(all.every((o) => (o.LifeCycle?.NextStepsHistory?.length ?? 0) > 0)).toBe(true);
    const owners = all.flatMap((o) => o.OpportunityTeam ?? []).map((m) => m.Email);
    expect(new Set(owners)).toEqual(new Set(TEAM.map((t) => t.Email)));
    expect(all.some((o) => (o.OpportunityTeam ?? []).length === 0)).toBe(true);
    const aws = all.flatMap((o) => emulator.state.awsSummaries.get(o.Id) ?? []);
    expect(aws.length).toBeGreaterThan(0);
    expect(aws.length).toBeLessThan(all.length);
    expect(aws.some((a) => a.Insights?.NextBestActions && a.Insights.EngagementScore)).toBe(true);
    expect(new Set(aws.flatMap((a) => a.OpportunityTeam ?? []).map((m) => m.BusinessTitle))).toEqual(
      new Set(["AWSSalesRep", "AWSAccountOwner", "PDM", "PSM"]),
    );
    expect(opportunities((o) => o.Catalog === "Sandbox")).toHaveLength(4);
  });
});

describe("GetOpportunity and GetAwsOpportunitySummary", () => {
  it("return the record, with date-times as ISO 8601 strings (the model's timestampFormat)", async () => {
    const record = inAws()[0] as OpportunityRecord;
    const got = await selling.send(new GetOpportunityCommand({ Catalog: "AWS", Identifier: record.Id }));
    expect(got).toMatchObject({
      Id: record.Id,
      Arn: record.Arn,
      LastModifiedDate: record.LastModifiedDate,
      LifeCycle: { Stage: record.LifeCycle?.Stage },
      Customer: { Account: { CompanyName: record.Customer?.Account?.CompanyName } },
    });
    const raw = await fetch(emulator.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "AWSPartnerCentralSelling.GetOpportunity",
        "x-amz-date": "20260302T120000Z",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260302/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host, Signature=0000000000000000000000000000000000000000000000000000000000000000",
      },
      body: JSON.stringify({ Catalog: "AWS", Identifier: record.Id }),
    });
    expect((await raw.json()).LastModifiedDate).toBe(record.LastModifiedDate.toISOString());
  });

  it("answer ResourceNotFoundException in another catalog, and for AWS's side AWS has not taken up", async () => {
    const record = inAws()[0] as OpportunityRecord;
    const elsewhere = await failure(
      selling.send(new GetOpportunityCommand({ Catalog: "Sandbox", Identifier: record.Id })),
    );
    expect(elsewhere).toBeInstanceOf(ResourceNotFoundException);
    expect(statusOf(elsewhere)).toBe(404);
    const pending = inAws().find((o) => !emulator.state.awsSummaries.has(o.Id)) as OpportunityRecord;
    const none = await failure(
      selling.send(
        new GetAwsOpportunitySummaryCommand({ Catalog: "AWS", RelatedOpportunityIdentifier: pending.Id }),
      ),
    );
    expect(none).toBeInstanceOf(ResourceNotFoundException);
    const takenUp = inAws().find((o) => emulator.state.awsSummaries.has(o.Id)) as OpportunityRecord;
    const aws = await selling.send(
      new GetAwsOpportunitySummaryCommand({ Catalog: "AWS", RelatedOpportunityIdentifier: takenUp.Id }),
    );
    expect(aws).toMatchObject({ RelatedOpportunityId: takenUp.Id, Catalog: "AWS", Visibility: "Full" });
    expect(aws.OpportunityTeam?.length).toBeGreaterThan(0);
  });

  it("validate the identifier", async () => {
    const err = await failure(
      selling.send(new GetOpportunityCommand({ Catalog: "AWS", Identifier: "opp-1" })),
    );
    expect(err).toBeInstanceOf(ValidationException);
    expect((err as unknown as ValidationException).ErrorList?.[0]).toMatchObject({ FieldName: "Identifier" });
  });
});

describe("ListOpportunities", () => {
  it("lists newest modified first by default, 20 a page, and pages with the SDK paginator", async () => {
    const first = await selling.send(new ListOpportunitiesCommand({ Catalog: "AWS" }));
    expect(first.OpportunitySummaries).toHaveLength(20);
    expect(first.NextToken).toEqual(expect.any(String));
    const expected = inAws()
      .sort((a, b) => b.LastModifiedDate.getTime() - a.LastModifiedDate.getTime() || (a.Id < b.Id ? 1 : -1))
      .map((o) => o.Id);
    expect(idsOf(await listAll({}, 7))).toEqual(expected);
    const summary = first.OpportunitySummaries?.[0];
    expect(summary).not.toHaveProperty("OpportunityTeam");
    expect(summary?.LifeCycle).not.toHaveProperty("NextStepsHistory");
  });

  it.each([
    ["TargetCloseDate", (o: OpportunityRecord) => o.LifeCycle?.TargetCloseDate ?? "9999"],
    ["CreatedDate", (o: OpportunityRecord) => o.CreatedDate.toISOString()],
    ["CustomerCompanyName", (o: OpportunityRecord) => o.Customer?.Account?.CompanyName.toLowerCase() ?? ""],
    ["Identifier", (o: OpportunityRecord) => o.Id.slice(1).padStart(19, "0")],
  ] as const)("sorts by %s both ways", async (by, key) => {
    const ascending = inAws()
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.Id < b.Id ? -1 : 1))
      .map((o) => o.Id);
    expect(idsOf(await listAll({ Sort: { SortBy: by, SortOrder: "ASCENDING" } }, 9))).toEqual(ascending);
    expect(idsOf(await listAll({ Sort: { SortBy: by, SortOrder: "DESCENDING" } }, 9))).toEqual(
      [...ascending].reverse(),
    );
  });

  it("filters by stage, review status, customer, identifier, target close and modified dates", async () => {
    const match = async (
      input: Omit<ListOpportunitiesRequest, "Catalog">,
      filter: (o: OpportunityRecord) => boolean,
    ) =>
      expect(idsOf(await listAll(input)).sort()).toEqual(
        inAws()
          .filter(filter)
          .map((o) => o.Id)
          .sort(),
      );
    await match({ LifeCycleStage: ["Qualified", "Committed"] }, (o) =>
      ["Qualified", "Committed"].includes(o.LifeCycle?.Stage ?? ""),
    );
    await match(
      { LifeCycleReviewStatus: ["Action Required"] },
      (o) => o.LifeCycle?.ReviewStatus === "Action Required",
    );
    const sample = inAws()[3] as OpportunityRecord;
    const name = sample.Customer?.Account?.CompanyName ?? "";
    await match(
      { CustomerCompanyName: [name.toUpperCase()] },
      (o) => o.Customer?.Account?.CompanyName === name,
    );
    await match({ Identifier: [sample.Id] }, (o) => o.Id === sample.Id);
    const day = "2026-04-01";
    await match(
      { TargetCloseDate: { BeforeTargetCloseDate: day } },
      (o) => o.LifeCycle?.TargetCloseDate !== undefined && o.LifeCycle.TargetCloseDate < day,
    );
    await match(
      { TargetCloseDate: { AfterTargetCloseDate: day } },
      (o) => o.LifeCycle?.TargetCloseDate !== undefined && o.LifeCycle.TargetCloseDate > day,
    );
    const since = new Date(nowMs - 30 * 86_400_000);
    await match({ LastModifiedDate: { AfterLastModifiedDate: since } }, (o) => o.LastModifiedDate >= since);
  });

  it("serves short pages with a NextToken when told to", async () => {
    const short = await startEmulator({ maxPageSize: 3 });
    try {
      const { selling: client } = clientsFor(short);
      const page = await client.send(new ListOpportunitiesCommand({ Catalog: "AWS", MaxResults: 50 }));
      expect(page.OpportunitySummaries).toHaveLength(3);
      expect(page.NextToken).toEqual(expect.any(String));
    } finally {
      await short.close();
      ({ selling } = clientsFor(emulator));
    }
  });

  it("validates its filters", async () => {
    const err = await failure(
      selling.send(
        new ListOpportunitiesCommand({
          Catalog: "AWS",
          MaxResults: 101,
          LifeCycleStage: ["Won" as never],
          TargetCloseDate: { BeforeTargetCloseDate: "31/12/2026" },
          Identifier: ["opp-1"],
        }),
      ),
    );
    expect((err as unknown as ValidationException).ErrorList?.map((e) => e.FieldName)).toEqual([
      "MaxResults",
      "Identifier[0]",
      "LifeCycleStage[0]",
      "TargetCloseDate.BeforeTargetCloseDate",
    ]);
  });
});

describe("AssignOpportunity", () => {
  it("makes one of the account's users the owner and announces the change", async () => {
    const record = emulator.addOpportunity({ OpportunityTeam: [] });
    const before = record.LastModifiedDate;
    nowMs += 60_000;
    await selling.send(
      new AssignOpportunityCommand({
        Catalog: "AWS",
        Identifier: record.Id,
        Assignee: {
          Email: "sam.chen@northwind.example",
          FirstName: "Sam",
          LastName: "Chen",
          BusinessTitle: "Account manager",
        },
      }),
    );
    const got = await selling.send(new GetOpportunityCommand({ Catalog: "AWS", Identifier: record.Id }));
    expect(got.OpportunityTeam).toEqual([
      {
        Email: "sam.chen@northwind.example",
        FirstName: "Sam",
        LastName: "Chen",
        BusinessTitle: "OpportunityOwner",
      },
    ]);
    expect(got.LastModifiedDate?.getTime()).toBeGreaterThan(before.getTime());
    expect(drain().map((e) => e["detail-type"])).toEqual(["Opportunity Updated"]);
  });

  it("refuses someone who is not a Partner Central user of the account, and a malformed assignee", async () => {
    const record = emulator.addOpportunity();
    const stranger = await failure(
      selling.send(
        new AssignOpportunityCommand({
          Catalog: "AWS",
          Identifier: record.Id,
          Assignee: {
            Email: "someone@elsewhere.example",
            FirstName: "Some",
            LastName: "One",
            BusinessTitle: "Seller",
          },
        }),
      ),
    );
    expect(stranger).toMatchObject({ name: "ValidationException", Reason: "BUSINESS_VALIDATION_FAILED" });
    const malformed = await failure(
      selling.send(
        new AssignOpportunityCommand({
          Catalog: "AWS",
          Identifier: record.Id,
          Assignee: {
            Email: "not an email",
            FirstName: "A",
            LastName: "B",
            BusinessTitle: undefined as never,
          },
        }),
      ),
    );
    expect((malformed as unknown as ValidationException).ErrorList?.map((e) => e.FieldName)).toEqual([
      "Assignee.Email",
      "Assignee.BusinessTitle",
    ]);
  });
});

describe("UpdateOpportunity", () => {
  const read = (id: string) => selling.send(new GetOpportunityCommand({ Catalog: "AWS", Identifier: id }));

  it("replaces the record: the next steps change with their history, what is left out is cleared", async () => {
    const record = emulator.addOpportunity({ OpportunityType: "Expansion" });
    const before = await read(record.Id);
    nowMs += 60_000;
    const { OpportunityType: _, ...withoutType } = wholeRecord(before, {
      LifeCycle: { ...before.LifeCycle, NextSteps: "Send the proposal", ReviewStatus: "Rejected" },
    });
    const answer = await selling.send(new UpdateOpportunityCommand(withoutType));
    const after = await read(record.Id);
    expect(answer.LastModifiedDate?.getTime()).toBeGreaterThan(before.LastModifiedDate?.getTime() ?? 0);
    expect(after.LastModifiedDate).toEqual(answer.LastModifiedDate);
    expect(after.LifeCycle?.NextSteps).toBe("Send the proposal");
    expect(after.LifeCycle?.NextStepsHistory?.at(-1)).toEqual({
      Value: "Send the proposal",
      Time: new Date(nowMs),
    });
    expect(after.LifeCycle?.ReviewStatus).toBe("Approved");
    expect(after.OpportunityType).toBeUndefined();
    expect(after.OpportunityTeam).toEqual(before.OpportunityTeam);
    expect(drain().map((e) => e["detail-type"])).toEqual(["Opportunity Updated"]);
  });

  it("answers ConflictException when the record changed since the LastModifiedDate sent", async () => {
    const record = emulator.addOpportunity();
    const before = await read(record.Id);
    nowMs += 60_000;
    await selling.send(new UpdateOpportunityCommand(wholeRecord(before)));
    const stale = await failure(
      selling.send(
        new UpdateOpportunityCommand(
          wholeRecord(before, { LifeCycle: { ...before.LifeCycle, NextSteps: "Too late" } }),
        ),
      ),
    );
    expect(stale).toBeInstanceOf(ConflictException);
    expect(statusOf(stale)).toBe(409);
    expect((await read(record.Id)).LifeCycle?.NextSteps).not.toBe("Too late");
  });

  it.each(["Submitted", "In review", "Rejected"])("refuses every update while %s", async (status) => {
    const record = emulator.addOpportunity();
    record.LifeCycle = { ...record.LifeCycle, ReviewStatus: status };
    const before = await read(record.Id);
    const err = await failure(selling.send(new UpdateOpportunityCommand(wholeRecord(before))));
    expect(err).toMatchObject({ name: "ValidationException", Reason: "BUSINESS_VALIDATION_FAILED" });
    expect((err as unknown as ValidationException).ErrorList?.[0]?.Code).toBe("INVALID_RESOURCE_STATE");
  });

  it("opens only the reviewers' fields while Action Required, and closes a few once Approved", async () => {
    const record = emulator.addOpportunity();
    record.LifeCycle = { ...record.LifeCycle, ReviewStatus: "Action Required" };
    const asked = await read(record.Id);
    const nextSteps = await failure(
      selling.send(
        new UpdateOpportunityCommand(
          wholeRecord(asked, { LifeCycle: { ...asked.LifeCycle, NextSteps: "x" } }),
        ),
      ),
    );
    expect((nextSteps as unknown as ValidationException).ErrorList?.[0]).toMatchObject({
      Code: "ACTION_NOT_PERMITTED",
    });
    expect(nextSteps.message).toContain("LifeCycle.NextSteps");
    nowMs += 60_000;
    await selling.send(
      new UpdateOpportunityCommand(
        wholeRecord(asked, { LifeCycle: { ...asked.LifeCycle, TargetCloseDate: "2026-12-01" } }),
      ),
    );
    record.LifeCycle = { ...record.LifeCycle, ReviewStatus: "Approved" };
    const approved = await read(record.Id);
    const title = await failure(
      selling.send(
        new UpdateOpportunityCommand(
          wholeRecord(approved, { Project: { ...approved.Project, Title: "New" } }),
        ),
      ),
    );
    expect(title.message).toContain("Project.Title");
  });
});

describe("accepting an engagement invitation", () => {
  it("creates the opportunity whose id the task returns, announced as Created then Updated", async () => {
    const invitation = emulator.addEngagementInvitation();
    drain();
    const started = await selling.send(
      new StartEngagementByAcceptingInvitationTaskCommand({
        Catalog: "AWS",
        Identifier: invitation.Id,
        ClientToken: "t-1",
      }),
    );
    const task = await waitFor(async () => {
      const found = await selling.send(
        new ListEngagementByAcceptingInvitationTasksCommand({
          Catalog: "AWS",
          TaskIdentifier: [started.TaskId ?? ""],
        }),
      );
      const summary = found.TaskSummaries?.[0];
      return summary?.TaskStatus === "COMPLETE" ? summary : undefined;
    });
    const created = await selling.send(
      new GetOpportunityCommand({ Catalog: "AWS", Identifier: task.OpportunityId }),
    );
    const payload =
      "OpportunityInvitation" in invitation.Payload ? invitation.Payload.OpportunityInvitation : undefined;
    expect(created).toMatchObject({
      Id: task.OpportunityId,
      OpportunityTeam: [],
      LifeCycle: { ReviewStatus: "Approved" },
      Customer: { Account: { CompanyName: payload?.Customer.CompanyName } },
    });
    const aws = await selling.send(
      new GetAwsOpportunitySummaryCommand({
        Catalog: "AWS",
        RelatedOpportunityIdentifier: task.OpportunityId,
      }),
    );
    expect(aws.Origin).toBe("AWS Referral");
    const events = drain().filter((e) => e["detail-type"].startsWith("Opportunity"));
    expect(events).toEqual([
      {
        version: "1",
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        source: "aws.partnercentral-selling",
        "detail-type": "Opportunity Created",
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        region: "us-east-1",
        account: emulator.accountId,
        detail: { schemaVersion: "1.0", catalog: "AWS", opportunity: { identifier: task.OpportunityId } },
      },
      expect.objectContaining({ "detail-type": "Opportunity Updated" }),
    ]);
    // Laid out as AWS's sample: the same members, in the same order, at every level.
    const layout = (value: unknown): unknown =>
      value && typeof value === "object"
        ? Object.entries(value).map(([key, inner]) => [key, layout(inner)])
        : typeof value;
    expect(layout(events[0])).toEqual(layout(fixture("opportunity-created")));
    expect(layout(events[1])).toEqual(layout(fixture("opportunity-updated")));
  });
});

describe("AWS asking for action", () => {
  it("marks an opportunity Action Required with the reviewers' comments and announces it", async () => {
    const record = emulator.addOpportunity();
    record.LifeCycle = { ...record.LifeCycle, ReviewStatus: "In review" };
    const changed = emulator.requestActionOnOpportunity(record.Id, {
      comments: "Add the website.",
      reason: "Customer details",
    });
    expect(changed.LifeCycle).toMatchObject({
      ReviewStatus: "Action Required",
      ReviewComments: "Add the website.",
      ReviewStatusReason: "Customer details",
    });
    expect(drain()).toMatchObject([
      { "detail-type": "Opportunity Updated", detail: { opportunity: { identifier: record.Id } } },
    ]);
  });

  it("is reachable over HTTP, picking an opportunity AWS is reviewing or approved", async () => {
    const response = await fetch(`${emulator.url}${REQUEST_ACTION_PATH}`, { method: "POST" });
    const { Id } = (await response.json()) as { Id: string };
    expect(emulator.state.opportunities.get(Id)?.LifeCycle?.ReviewStatus).toBe("Action Required");
    expect(drain()).toHaveLength(1);
  });

  it("announces a change of AWS's next steps, the opportunity's own date unchanged", async () => {
    const record = emulator.addOpportunity();
    const modified = record.LastModifiedDate;
    emulator.updateAwsNextSteps(record.Id, "AWS to schedule the executive briefing");
    const aws = await selling.send(
      new GetAwsOpportunitySummaryCommand({ Catalog: "AWS", RelatedOpportunityIdentifier: record.Id }),
    );
    expect(aws.LifeCycle?.NextSteps).toBe("AWS to schedule the executive briefing");
    expect(record.LastModifiedDate).toBe(modified);
    expect(drain().map((e) => e["detail-type"])).toEqual(["Opportunity Updated"]);
  });
});
