import { PartnerCentralAccountClient } from "@aws-sdk/client-partnercentral-account";
import { PartnerCentralSellingClient } from "@aws-sdk/client-partnercentral-selling";
import { describe, expect, it, vi } from "vitest";
import { Connections } from "../../src/partnercentral/connections.ts";
import { EngagementInvitations } from "../../src/partnercentral/engagements.ts";

/** An SDK client (a real one: the SDK's paginators check) that answers every call with this output. */
function answering<T extends PartnerCentralAccountClient | PartnerCentralSellingClient>(
  Client: new (config: { region: string }) => T,
  output: object,
): T {
  const client = new Client({ region: "us-east-1" });
  vi.spyOn(client as { send: (command: unknown) => Promise<unknown> }, "send").mockImplementation(
    async () => ({ $metadata: {}, ...output }),
  );
  return client;
}

describe("optional members Partner Central leaves out", () => {
  const summary = { Id: "engi-0000000000001", Catalog: "AWS", EngagementTitle: "Lake" };

  it("takes an engagement invitation's status and role from what the request asked for", async () => {
    const service = new EngagementInvitations(
      answering(PartnerCentralSellingClient, { EngagementInvitationSummaries: [summary] }),
    );
    const [accepted] = (
      await service.listPage({ catalog: "AWS", role: "RECEIVER", statuses: ["ACCEPTED"] }, { maxResults: 10 })
    ).items;
    expect(accepted).toMatchObject({ status: "ACCEPTED", role: "RECEIVER" });
    const [sent] = (
      await service.listPage({ catalog: "AWS", role: "SENDER", statuses: ["PENDING"] }, { maxResults: 10 })
    ).items;
    expect(sent).toMatchObject({ status: "PENDING", role: "SENDER" });
  });

  it("leaves the status unknown when the request asked for several", async () => {
    const service = new EngagementInvitations(
      answering(PartnerCentralSellingClient, { EngagementInvitationSummaries: [summary] }),
    );
    const [item] = (
      await service.listPage(
        { catalog: "AWS", role: "RECEIVER", statuses: ["PENDING", "ACCEPTED"] },
        { maxResults: 10 },
      )
    ).items;
    expect(item?.status).toBeUndefined();
  });

  it("keeps a connection invitation's unknown participant type as it came, and an unasked role unknown", async () => {
    const service = new Connections(
      answering(PartnerCentralAccountClient, {
        ConnectionInvitationSummaries: [
          { Id: "pacinv-0000000000001", ParticipantType: "OBSERVER", Status: "PENDING" },
          { Id: "pacinv-0000000000002", Status: "PENDING" },
        ],
        ConnectionSummaries: [],
      }),
    );
    const { items } = await service.listInvitationsPage({ catalog: "AWS" }, { maxResults: 10 });
    expect(items.map((i) => i.role)).toEqual(["OBSERVER", undefined]);
    const received = await service.listInvitationsPage(
      { catalog: "AWS", role: "RECEIVER", status: "ACCEPTED" },
      { maxResults: 10 },
    );
    expect(received.items[1]).toMatchObject({ role: "RECEIVER", status: "PENDING" });
  });
});
