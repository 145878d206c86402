import {
  GetConnectionInvitationCommand,
  ListConnectionInvitationsCommand,
  ListConnectionsCommand,
} from "@aws-sdk/client-partnercentral-account";
import {
  GetEngagementInvitationCommand,
  ListEngagementInvitationsCommand,
} from "@aws-sdk/client-partnercentral-selling";
import { describe, expect, it } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../../dev/emulator/index.ts";
import { clientsFor } from "./helpers.ts";

const NOW = new Date("2026-03-02T12:00:00Z");
const HOUR = 3600_000;
const DAY = 24 * HOUR;

async function withEmulator<T>(options: EmulatorOptions, run: (e: Emulator) => Promise<T> | T): Promise<T> {
  const emulator = await startEmulator({ now: () => NOW, ...options });
  try {
    return await run(emulator);
  } finally {
    await emulator.close();
  }
}

const snapshot = (e: Emulator) =>
  JSON.stringify({
    accountId: e.accountId,
    engagementInvitations: [...e.state.engagementInvitations.values()],
    connectionInvitations: [...e.state.connectionInvitations.values()],
    connections: [...e.state.connections.values()],
  });

const countBy = <T>(items: T[], key: (item: T) => string) =>
  items.reduce<Record<string, number>>((acc, item) => {
    acc[key(item)] = (acc[key(item)] ?? 0) + 1;
    return acc;
  }, {});

describe("seed data", () => {
  it("is the same for the same seed number and differs for another", async () => {
    const a = await withEmulator({ seed: { seed: 7 } }, snapshot);
    const b = await withEmulator({ seed: { seed: 7 } }, snapshot);
    const c = await withEmulator({ seed: { seed: 8 } }, snapshot);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it("has the documented default sizes per catalog and a 12-digit account id", async () => {
    await withEmulator({}, (e) => {
      expect(e.accountId).toMatch(/^[1-9]\d{11}$/);
      const count = <T extends { Catalog: string }>(m: Map<string, T>) =>
        countBy([...m.values()], (r) => r.Catalog);
      expect(count(e.state.engagementInvitations)).toEqual({ AWS: 40, Sandbox: 5 });
      expect(count(e.state.connectionInvitations)).toEqual({ AWS: 20, Sandbox: 3 });
      expect(count(e.state.connections)).toEqual({ AWS: 12, Sandbox: 2 });
    });
  });

  it("spreads engagement invitation statuses and expiries relative to now", async () => {
    await withEmulator({}, (e) => {
      const aws = [...e.state.engagementInvitations.values()].filter((i) => i.Catalog === "AWS");
      expect(countBy(aws, (i) => i.Status)).toEqual({ PENDING: 20, EXPIRED: 5, ACCEPTED: 8, REJECTED: 7 });
      const pending = aws.filter((i) => i.Status === "PENDING");
      const left = (i: (typeof aws)[number]) =>
        i.ExpirationDate ? i.ExpirationDate.getTime() - NOW.getTime() : Infinity;
      const buckets = countBy(pending, (i) => {
        const ms = left(i);
        if (ms === Infinity) return "no expiry";
        if (ms < DAY) return "hours";
        if (ms <= 5 * DAY) return "days";
        return "later";
      });
      expect(buckets).toEqual({ hours: 5, days: 7, later: 6, "no expiry": 2 });
      for (const i of aws.filter((x) => x.Status === "EXPIRED")) {
        expect(i.ExpirationDate?.getTime()).toBeLessThan(NOW.getTime());
      }
      for (const i of aws.filter((x) => x.ExpirationDate)) {
        expect((i.ExpirationDate?.getTime() ?? 0) - i.InvitationDate.getTime()).toBe(15 * DAY);
      }
      expect(aws.every((i) => i.InvitationDate.getTime() < NOW.getTime())).toBe(true);
      expect(countBy(aws, (i) => i.ParticipantType)).toEqual({ RECEIVER: 34, SENDER: 6 });
      expect(aws.filter((i) => i.Status === "REJECTED").every((i) => i.RejectionReason)).toBe(true);
      const senders = new Set(aws.map((i) => i.SenderCompanyName));
      expect(senders.has("Amazon Web Services")).toBe(true);
      expect(senders.size).toBeGreaterThan(4);
    });
  });

  it("mixes connection invitation states and links accepted ones to connections", async () => {
    await withEmulator({}, (e) => {
      const aws = [...e.state.connectionInvitations.values()].filter((i) => i.Catalog === "AWS");
      expect(countBy(aws, (i) => i.Status)).toEqual({
        PENDING: 8,
        EXPIRED: 3,
        ACCEPTED: 4,
        REJECTED: 3,
        CANCELED: 2,
      });
      expect(countBy(aws, (i) => i.ParticipantType)).toEqual({ RECEIVER: 12, SENDER: 8 });
      expect(
        aws.every((i) => i.ExpiresAt && i.ExpiresAt.getTime() - i.CreatedAt.getTime() === 15 * DAY),
      ).toBe(true);
      expect(
        aws.some((i) => i.Status === "PENDING" && (i.ExpiresAt?.getTime() ?? 0) - NOW.getTime() < DAY),
      ).toBe(true);
      for (const i of aws.filter((x) => x.Status === "ACCEPTED")) {
        const connection = e.state.connections.get(i.ConnectionId ?? "");
        expect(connection?.OtherParticipantAccountId).toBe(i.OtherParticipantIdentifier);
        expect(connection?.ConnectionTypes[i.ConnectionType]).toBeDefined();
      }
      const connections = [...e.state.connections.values()].filter((c) => c.Catalog === "AWS");
      const typeCounts = countBy(connections, (c) => String(Object.keys(c.ConnectionTypes).length));
      expect(typeCounts).toEqual({ "1": 7, "2": 5 });
      const canceled = connections
        .flatMap((c) => Object.values(c.ConnectionTypes))
        .filter((d) => d.Status === "CANCELED");
      expect(canceled).toHaveLength(2);
      expect(canceled.every((d) => d.CanceledAt && d.CanceledBy)).toBe(true);
    });
  });

  it("starts empty with seed: false", async () => {
    await withEmulator({ seed: false }, async (e) => {
      const { selling, account } = clientsFor(e);
      const invitations = await selling.send(
        new ListEngagementInvitationsCommand({ Catalog: "AWS", ParticipantType: "RECEIVER" }),
      );
      expect(invitations.EngagementInvitationSummaries).toEqual([]);
      expect(invitations.NextToken).toBeUndefined();
      const connections = await account.send(new ListConnectionsCommand({ Catalog: "AWS" }));
      expect(connections.ConnectionSummaries).toEqual([]);
      expect(e.accountId).toMatch(/^\d{12}$/);
    });
  });

  it("builds 10,000 invitations quickly and serves them page by page", async () => {
    const start = performance.now();
    await withEmulator({ seed: { engagementInvitations: 5000, connectionInvitations: 5000 } }, async (e) => {
      expect(performance.now() - start).toBeLessThan(2000);
      const aws = [...e.state.engagementInvitations.values()].filter((i) => i.Catalog === "AWS");
      const awsConnections = [...e.state.connectionInvitations.values()].filter((i) => i.Catalog === "AWS");
      expect(aws).toHaveLength(5000);
      expect(awsConnections).toHaveLength(5000);
      const { selling, account } = clientsFor(e);
      const page = await selling.send(
        new ListEngagementInvitationsCommand({
          Catalog: "AWS",
          ParticipantType: "RECEIVER",
          MaxResults: 100,
        }),
      );
      expect(page.EngagementInvitationSummaries).toHaveLength(100);
      const next = await selling.send(
        new ListEngagementInvitationsCommand({
          Catalog: "AWS",
          ParticipantType: "RECEIVER",
          MaxResults: 100,
          NextToken: page.NextToken,
        }),
      );
      const firstIds = new Set(page.EngagementInvitationSummaries?.map((s) => s.Id));
      expect(next.EngagementInvitationSummaries?.some((s) => firstIds.has(s.Id))).toBe(false);
      const pending = await account.send(
        new ListConnectionInvitationsCommand({ Catalog: "AWS", Status: "PENDING", MaxResults: 100 }),
      );
      expect(pending.ConnectionInvitationSummaries).toHaveLength(100);
    });
  });
});

describe("adding records at run time", () => {
  const hostile = `"quoted" \\ back\\slash </script><img src=x onerror=alert(1)> \${env} \n line\u2028sep 🚀 *bold* <!channel>`;

  it("serves added engagement invitations verbatim, including hostile text", async () => {
    await withEmulator({ seed: false }, async (e) => {
      const inv = e.addEngagementInvitation({
        EngagementTitle: hostile.slice(0, 40),
        InvitationMessage: hostile,
      });
      expect(inv).toMatchObject({ Catalog: "AWS", Status: "PENDING", ParticipantType: "RECEIVER" });
      expect(inv.Id).toMatch(/^engi-[0-9a-z]{13}$/);
      expect(inv.Arn).toContain(inv.Id);
      expect(inv.InvitationDate).toEqual(NOW);
      expect(inv.ExpirationDate?.getTime()).toBe(NOW.getTime() + 15 * DAY);
      const { selling } = clientsFor(e);
      const res = await selling.send(
        new GetEngagementInvitationCommand({ Catalog: "AWS", Identifier: inv.Id }),
      );
      expect(res.InvitationMessage).toBe(hostile);
      expect(res.EngagementTitle).toBe(hostile.slice(0, 40));
      const list = await selling.send(
        new ListEngagementInvitationsCommand({ Catalog: "AWS", ParticipantType: "RECEIVER" }),
      );
      expect(list.EngagementInvitationSummaries?.map((s) => s.Id)).toEqual([inv.Id]);
    });
  });

  it("adds connection invitations and connections with generated ids", async () => {
    await withEmulator({ seed: false }, async (e) => {
      const inv = e.addConnectionInvitation({ Catalog: "Sandbox", InviterName: hostile });
      expect(inv.Id).toMatch(/^pacinv-[A-Za-z0-9]{13}$/);
      expect(inv.Arn).toBe(
        `arn:aws:partnercentral:us-east-1::catalog/Sandbox/connection-invitation/${inv.Id}`,
      );
      const connection = e.addConnection({ Catalog: "Sandbox" });
      expect(connection.Id).toMatch(/^pac-[A-Za-z0-9]{13}$/);
      const { account } = clientsFor(e);
      const got = await account.send(
        new GetConnectionInvitationCommand({ Catalog: "Sandbox", Identifier: inv.Id }),
      );
      expect(got).toMatchObject({ Status: "PENDING", InviterName: hostile });
      const listed = await account.send(new ListConnectionsCommand({ Catalog: "Sandbox" }));
      expect(listed.ConnectionSummaries?.map((c) => c.Id)).toEqual([connection.Id]);
    });
  });
});
