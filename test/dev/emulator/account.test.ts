import {
  AcceptConnectionInvitationCommand,
  CancelConnectionInvitationCommand,
  ConflictException,
  type ConnectionInvitationSummary,
  type ConnectionSummary,
  GetConnectionCommand,
  GetConnectionInvitationCommand,
  ListConnectionInvitationsCommand,
  type ListConnectionInvitationsRequest,
  type ListConnectionsRequest,
  type PartnerCentralAccountClient,
  paginateListConnectionInvitations,
  paginateListConnections,
  RejectConnectionInvitationCommand,
  ResourceNotFoundException,
  ValidationException,
} from "@aws-sdk/client-partnercentral-account";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConnectionInvitation, type Emulator, startEmulator } from "../../../dev/emulator/index.ts";
import { clientsFor, failure, statusOf } from "./helpers.ts";

let nowMs = Date.parse("2026-03-02T12:00:00Z");
let emulator: Emulator;
let account: PartnerCentralAccountClient;

beforeAll(async () => {
  emulator = await startEmulator({ now: () => new Date(nowMs) });
  ({ account } = clientsFor(emulator));
});
afterAll(() => emulator.close());

const invitations = (filter: (i: ConnectionInvitation) => boolean = () => true) =>
  [...emulator.state.connectionInvitations.values()].filter((i) => i.Catalog === "AWS" && filter(i));
const connections = () => [...emulator.state.connections.values()].filter((c) => c.Catalog === "AWS");
const ids = (items: { Id?: string }[]) => items.map((i) => i.Id).sort();

async function listInvitations(input: Partial<ListConnectionInvitationsRequest>, pageSize = 100) {
  const out: ConnectionInvitationSummary[] = [];
  for await (const page of paginateListConnectionInvitations(
    { client: account, pageSize },
    { Catalog: "AWS", ...input },
  )) {
    out.push(...(page.ConnectionInvitationSummaries ?? []));
  }
  return out;
}

async function listConnections(input: Partial<ListConnectionsRequest>, pageSize = 100) {
  const out: ConnectionSummary[] = [];
  for await (const page of paginateListConnections(
    { client: account, pageSize },
    { Catalog: "AWS", ...input },
  )) {
    out.push(...(page.ConnectionSummaries ?? []));
  }
  return out;
}

describe("ListConnectionInvitations", () => {
  it("pages through all invitations of the catalog with parsed timestamps", async () => {
    const pages: number[] = [];
    const seen: ConnectionInvitationSummary[] = [];
    for await (const page of paginateListConnectionInvitations(
      { client: account, pageSize: 6 },
      { Catalog: "AWS" },
    )) {
      pages.push(page.ConnectionInvitationSummaries?.length ?? 0);
      seen.push(...(page.ConnectionInvitationSummaries ?? []));
    }
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(ids(seen)).toEqual(ids(invitations()));
    for (const s of seen) {
      expect(s.Id).toMatch(/^pacinv-[A-Za-z0-9]{13}$/);
      expect(s.Arn).toBe(`arn:aws:partnercentral:us-east-1::catalog/AWS/connection-invitation/${s.Id}`);
      expect(s.CreatedAt).toBeInstanceOf(Date);
      expect(s.UpdatedAt).toBeInstanceOf(Date);
      expect(s.ExpiresAt).toBeInstanceOf(Date);
      expect(s.OtherParticipantIdentifier).toMatch(/^\d{12}$/);
    }
    const created = seen.map((s) => s.CreatedAt?.getTime() ?? 0);
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it("uses a default page size of 20", async () => {
    emulator.addConnectionInvitation({ Catalog: "Sandbox" });
    const sandboxCount = [...emulator.state.connectionInvitations.values()].filter(
      (i) => i.Catalog === "Sandbox",
    ).length;
    while (invitations().length <= 20) emulator.addConnectionInvitation();
    const res = await account.send(new ListConnectionInvitationsCommand({ Catalog: "AWS" }));
    expect(res.ConnectionInvitationSummaries).toHaveLength(20);
    expect(res.NextToken).toEqual(expect.any(String));
    const sandbox = await account.send(new ListConnectionInvitationsCommand({ Catalog: "Sandbox" }));
    expect(sandbox.ConnectionInvitationSummaries).toHaveLength(sandboxCount);
    expect(sandbox.ConnectionInvitationSummaries?.every((s) => s.Catalog === "Sandbox")).toBe(true);
  });

  it("filters by status, participant type, connection type and other participant", async () => {
    for (const Status of ["PENDING", "ACCEPTED", "REJECTED", "EXPIRED", "CANCELED"] as const) {
      const expected = invitations((i) => i.Status === Status);
      expect(expected.length, Status).toBeGreaterThan(0);
      expect(ids(await listInvitations({ Status }))).toEqual(ids(expected));
    }
    for (const ParticipantType of ["SENDER", "RECEIVER"] as const) {
      const expected = invitations((i) => i.ParticipantType === ParticipantType);
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(await listInvitations({ ParticipantType }))).toEqual(ids(expected));
    }
    const subsidiary = invitations((i) => i.ConnectionType === "SUBSIDIARY");
    expect(ids(await listInvitations({ ConnectionType: "SUBSIDIARY" }))).toEqual(ids(subsidiary));
    const other = invitations()[0]?.OtherParticipantIdentifier ?? "";
    const byOther = await listInvitations({ OtherParticipantIdentifiers: [other] });
    expect(byOther.length).toBeGreaterThan(0);
    expect(ids(byOther)).toEqual(ids(invitations((i) => i.OtherParticipantIdentifier === other)));
    const combined = await listInvitations({ Status: "PENDING", ParticipantType: "RECEIVER" });
    expect(ids(combined)).toEqual(
      ids(invitations((i) => i.Status === "PENDING" && i.ParticipantType === "RECEIVER")),
    );
  });

  it("reports invalid members as FieldValidationErrors in ErrorDetails", async () => {
    const err = await failure(
      account.send(
        new ListConnectionInvitationsCommand({
          Catalog: "",
          MaxResults: 0,
          Status: "OPEN" as "PENDING",
          OtherParticipantIdentifiers: ["not valid!"],
        }),
      ),
    );
    expect(err).toBeInstanceOf(ValidationException);
    expect(statusOf(err)).toBe(400);
    const v = err as unknown as ValidationException;
    expect(v.Reason).toBe("REQUEST_VALIDATION_FAILED");
    expect(v.ErrorDetails?.map((d) => [d.FieldValidationError?.Name, d.FieldValidationError?.Code])).toEqual([
      ["Catalog", "INVALID_STRING_FORMAT"],
      ["MaxResults", "INVALID_VALUE"],
      ["OtherParticipantIdentifiers[0]", "INVALID_STRING_FORMAT"],
      ["Status", "INVALID_ENUM_VALUE"],
    ]);
    const missing = await failure(
      account.send(new GetConnectionInvitationCommand({ Catalog: "AWS", Identifier: undefined })),
    );
    expect((missing as unknown as ValidationException).ErrorDetails?.[0]?.FieldValidationError).toMatchObject(
      {
        Name: "Identifier",
        Code: "REQUIRED_FIELD_MISSING",
      },
    );
    const token = await failure(
      account.send(new ListConnectionInvitationsCommand({ Catalog: "AWS", NextToken: "x" })),
    );
    expect(token).toBeInstanceOf(ValidationException);
  });
});

describe("GetConnectionInvitation", () => {
  it("returns the invitation with message and inviter", async () => {
    const inv = invitations()[0];
    const res = await account.send(
      new GetConnectionInvitationCommand({ Catalog: "AWS", Identifier: inv?.Id }),
    );
    expect(res).toMatchObject({
      Id: inv?.Id,
      Catalog: "AWS",
      ConnectionType: inv?.ConnectionType,
      ParticipantType: inv?.ParticipantType,
      Status: inv?.Status,
      InvitationMessage: inv?.InvitationMessage,
      InviterEmail: inv?.InviterEmail,
      InviterName: inv?.InviterName,
    });
    expect(res.ExpiresAt).toEqual(inv?.ExpiresAt);
  });

  it("is not found in the other catalog", async () => {
    const inv = invitations()[0];
    const err = await failure(
      account.send(new GetConnectionInvitationCommand({ Catalog: "Sandbox", Identifier: inv?.Id })),
    );
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(statusOf(err)).toBe(404);
    expect((err as unknown as ResourceNotFoundException).Reason).toBe("CONNECTION_INVITATION_NOT_FOUND");
  });
});

describe("responding to connection invitations", () => {
  it("accepting creates an active connection and links it to the invitation", async () => {
    const inv = emulator.addConnectionInvitation({ ConnectionType: "SUBSIDIARY" });
    const before = emulator.state.connections.size;
    const res = await account.send(
      new AcceptConnectionInvitationCommand({ Catalog: "AWS", Identifier: inv.Id }),
    );
    const connection = res.Connection;
    expect(connection?.Id).toMatch(/^pac-[A-Za-z0-9]{13}$/);
    expect(connection?.OtherParticipantAccountId).toBe(inv.OtherParticipantIdentifier);
    expect(connection?.UpdatedAt).toEqual(new Date(nowMs));
    expect(connection?.ConnectionTypes?.SUBSIDIARY).toMatchObject({
      Status: "ACTIVE",
      InviterEmail: inv.InviterEmail,
      InviterName: inv.InviterName,
    });
    expect(connection?.ConnectionTypes?.SUBSIDIARY?.CreatedAt).toBeInstanceOf(Date);
    expect(emulator.state.connections.size).toBe(before + 1);
    const after = await account.send(
      new GetConnectionInvitationCommand({ Catalog: "AWS", Identifier: inv.Id }),
    );
    expect(after).toMatchObject({ Status: "ACCEPTED", ConnectionId: connection?.Id });
    const fetched = await account.send(
      new GetConnectionCommand({ Catalog: "AWS", Identifier: connection?.Id }),
    );
    expect(fetched.ConnectionTypes?.SUBSIDIARY?.Status).toBe("ACTIVE");
  });

  it("accepting from a partner we are already connected with adds the type to that connection", async () => {
    const existing = emulator.addConnection();
    const inv = emulator.addConnectionInvitation({
      OtherParticipantIdentifier: existing.OtherParticipantAccountId,
      ConnectionType: "SUBSIDIARY",
    });
    const res = await account.send(
      new AcceptConnectionInvitationCommand({ Catalog: "AWS", Identifier: inv.Id }),
    );
    expect(res.Connection?.Id).toBe(existing.Id);
    expect(Object.keys(res.Connection?.ConnectionTypes ?? {}).sort()).toEqual([
      "OPPORTUNITY_COLLABORATION",
      "SUBSIDIARY",
    ]);
  });

  it("repeats an accept with the same ClientToken as a no-op and conflicts on token reuse", async () => {
    const inv = emulator.addConnectionInvitation();
    const input = { Catalog: "AWS", Identifier: inv.Id, ClientToken: "accept-once" };
    const first = await account.send(new AcceptConnectionInvitationCommand(input));
    nowMs += 1000;
    const second = await account.send(new AcceptConnectionInvitationCommand(input));
    expect(second.Connection).toEqual(first.Connection);
    const other = emulator.addConnectionInvitation();
    const reuse = await failure(
      account.send(new AcceptConnectionInvitationCommand({ ...input, Identifier: other.Id })),
    );
    expect(reuse).toBeInstanceOf(ConflictException);
    expect((reuse as unknown as ConflictException).Reason).toBe("CONFLICT_CLIENT_TOKEN");
    const fresh = await failure(
      account.send(new AcceptConnectionInvitationCommand({ ...input, ClientToken: "accept-twice" })),
    );
    expect(fresh).toBeInstanceOf(ConflictException);
    expect((fresh as unknown as ConflictException).Reason).toBe("INCOMPATIBLE_CONNECTION_INVITATION_STATE");
  });

  it("rejects a received invitation once", async () => {
    const inv = emulator.addConnectionInvitation();
    const res = await account.send(
      new RejectConnectionInvitationCommand({ Catalog: "AWS", Identifier: inv.Id, Reason: "Not a fit" }),
    );
    expect(res).toMatchObject({ Id: inv.Id, Status: "REJECTED", ParticipantType: "RECEIVER" });
    expect(res.UpdatedAt).toEqual(new Date(nowMs));
    const again = await failure(
      account.send(new RejectConnectionInvitationCommand({ Catalog: "AWS", Identifier: inv.Id })),
    );
    expect(again).toBeInstanceOf(ConflictException);
    expect(statusOf(again)).toBe(409);
  });

  it("cancels only invitations we sent", async () => {
    const sent = emulator.addConnectionInvitation({ ParticipantType: "SENDER" });
    const res = await account.send(
      new CancelConnectionInvitationCommand({ Catalog: "AWS", Identifier: sent.Id }),
    );
    expect(res.Status).toBe("CANCELED");
    const twice = await failure(
      account.send(new CancelConnectionInvitationCommand({ Catalog: "AWS", Identifier: sent.Id })),
    );
    expect(twice).toBeInstanceOf(ConflictException);

    const received = emulator.addConnectionInvitation();
    const err = await failure(
      account.send(new CancelConnectionInvitationCommand({ Catalog: "AWS", Identifier: received.Id })),
    );
    expect(err).toBeInstanceOf(ValidationException);
    const v = err as unknown as ValidationException;
    expect(v.Reason).toBe("BUSINESS_VALIDATION_FAILED");
    expect(v.ErrorDetails?.[0]?.BusinessValidationError?.Code).toBe(
      "INCOMPATIBLE_CONNECTION_INVITATION_REQUEST",
    );
  });

  it("does not let us accept or reject an invitation we sent", async () => {
    const sent = emulator.addConnectionInvitation({ ParticipantType: "SENDER" });
    for (const respond of [
      () => account.send(new AcceptConnectionInvitationCommand({ Catalog: "AWS", Identifier: sent.Id })),
      () => account.send(new RejectConnectionInvitationCommand({ Catalog: "AWS", Identifier: sent.Id })),
    ]) {
      const err = await failure(respond());
      expect(err).toBeInstanceOf(ConflictException);
      expect((err as unknown as ConflictException).Reason).toBe(
        "INCOMPATIBLE_CONNECTION_INVITATION_RECEIVER",
      );
    }
  });

  it("conflicts for seeded invitations that are no longer pending, including ones that expire by the clock", async () => {
    for (const status of ["ACCEPTED", "REJECTED", "EXPIRED", "CANCELED"] as const) {
      const inv = invitations((i) => i.Status === status && i.ParticipantType === "RECEIVER")[0];
      if (!inv) continue;
      const err = await failure(
        account.send(new AcceptConnectionInvitationCommand({ Catalog: "AWS", Identifier: inv.Id })),
      );
      expect(err).toBeInstanceOf(ConflictException);
    }
    const soon = emulator.addConnectionInvitation({ ExpiresAt: new Date(nowMs + 500) });
    nowMs += 1000;
    const expired = await account.send(
      new GetConnectionInvitationCommand({ Catalog: "AWS", Identifier: soon.Id }),
    );
    expect(expired.Status).toBe("EXPIRED");
    const err = await failure(
      account.send(new AcceptConnectionInvitationCommand({ Catalog: "AWS", Identifier: soon.Id })),
    );
    expect(err).toBeInstanceOf(ConflictException);
  });
});

describe("ListConnections and GetConnection", () => {
  it("pages through all connections with participants and connection types", async () => {
    const pages: number[] = [];
    const seen: ConnectionSummary[] = [];
    for await (const page of paginateListConnections({ client: account, pageSize: 4 }, { Catalog: "AWS" })) {
      pages.push(page.ConnectionSummaries?.length ?? 0);
      seen.push(...(page.ConnectionSummaries ?? []));
    }
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(ids(seen)).toEqual(ids(connections()));
    const kinds = new Set<string>();
    for (const c of seen) {
      expect(c.OtherParticipantAccountId).toMatch(/^\d{12}$/);
      expect(c.UpdatedAt).toBeInstanceOf(Date);
      for (const detail of Object.values(c.ConnectionTypes ?? {})) {
        expect(["ACTIVE", "CANCELED"]).toContain(detail.Status);
        for (const kind of Object.keys(detail.OtherParticipant ?? {})) kinds.add(kind);
      }
    }
    expect([...kinds].sort()).toEqual(["Account", "PartnerProfile", "SellerProfile"]);
    expect(seen.some((c) => Object.keys(c.ConnectionTypes ?? {}).length === 2)).toBe(true);
  });

  it("filters by connection type, optionally with its status, and by participant", async () => {
    const collab = connections().filter((c) => c.ConnectionTypes.OPPORTUNITY_COLLABORATION);
    expect(ids(await listConnections({ ConnectionType: "OPPORTUNITY_COLLABORATION" }))).toEqual(ids(collab));
    const canceled = connections().filter((c) =>
      Object.values(c.ConnectionTypes).some((d) => d.Status === "CANCELED"),
    );
    expect(canceled.length).toBeGreaterThan(0);
    const canceledTypes = await Promise.all(
      (["OPPORTUNITY_COLLABORATION", "SUBSIDIARY"] as const).map((t) =>
        listConnections({ ConnectionType: `${t}:CANCELED` }),
      ),
    );
    expect(ids(canceledTypes.flat())).toEqual(ids(canceled));

    const target = connections()[0];
    const byAccount = await listConnections({
      OtherParticipantIdentifiers: [target?.OtherParticipantAccountId ?? ""],
    });
    expect(ids(byAccount)).toEqual([target?.Id]);
    const withProfile = connections().find((c) =>
      Object.values(c.ConnectionTypes).some((d) => "PartnerProfile" in d.OtherParticipant),
    );
    const profile = Object.values(withProfile?.ConnectionTypes ?? {}).find(
      (d) => "PartnerProfile" in d.OtherParticipant,
    );
    const profileId =
      profile && "PartnerProfile" in profile.OtherParticipant
        ? profile.OtherParticipant.PartnerProfile.Id
        : "";
    expect(ids(await listConnections({ OtherParticipantIdentifiers: [profileId] }))).toEqual([
      withProfile?.Id,
    ]);
  });

  it("returns connection details including cancellation", async () => {
    const canceled = connections().find((c) =>
      Object.values(c.ConnectionTypes).some((d) => d.Status === "CANCELED"),
    );
    const res = await account.send(new GetConnectionCommand({ Catalog: "AWS", Identifier: canceled?.Id }));
    const detail = Object.values(res.ConnectionTypes ?? {}).find((d) => d.Status === "CANCELED");
    expect(detail?.CanceledAt).toBeInstanceOf(Date);
    expect(detail?.CanceledBy).toMatch(/^\d{12}$/);
    expect(detail?.InviterEmail).toContain("@");
    expect(res.Arn).toBe(`arn:aws:partnercentral:us-east-1::catalog/AWS/connection/${canceled?.Id}`);
    const missing = await failure(
      account.send(new GetConnectionCommand({ Catalog: "Sandbox", Identifier: canceled?.Id })),
    );
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as unknown as ResourceNotFoundException).Reason).toBe("CONNECTION_NOT_FOUND");
  });
});
