import { PartnerCentralAccountClient } from "@aws-sdk/client-partnercentral-account";
import { PartnerCentralSellingClient } from "@aws-sdk/client-partnercentral-selling";
import { describe, expect, it, vi } from "vitest";
import { PartnerNames } from "../../src/partnercentral/names.ts";
import { connectionInvitation } from "../fixtures/invitations.ts";

const CONNECTED = "210987654321";
const SENDER = "123456789012";
const STRANGER = "999988887777";

const connectionSummaries = [
  {
    Id: "pac-0000000000001",
    OtherParticipantAccountId: CONNECTED,
    ConnectionTypes: {
      OPPORTUNITY_COLLABORATION: {
        Status: "ACTIVE",
        OtherParticipant: { PartnerProfile: { Id: "pprofile-abc", Name: "Northwind Cloud Solutions" } },
      },
    },
  },
];
const invitationSummaries = [
  { Id: "engi-0000000000001", Catalog: "AWS", SenderAwsAccountId: SENDER, SenderCompanyName: "Bluepeak" },
];

interface Calls {
  ListConnections: string[][];
  ListEngagementInvitations: string[][];
  fail?: boolean;
}

/** Real SDK clients (their paginators check) answering as Partner Central would, filtered, counting calls. */
function clients(calls: Calls) {
  const account = new PartnerCentralAccountClient({ region: "us-east-1" });
  const selling = new PartnerCentralSellingClient({ region: "us-east-1" });
  const answer = async (command: { constructor: { name: string }; input: Record<string, string[]> }) => {
    if (calls.fail) throw Object.assign(new Error("denied"), { name: "AccessDeniedException" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (command.constructor.name === "ListConnectionsCommand") {
      const ids = command.input.OtherParticipantIdentifiers ?? [];
      calls.ListConnections.push(ids);
      const matching = connectionSummaries.filter(
        (c) => ids.includes(c.OtherParticipantAccountId) || ids.includes("pprofile-abc"),
      );
      return { $metadata: {}, ConnectionSummaries: matching };
    }
    const senders = command.input.SenderAwsAccountId ?? [];
    calls.ListEngagementInvitations.push(senders);
    const matching = invitationSummaries.filter((s) => senders.includes(s.SenderAwsAccountId));
    return { $metadata: {}, EngagementInvitationSummaries: matching };
  };
  vi.spyOn(account, "send").mockImplementation(answer as never);
  vi.spyOn(selling, "send").mockImplementation(answer as never);
  return { account, selling };
}

/** A moment on the clock the cache is given (time zero reads to lru-cache as "never set"). */
const START = Date.parse("2026-12-07T09:00:00Z");

const fresh = (): Calls => ({ ListConnections: [], ListEngagementInvitations: [] });
const invitationWith = (identifier: string) => connectionInvitation({ counterpart: { identifier } });

describe("partners' names", () => {
  it("names a partner from our connection with it, asking only about the ids it needs, once in six hours", async () => {
    const calls = fresh();
    let now = START;
    const names = new PartnerNames(clients(calls), { clock: () => new Date(now) });
    const [named] = await names.name("AWS", [invitationWith(CONNECTED)]);
    expect(named?.counterpart).toEqual({ identifier: CONNECTED, name: "Northwind Cloud Solutions" });
    expect(calls.ListConnections).toEqual([[CONNECTED]]);
    expect(calls.ListEngagementInvitations).toEqual([]);
    now += 5 * 3_600_000;
    await names.name("AWS", [invitationWith(CONNECTED)]);
    expect(calls.ListConnections).toHaveLength(1);
    now += 2 * 3_600_000;
    await names.name("AWS", [invitationWith(CONNECTED)]);
    expect(calls.ListConnections).toHaveLength(2);
  });

  it("names a partner we are not connected with from the invitations it sent us, whatever ran first", async () => {
    const calls = fresh();
    const names = new PartnerNames(clients(calls));
    const [named] = await names.name("AWS", [invitationWith(SENDER)]);
    expect(named?.counterpart.name).toBe("Bluepeak");
    expect(calls.ListEngagementInvitations).toEqual([[SENDER]]);
    expect((await names.resolve("AWS", ["pprofile-abc"])).get("pprofile-abc")).toBe(
      "Northwind Cloud Solutions",
    );
  });

  it("shares one look-up between screens asking at once, and asks nothing when every partner is named", async () => {
    const calls = fresh();
    const names = new PartnerNames(clients(calls));
    const results = await Promise.all([
      names.name("AWS", [invitationWith(CONNECTED), invitationWith(SENDER)]),
      names.name("AWS", [invitationWith(SENDER)]),
      names.resolve("AWS", [CONNECTED]),
    ]);
    expect(results[1]?.[0]?.counterpart.name).toBe("Bluepeak");
    expect(calls.ListConnections).toEqual([[CONNECTED, SENDER]]);
    expect(calls.ListEngagementInvitations).toEqual([[SENDER]]);
    const already = connectionInvitation({ counterpart: { identifier: STRANGER, name: "Known" } });
    expect(await names.name("AWS", [already])).toEqual([already]);
    expect(calls.ListConnections).toHaveLength(1);
  });

  it("uses a name learned with something else, without asking", async () => {
    const calls = fresh();
    const names = new PartnerNames(clients(calls));
    names.learn("AWS", STRANGER, "  Atlas Advisory Group ");
    const [named] = await names.name("AWS", [invitationWith(STRANGER)]);
    expect(named?.counterpart.name).toBe("Atlas Advisory Group");
    expect(calls.ListConnections).toEqual([]);
  });

  it("keeps a bounded number of names, the least recently used forgotten first", async () => {
    const names = new PartnerNames(clients(fresh()), { maxEntries: 100 });
    for (let n = 0; n < 1_000; n++)
      names.learn("AWS", `1000000${String(n).padStart(5, "0")}`, `Partner ${n}`);
    expect(names.size).toBe(100);
    expect((await names.resolve("AWS", ["100000000999"])).get("100000000999")).toBe("Partner 999");
  });

  it("forgets learned names once they are old, and asks Partner Central again", async () => {
    const calls = fresh();
    let now = START;
    const names = new PartnerNames(clients(calls), { clock: () => new Date(now) });
    names.learn("AWS", STRANGER, "Old Name");
    now += 7 * 3_600_000;
    const [unnamed] = await names.name("AWS", [invitationWith(STRANGER)]);
    expect(unnamed?.counterpart.name).toBeUndefined();
    expect(calls.ListConnections).toEqual([[STRANGER]]);
  });

  it("leaves an id nobody can name unnamed, and does not ask again for ten minutes", async () => {
    const calls = fresh();
    let now = START;
    const names = new PartnerNames(clients(calls), { clock: () => new Date(now) });
    const invitation = invitationWith(STRANGER);
    expect(await names.name("AWS", [invitation])).toEqual([invitation]);
    now += 9 * 60_000;
    await names.name("AWS", [invitation]);
    expect(calls.ListConnections).toHaveLength(1);
    now += 2 * 60_000;
    await names.name("AWS", [invitation]);
    expect(calls.ListConnections).toHaveLength(2);
  });

  it("shows ids as before when the names cannot be looked up, and tries again a minute later", async () => {
    const calls = { ...fresh(), fail: true };
    let now = START;
    const names = new PartnerNames(clients(calls), { clock: () => new Date(now) });
    const invitation = invitationWith(CONNECTED);
    expect(await names.name("AWS", [invitation])).toEqual([invitation]);
    calls.fail = false;
    expect((await names.name("AWS", [invitation]))[0]?.counterpart.name).toBeUndefined();
    now += 61_000;
    expect((await names.name("AWS", [invitation]))[0]?.counterpart.name).toBe("Northwind Cloud Solutions");
  });
});
