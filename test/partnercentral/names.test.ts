import { PartnerCentralAccountClient } from "@aws-sdk/client-partnercentral-account";
import { describe, expect, it, vi } from "vitest";
import { PartnerNames } from "../../src/partnercentral/names.ts";
import { connectionInvitation } from "../fixtures/invitations.ts";

const connections = {
  ConnectionSummaries: [
    {
      Id: "pac-0000000000001",
      OtherParticipantAccountId: "210987654321",
      ConnectionTypes: {
        OPPORTUNITY_COLLABORATION: {
          Status: "ACTIVE",
          OtherParticipant: { PartnerProfile: { Id: "pprofile-abc", Name: "Northwind Cloud Solutions" } },
        },
      },
    },
  ],
};

/** An Account API client answering ListConnections, counting the calls; `fail` makes them fail. */
function accountClient(state: { calls: number; fail?: boolean }) {
  const client = new PartnerCentralAccountClient({ region: "us-east-1" });
  vi.spyOn(client, "send").mockImplementation(async () => {
    state.calls++;
    if (state.fail) throw Object.assign(new Error("denied"), { name: "AccessDeniedException" });
    return { $metadata: {}, ...connections };
  });
  return client;
}

describe("partners' names", () => {
  it("names a connection invitation's partner from our connections, looked up once in ten minutes", async () => {
    const state = { calls: 0 };
    let now = 0;
    const names = new PartnerNames(accountClient(state), () => now);
    const invitation = connectionInvitation({ counterpart: { identifier: "210987654321" } });
    const [named] = await names.name("AWS", [invitation]);
    expect(named?.counterpart).toEqual({ identifier: "210987654321", name: "Northwind Cloud Solutions" });
    now += 9 * 60_000;
    await names.name("AWS", [invitation]);
    expect(state.calls).toBe(1);
    now += 2 * 60_000;
    await names.name("AWS", [invitation]);
    expect(state.calls).toBe(2);
  });

  it("uses the names engagement invitations gave, and asks nothing when every partner is named", async () => {
    const state = { calls: 0 };
    const names = new PartnerNames(accountClient(state));
    names.learn("AWS", "123456789012", "Bluepeak Consulting");
    const [named] = await names.name("AWS", [
      connectionInvitation({ counterpart: { identifier: "123456789012" } }),
    ]);
    expect(named?.counterpart.name).toBe("Bluepeak Consulting");
    const already = connectionInvitation({ counterpart: { identifier: "1", name: "Known" } });
    expect(await names.name("AWS", [already])).toEqual([already]);
    expect(state.calls).toBe(1);
  });

  it("shows ids as before when the names cannot be looked up", async () => {
    const names = new PartnerNames(accountClient({ calls: 0, fail: true }));
    const invitation = connectionInvitation({ counterpart: { identifier: "210987654321" } });
    expect(await names.name("AWS", [invitation])).toEqual([invitation]);
  });
});
