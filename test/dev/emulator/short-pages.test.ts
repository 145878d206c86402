import {
  ListConnectionInvitationsCommand,
  ListConnectionsCommand,
  type PartnerCentralAccountClient,
  paginateListConnectionInvitations,
} from "@aws-sdk/client-partnercentral-account";
import {
  ListEngagementByAcceptingInvitationTasksCommand,
  ListEngagementInvitationsCommand,
  type PartnerCentralSellingClient,
  paginateListEngagementInvitations,
  StartEngagementByAcceptingInvitationTaskCommand,
} from "@aws-sdk/client-partnercentral-selling";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../dev/emulator/index.ts";
import { clientsFor } from "./helpers.ts";

const MAX_PAGE_SIZE = 3;

let emulator: Emulator;
let selling: PartnerCentralSellingClient;
let account: PartnerCentralAccountClient;

beforeAll(async () => {
  emulator = await startEmulator({ maxPageSize: MAX_PAGE_SIZE, taskCompletionMs: 10 });
  ({ selling, account } = clientsFor(emulator));
});
afterAll(() => emulator.close());

const receivedEngagements = () =>
  [...emulator.state.engagementInvitations.values()].filter(
    (i) => i.Catalog === "AWS" && i.ParticipantType === "RECEIVER",
  );

describe("maxPageSize", () => {
  it("caps every List operation's page, with a NextToken, whatever MaxResults asks for", async () => {
    const engagements = await selling.send(
      new ListEngagementInvitationsCommand({ Catalog: "AWS", ParticipantType: "RECEIVER", MaxResults: 50 }),
    );
    const defaultSize = await selling.send(
      new ListEngagementInvitationsCommand({ Catalog: "AWS", ParticipantType: "RECEIVER" }),
    );
    const invitations = await account.send(
      new ListConnectionInvitationsCommand({ Catalog: "AWS", MaxResults: 100 }),
    );
    const connections = await account.send(new ListConnectionsCommand({ Catalog: "AWS", MaxResults: 100 }));
    for (const [summaries, token] of [
      [engagements.EngagementInvitationSummaries, engagements.NextToken],
      [defaultSize.EngagementInvitationSummaries, defaultSize.NextToken],
      [invitations.ConnectionInvitationSummaries, invitations.NextToken],
      [connections.ConnectionSummaries, connections.NextToken],
    ] as const) {
      expect(summaries).toHaveLength(MAX_PAGE_SIZE);
      expect(token).toEqual(expect.any(String));
    }

    const pending = receivedEngagements().filter((i) => i.Status === "PENDING");
    for (const [i, invitation] of pending.slice(0, MAX_PAGE_SIZE + 1).entries()) {
      await selling.send(
        new StartEngagementByAcceptingInvitationTaskCommand({
          Catalog: "AWS",
          Identifier: invitation.Id,
          ClientToken: `short-pages-${i}`,
        }),
      );
    }
    const tasks = await selling.send(
      new ListEngagementByAcceptingInvitationTasksCommand({ Catalog: "AWS", MaxResults: 100 }),
    );
    expect(tasks.TaskSummaries).toHaveLength(MAX_PAGE_SIZE);
    expect(tasks.NextToken).toEqual(expect.any(String));
  });

  it("honours a smaller MaxResults, and following NextToken still returns everything once", async () => {
    const one = await selling.send(
      new ListEngagementInvitationsCommand({ Catalog: "AWS", ParticipantType: "RECEIVER", MaxResults: 1 }),
    );
    expect(one.EngagementInvitationSummaries).toHaveLength(1);

    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListEngagementInvitations(
      { client: selling, pageSize: 25 },
      { Catalog: "AWS", ParticipantType: "RECEIVER" },
    )) {
      pages.push(page.EngagementInvitationSummaries?.length ?? 0);
      ids.push(...(page.EngagementInvitationSummaries ?? []).map((s) => s.Id ?? ""));
    }
    const expected = receivedEngagements().map((i) => i.Id);
    expect(ids.sort()).toEqual(expected.sort());
    expect(Math.max(...pages)).toBe(MAX_PAGE_SIZE);
    expect(pages).toHaveLength(Math.ceil(expected.length / MAX_PAGE_SIZE));

    let connectionInvitations = 0;
    for await (const page of paginateListConnectionInvitations(
      { client: account, pageSize: 100 },
      { Catalog: "AWS" },
    )) {
      expect(page.ConnectionInvitationSummaries?.length).toBeLessThanOrEqual(MAX_PAGE_SIZE);
      connectionInvitations += page.ConnectionInvitationSummaries?.length ?? 0;
    }
    expect(connectionInvitations).toBe(
      [...emulator.state.connectionInvitations.values()].filter((i) => i.Catalog === "AWS").length,
    );
  });
});
