import {
  AcceptEngagementInvitationCommand,
  AccessDeniedException,
  ConflictException,
  type EngagementInvitationSummary,
  GetEngagementInvitationCommand,
  ListEngagementByAcceptingInvitationTasksCommand,
  type ListEngagementByAcceptingInvitationTasksRequest,
  ListEngagementInvitationsCommand,
  type ListEngagementInvitationsRequest,
  type PartnerCentralSellingClient,
  paginateListEngagementByAcceptingInvitationTasks,
  paginateListEngagementInvitations,
  RejectEngagementInvitationCommand,
  ResourceNotFoundException,
  StartEngagementByAcceptingInvitationTaskCommand,
  ValidationException,
} from "@aws-sdk/client-partnercentral-selling";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, type EngagementInvitation, startEmulator } from "../../../dev/emulator/index.ts";
import { clientsFor, failure, statusOf, waitFor } from "./helpers.ts";

let nowMs = Date.parse("2026-03-02T12:00:00Z");
let emulator: Emulator;
let selling: PartnerCentralSellingClient;

beforeAll(async () => {
  emulator = await startEmulator({ now: () => new Date(nowMs), taskCompletionMs: 30 });
  ({ selling } = clientsFor(emulator));
});
afterAll(() => emulator.close());

const invitations = (filter: (i: EngagementInvitation) => boolean) =>
  [...emulator.state.engagementInvitations.values()].filter(filter);
const received = () => invitations((i) => i.Catalog === "AWS" && i.ParticipantType === "RECEIVER");

async function listAll(
  input: ListEngagementInvitationsRequest,
  pageSize = 100,
): Promise<EngagementInvitationSummary[]> {
  const out: EngagementInvitationSummary[] = [];
  for await (const page of paginateListEngagementInvitations({ client: selling, pageSize }, input)) {
    out.push(...(page.EngagementInvitationSummaries ?? []));
  }
  return out;
}

const ids = (items: { Id?: string }[]) => items.map((i) => i.Id).sort();

describe("ListEngagementInvitations", () => {
  it("returns received invitations newest first, 20 per page by default, with parsed timestamps", async () => {
    const res = await selling.send(
      new ListEngagementInvitationsCommand({ Catalog: "AWS", ParticipantType: "RECEIVER" }),
    );
    const page = res.EngagementInvitationSummaries ?? [];
    expect(received().length).toBeGreaterThan(20);
    expect(page).toHaveLength(20);
    expect(res.NextToken).toEqual(expect.any(String));
    expect(res.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    for (const summary of page) {
      expect(summary.InvitationDate).toBeInstanceOf(Date);
      expect(summary).toMatchObject({ Catalog: "AWS", ParticipantType: "RECEIVER" });
      expect(summary.Id).toMatch(/^engi-[0-9a-z]{13}$/);
      expect(summary.EngagementId).toMatch(/^eng-[0-9a-z]{14}$/);
      expect(summary.Receiver?.Account?.AwsAccountId).toBe(emulator.accountId);
      expect(summary.EngagementTitle?.length).toBeLessThanOrEqual(40);
    }
    const times = page.map((s) => s.InvitationDate?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("pages through every invitation exactly once with the SDK paginator", async () => {
    const pages: number[] = [];
    const seen: string[] = [];
    const input = { Catalog: "AWS", ParticipantType: "RECEIVER" } as const;
    for await (const page of paginateListEngagementInvitations({ client: selling, pageSize: 7 }, input)) {
      pages.push(page.EngagementInvitationSummaries?.length ?? 0);
      seen.push(...(page.EngagementInvitationSummaries ?? []).map((s) => s.Id ?? ""));
    }
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(pages.slice(0, -1).every((n) => n === 7)).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(ids(received()));
  });

  it("sorts by InvitationDate both ways", async () => {
    const base = { Catalog: "AWS", ParticipantType: "RECEIVER" } as const;
    const asc = await listAll({ ...base, Sort: { SortBy: "InvitationDate", SortOrder: "ASCENDING" } }, 9);
    const desc = await listAll({ ...base, Sort: { SortBy: "InvitationDate", SortOrder: "DESCENDING" } }, 9);
    const ascTimes = asc.map((s) => s.InvitationDate?.getTime() ?? 0);
    expect(ascTimes).toEqual([...ascTimes].sort((a, b) => a - b));
    expect(desc.map((s) => s.Id)).toEqual(asc.map((s) => s.Id).reverse());
  });

  it("filters by several statuses, payload type, engagement and sender", async () => {
    const base = { Catalog: "AWS", ParticipantType: "RECEIVER" } as const;
    const byStatus = await listAll({ ...base, Status: ["ACCEPTED", "REJECTED"] });
    const expected = received().filter((i) => i.Status === "ACCEPTED" || i.Status === "REJECTED");
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(byStatus)).toEqual(ids(expected));

    const leads = await listAll({ ...base, PayloadType: ["LeadInvitation"] });
    const expectedLeads = received().filter((i) => i.PayloadType === "LeadInvitation");
    expect(expectedLeads.length).toBeGreaterThan(0);
    expect(ids(leads)).toEqual(ids(expectedLeads));

    const [first, second] = received();
    const byEngagement = await listAll({
      ...base,
      EngagementIdentifier: [first?.EngagementId ?? "", second?.EngagementId ?? ""],
    });
    expect(ids(byEngagement)).toEqual(ids([first ?? {}, second ?? {}]));

    const sender = first?.SenderAwsAccountId ?? "";
    const bySender = await listAll({ ...base, SenderAwsAccountId: [sender] });
    expect(ids(bySender)).toEqual(ids(received().filter((i) => i.SenderAwsAccountId === sender)));
  });

  it("lists invitations we sent when ParticipantType is SENDER", async () => {
    const sent = await listAll({ Catalog: "AWS", ParticipantType: "SENDER" });
    const expected = invitations((i) => i.Catalog === "AWS" && i.ParticipantType === "SENDER");
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(sent)).toEqual(ids(expected));
    expect(sent.every((s) => s.SenderAwsAccountId === emulator.accountId)).toBe(true);
  });

  it("keeps the AWS and Sandbox catalogs apart", async () => {
    const sandbox = await listAll({ Catalog: "Sandbox", ParticipantType: "RECEIVER" });
    const expected = invitations((i) => i.Catalog === "Sandbox" && i.ParticipantType === "RECEIVER");
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(sandbox)).toEqual(ids(expected));
    expect(sandbox.every((s) => s.Catalog === "Sandbox")).toBe(true);
    const aws = new Set(ids(received()));
    expect(sandbox.some((s) => aws.has(s.Id ?? ""))).toBe(false);
  });

  it("reports every invalid member in the ValidationException ErrorList", async () => {
    const err = await failure(
      selling.send(
        new ListEngagementInvitationsCommand({
          Catalog: "Production",
          ParticipantType: undefined as unknown as "RECEIVER",
          MaxResults: 101,
          Status: [],
          EngagementIdentifier: ["eng-123"],
          SenderAwsAccountId: ["123-456"],
        }),
      ),
    );
    expect(err).toBeInstanceOf(ValidationException);
    expect(statusOf(err)).toBe(400);
    const v = err as unknown as ValidationException;
    expect(v.Reason).toBe("REQUEST_VALIDATION_FAILED");
    const fields = Object.fromEntries((v.ErrorList ?? []).map((e) => [e.FieldName, e.Code]));
    expect(fields).toEqual({
      Catalog: "INVALID_VALUE",
      ParticipantType: "REQUIRED_FIELD_MISSING",
      MaxResults: "VALUE_OUT_OF_RANGE",
      Status: "NOT_ENOUGH_VALUES",
      "EngagementIdentifier[0]": "INVALID_STRING_FORMAT",
      "SenderAwsAccountId[0]": "INVALID_STRING_FORMAT",
    });
    const tooMany = await failure(
      selling.send(
        new ListEngagementInvitationsCommand({
          Catalog: "AWS",
          ParticipantType: "RECEIVER",
          Status: Array.from({ length: 11 }, () => "PENDING" as const),
          Sort: { SortBy: "Status" as "InvitationDate", SortOrder: "ASCENDING" },
        }),
      ),
    );
    expect((tooMany as unknown as ValidationException).ErrorList?.map((e) => [e.FieldName, e.Code])).toEqual([
      ["Sort.SortBy", "INVALID_ENUM_VALUE"],
      ["Status", "TOO_MANY_VALUES"],
    ]);
  });

  it("rejects a NextToken that is malformed or belongs to another query", async () => {
    const bad = await failure(
      selling.send(
        new ListEngagementInvitationsCommand({
          Catalog: "AWS",
          ParticipantType: "RECEIVER",
          NextToken: "garbage",
        }),
      ),
    );
    expect(bad).toBeInstanceOf(ValidationException);
    expect((bad as unknown as ValidationException).ErrorList?.[0]?.FieldName).toBe("NextToken");
    const first = await selling.send(
      new ListEngagementInvitationsCommand({ Catalog: "AWS", ParticipantType: "RECEIVER", MaxResults: 1 }),
    );
    const foreign = await failure(
      selling.send(
        new ListEngagementInvitationsCommand({
          Catalog: "AWS",
          ParticipantType: "SENDER",
          NextToken: first.NextToken,
        }),
      ),
    );
    expect(foreign).toBeInstanceOf(ValidationException);
  });
});

describe("GetEngagementInvitation", () => {
  it("returns the full invitation by id or ARN", async () => {
    const inv = received().find((i) => i.PayloadType === "OpportunityInvitation" && i.ExpirationDate);
    if (!inv) throw new Error("seed has no opportunity invitation");
    for (const Identifier of [inv.Id, inv.Arn]) {
      const res = await selling.send(new GetEngagementInvitationCommand({ Catalog: "AWS", Identifier }));
      expect(res).toMatchObject({
        Id: inv.Id,
        Arn: inv.Arn,
        Catalog: "AWS",
        PayloadType: "OpportunityInvitation",
        Status: inv.Status,
        SenderCompanyName: inv.SenderCompanyName,
        InvitationMessage: inv.InvitationMessage,
        EngagementDescription: inv.EngagementDescription,
      });
      expect(res.InvitationDate).toEqual(inv.InvitationDate);
      expect(res.ExpirationDate).toEqual(inv.ExpirationDate);
      const payload = res.Payload?.OpportunityInvitation;
      expect(payload?.Customer).toEqual({
        Industry: expect.any(String),
        CompanyName: expect.any(String),
        WebsiteUrl: expect.stringMatching(/^https:\/\//),
        CountryCode: expect.stringMatching(/^[A-Z]{2}$/),
      });
      expect(payload?.Project?.ExpectedCustomerSpend?.[0]).toMatchObject({
        CurrencyCode: "USD",
        Frequency: "Monthly",
      });
      expect(payload?.Project?.TargetCompletionDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(payload?.SenderContacts?.[0]?.Email).toContain("@");
      expect(res.ExistingMembers?.length).toBeGreaterThan(0);
    }
  });

  it("returns lead payloads and omits a missing expiration date", async () => {
    const lead = received().find((i) => i.PayloadType === "LeadInvitation");
    const res = await selling.send(
      new GetEngagementInvitationCommand({ Catalog: "AWS", Identifier: lead?.Id }),
    );
    expect(res.Payload?.LeadInvitation?.Customer?.CompanyName).toEqual(expect.any(String));
    expect(res.Payload?.LeadInvitation?.Interaction?.ContactBusinessTitle).toEqual(expect.any(String));
    const open = received().find((i) => i.Status === "PENDING" && !i.ExpirationDate);
    const noExpiry = await selling.send(
      new GetEngagementInvitationCommand({ Catalog: "AWS", Identifier: open?.Id }),
    );
    expect(noExpiry.Status).toBe("PENDING");
    expect(noExpiry.ExpirationDate).toBeUndefined();
  });

  it("is not found for unknown ids, wrong catalogs and mismatched ARNs", async () => {
    const sandbox = invitations((i) => i.Catalog === "Sandbox")[0];
    const inv = received()[0];
    for (const [Catalog, Identifier] of [
      ["AWS", "engi-0000000000000"],
      ["AWS", sandbox?.Id],
      ["Sandbox", inv?.Id],
      ["AWS", `${inv?.Arn.replace("::", "::000000000000")}`],
    ]) {
      const err = await failure(selling.send(new GetEngagementInvitationCommand({ Catalog, Identifier })));
      expect(err).toBeInstanceOf(ResourceNotFoundException);
      expect(statusOf(err)).toBe(404);
    }
  });
});

describe("AcceptEngagementInvitation and RejectEngagementInvitation", () => {
  it("accepts a pending invitation once, then conflicts", async () => {
    const inv = emulator.addEngagementInvitation();
    await selling.send(new AcceptEngagementInvitationCommand({ Catalog: "AWS", Identifier: inv.Id }));
    const res = await selling.send(
      new GetEngagementInvitationCommand({ Catalog: "AWS", Identifier: inv.Id }),
    );
    expect(res.Status).toBe("ACCEPTED");
    const again = await failure(
      selling.send(new AcceptEngagementInvitationCommand({ Catalog: "AWS", Identifier: inv.Id })),
    );
    expect(again).toBeInstanceOf(ConflictException);
    expect(statusOf(again)).toBe(409);
  });

  it("rejects with a reason, and conflicts for expired, accepted or rejected invitations", async () => {
    const inv = emulator.addEngagementInvitation();
    await selling.send(
      new RejectEngagementInvitationCommand({
        Catalog: "AWS",
        Identifier: inv.Arn,
        RejectionReason: "No capacity",
      }),
    );
    const res = await selling.send(
      new GetEngagementInvitationCommand({ Catalog: "AWS", Identifier: inv.Id }),
    );
    expect(res).toMatchObject({ Status: "REJECTED", RejectionReason: "No capacity" });
    for (const status of ["EXPIRED", "ACCEPTED", "REJECTED"] as const) {
      const other = received().find((i) => i.Status === status);
      const err = await failure(
        selling.send(new RejectEngagementInvitationCommand({ Catalog: "AWS", Identifier: other?.Id })),
      );
      expect(err).toBeInstanceOf(ConflictException);
    }
  });

  it("expires a pending invitation once the clock passes its expiration date", async () => {
    const inv = emulator.addEngagementInvitation({ ExpirationDate: new Date(nowMs + 1000) });
    nowMs += 2000;
    const res = await selling.send(
      new GetEngagementInvitationCommand({ Catalog: "AWS", Identifier: inv.Id }),
    );
    expect(res.Status).toBe("EXPIRED");
    const err = await failure(
      selling.send(new AcceptEngagementInvitationCommand({ Catalog: "AWS", Identifier: inv.Id })),
    );
    expect(err).toBeInstanceOf(ConflictException);
  });

  it("denies responding to an invitation we sent", async () => {
    const sent = emulator.addEngagementInvitation({ ParticipantType: "SENDER" });
    const err = await failure(
      selling.send(new AcceptEngagementInvitationCommand({ Catalog: "AWS", Identifier: sent.Id })),
    );
    expect(err).toBeInstanceOf(AccessDeniedException);
    expect(statusOf(err)).toBe(403);
  });

  it("validates the rejection reason", async () => {
    const inv = emulator.addEngagementInvitation();
    const err = await failure(
      selling.send(
        new RejectEngagementInvitationCommand({
          Catalog: "AWS",
          Identifier: inv.Id,
          RejectionReason: "x".repeat(81),
        }),
      ),
    );
    expect((err as unknown as ValidationException).ErrorList?.[0]).toMatchObject({
      FieldName: "RejectionReason",
      Code: "INVALID_STRING_FORMAT",
    });
  });
});

describe("StartEngagementByAcceptingInvitationTask", () => {
  async function taskOf(taskId: string | undefined, status: string) {
    return waitFor(async () => {
      const res = await selling.send(
        new ListEngagementByAcceptingInvitationTasksCommand({
          Catalog: "AWS",
          TaskIdentifier: [taskId ?? ""],
        }),
      );
      const task = res.TaskSummaries?.[0];
      return task?.TaskStatus === status ? task : undefined;
    });
  }

  it("starts IN_PROGRESS and completes with an opportunity, accepting the invitation", async () => {
    const inv = emulator.addEngagementInvitation();
    const started = await selling.send(
      new StartEngagementByAcceptingInvitationTaskCommand({
        Catalog: "AWS",
        Identifier: inv.Id,
        ClientToken: "start-1",
      }),
    );
    expect(started).toMatchObject({ TaskStatus: "IN_PROGRESS", EngagementInvitationId: inv.Id });
    expect(started.TaskId).toMatch(/^task-[0-9a-z]{13}$/);
    expect(started.TaskArn).toMatch(/^arn:aws:partnercentral:us-east-1:\d{12}:catalog\/AWS\/.+\/task-/);
    expect(started.StartTime).toEqual(new Date(nowMs));
    expect(started.OpportunityId).toBeUndefined();

    const done = await taskOf(started.TaskId, "COMPLETE");
    expect(done.OpportunityId).toMatch(/^O[0-9]{1,19}$/);
    expect(done.ResourceSnapshotJobId).toMatch(/^job-[0-9a-z]{13}$/);
    const res = await selling.send(
      new GetEngagementInvitationCommand({ Catalog: "AWS", Identifier: inv.Id }),
    );
    expect(res.Status).toBe("ACCEPTED");
  });

  it("treats a repeated ClientToken as the same request and conflicts on reuse with other input", async () => {
    const inv = emulator.addEngagementInvitation();
    const input = { Catalog: "AWS", Identifier: inv.Id, ClientToken: "idem-1" };
    const first = await selling.send(new StartEngagementByAcceptingInvitationTaskCommand(input));
    const second = await selling.send(new StartEngagementByAcceptingInvitationTaskCommand(input));
    expect(second.TaskId).toBe(first.TaskId);
    expect(
      [...emulator.state.tasks.values()].filter((t) => t.EngagementInvitationId === inv.Id),
    ).toHaveLength(1);
    const other = emulator.addEngagementInvitation();
    const err = await failure(
      selling.send(new StartEngagementByAcceptingInvitationTaskCommand({ ...input, Identifier: other.Id })),
    );
    expect(err).toBeInstanceOf(ConflictException);
  });

  it("conflicts while a task is running and for invitations that are no longer pending", async () => {
    const inv = emulator.addEngagementInvitation();
    emulator.setTaskCompletionMs(1000);
    try {
      await selling.send(
        new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: "AWS", Identifier: inv.Id }),
      );
      const running = await failure(
        selling.send(
          new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: "AWS", Identifier: inv.Id }),
        ),
      );
      expect(running).toBeInstanceOf(ConflictException);
    } finally {
      emulator.setTaskCompletionMs(30);
    }
    const expired = received().find((i) => i.Status === "EXPIRED");
    const err = await failure(
      selling.send(
        new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: "AWS", Identifier: expired?.Id }),
      ),
    );
    expect(err).toBeInstanceOf(ConflictException);
  });

  it("fails the next task on request, leaving the invitation pending", async () => {
    const inv = emulator.addEngagementInvitation();
    emulator.failNextTask("OpportunityValidationFailed", "Customer website is invalid");
    const started = await selling.send(
      new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: "AWS", Identifier: inv.Id }),
    );
    const failed = await taskOf(started.TaskId, "FAILED");
    expect(failed).toMatchObject({
      ReasonCode: "OpportunityValidationFailed",
      Message: "Customer website is invalid",
    });
    expect(failed.OpportunityId).toBeUndefined();
    const res = await selling.send(
      new GetEngagementInvitationCommand({ Catalog: "AWS", Identifier: inv.Id }),
    );
    expect(res.Status).toBe("PENDING");
  });
});

describe("accept tasks held IN_PROGRESS", () => {
  it("stay IN_PROGRESS (no timer ends them) until released, then end as they would have; later ones run on time", async () => {
    const [kept, failing] = [emulator.addEngagementInvitation(), emulator.addEngagementInvitation()];
    emulator.holdTasks();
    const start = (id: string) =>
      selling.send(new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: "AWS", Identifier: id }));
    const taskOf = async (taskId: string | undefined) =>
      (
        await selling.send(
          new ListEngagementByAcceptingInvitationTasksCommand({
            Catalog: "AWS",
            TaskIdentifier: [taskId ?? ""],
          }),
        )
      ).TaskSummaries?.[0];
    try {
      const first = await start(kept.Id);
      emulator.failNextTask("InternalError", "Not today");
      const second = await start(failing.Id);
      expect((await taskOf(first.TaskId))?.TaskStatus).toBe("IN_PROGRESS");
      emulator.releaseTasks();
      expect(await taskOf(first.TaskId)).toMatchObject({
        TaskStatus: "COMPLETE",
        OpportunityId: expect.any(String),
      });
      expect(await taskOf(second.TaskId)).toMatchObject({ TaskStatus: "FAILED", Message: "Not today" });
    } finally {
      emulator.releaseTasks();
    }
    const later = await start(emulator.addEngagementInvitation().Id);
    expect(
      (
        await waitFor(async () => {
          const task = await taskOf(later.TaskId);
          return task?.TaskStatus === "COMPLETE" ? task : undefined;
        })
      ).TaskStatus,
    ).toBe("COMPLETE");
  });
});

describe("ListEngagementByAcceptingInvitationTasks", () => {
  it("filters, sorts by StartTime and pages with the SDK paginator", async () => {
    const started: { TaskId: string; invitationId: string }[] = [];
    for (let i = 0; i < 5; i++) {
      nowMs += 60_000;
      const inv = emulator.addEngagementInvitation({ Catalog: "Sandbox" });
      if (i === 4) emulator.failNextTask();
      const res = await selling.send(
        new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: "Sandbox", Identifier: inv.Id }),
      );
      started.push({ TaskId: res.TaskId ?? "", invitationId: inv.Id });
    }
    const all = async (input: Omit<ListEngagementByAcceptingInvitationTasksRequest, "Catalog">) => {
      const out: string[] = [];
      const pages = paginateListEngagementByAcceptingInvitationTasks(
        { client: selling, pageSize: 2 },
        { Catalog: "Sandbox", ...input },
      );
      for await (const page of pages) out.push(...(page.TaskSummaries ?? []).map((t) => t.TaskId ?? ""));
      return out;
    };
    await waitFor(async () => ((await all({ TaskStatus: ["IN_PROGRESS"] })).length === 0 ? true : undefined));

    const taskIds = started.map((t) => t.TaskId);
    expect(await all({})).toEqual([...taskIds].reverse());
    expect(await all({ Sort: { SortBy: "StartTime", SortOrder: "ASCENDING" } })).toEqual(taskIds);
    expect(await all({ TaskStatus: ["FAILED"] })).toEqual([taskIds[4]]);
    expect(await all({ TaskStatus: ["COMPLETE"] })).toHaveLength(4);
    expect(await all({ TaskIdentifier: [taskIds[1] ?? "", taskIds[2] ?? ""] })).toEqual([
      taskIds[2],
      taskIds[1],
    ]);
    expect(await all({ EngagementInvitationIdentifier: [started[3]?.invitationId ?? ""] })).toEqual([
      taskIds[3],
    ]);

    const task = emulator.state.tasks.get(taskIds[0] ?? "");
    expect(await all({ OpportunityIdentifier: [task?.OpportunityId ?? ""] })).toEqual([taskIds[0]]);
    expect(await all({ TaskIdentifier: [task?.TaskArn ?? ""] })).toEqual([taskIds[0]]);

    const awsTasks = await selling.send(
      new ListEngagementByAcceptingInvitationTasksCommand({ Catalog: "AWS" }),
    );
    expect(awsTasks.TaskSummaries?.some((t) => taskIds.includes(t.TaskId ?? ""))).toBe(false);
  });

  it("validates task filters", async () => {
    const err = await failure(
      selling.send(
        new ListEngagementByAcceptingInvitationTasksCommand({
          Catalog: "AWS",
          MaxResults: 1001,
          TaskIdentifier: ["task-1"],
          OpportunityIdentifier: ["opp-1"],
        }),
      ),
    );
    expect((err as unknown as ValidationException).ErrorList?.map((e) => e.FieldName)).toEqual([
      "MaxResults",
      "OpportunityIdentifier[0]",
      "TaskIdentifier[0]",
    ]);
  });
});
