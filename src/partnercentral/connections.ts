import {
  AcceptConnectionInvitationCommand,
  CancelConnectionInvitationCommand,
  type ConnectionInvitationSummary,
  type ConnectionSummary,
  type ConnectionTypeDetail,
  type ConnectionTypeSummary,
  GetConnectionCommand,
  type GetConnectionCommandOutput,
  GetConnectionInvitationCommand,
  type ListConnectionInvitationsCommandInput,
  type Participant,
  type PartnerCentralAccountClient,
  paginateListConnectionInvitations,
  paginateListConnections,
  RejectConnectionInvitationCommand,
} from "@aws-sdk/client-partnercentral-account";
import { callForRequestId, callPartnerCentral, requestIdOf } from "./clients.ts";
import type {
  Catalog,
  Connection,
  ConnectionInvitationDetails,
  ConnectionInvitationQuery,
  ConnectionQuery,
  ConnectionTypeInfo,
  Invitation,
  Page,
  ParticipantKind,
} from "./model.ts";
import type { PartnerNames } from "./names.ts";
import { allItems, firstPage, type PageRequest, pagesOf } from "./pages.ts";

const invitationSubject = (catalog: Catalog, id: string) => ({ what: "connection invitation", id, catalog });

/** Connections and connection invitations (Partner Central Account API). */
export class Connections {
  private readonly client: PartnerCentralAccountClient;
  /** Connection invitations name their partner only by id; these give the name where Partner Central has it. */
  private readonly names?: PartnerNames;

  constructor(client: PartnerCentralAccountClient, names?: PartnerNames) {
    this.client = client;
    this.names = names;
  }

  private named(catalog: Catalog, invitations: Invitation[]): Promise<Invitation[]> {
    return this.names ? this.names.name(catalog, invitations) : Promise.resolve(invitations);
  }

  listPage(query: ConnectionQuery, page: PageRequest): Promise<Page<Connection>> {
    return firstPage(this.pages(query, page));
  }

  /** The pages of connections from `page` on. */
  pages(query: ConnectionQuery, page: PageRequest): AsyncIterable<Page<Connection>> {
    const input = {
      Catalog: query.catalog,
      ...(query.connectionType ? { ConnectionType: query.connectionType } : {}),
      ...(query.participantIds?.length ? { OtherParticipantIdentifiers: query.participantIds } : {}),
    };
    return pagesOf(
      "ListConnections",
      page,
      (config) => paginateListConnections({ client: this.client, ...config }, input),
      (output) => (output.ConnectionSummaries ?? []).map((summary) => fromConnection(summary, query.catalog)),
    );
  }

  async get(catalog: Catalog, id: string): Promise<Connection> {
    const output = await callPartnerCentral(
      "GetConnection",
      () => this.client.send(new GetConnectionCommand({ Catalog: catalog, Identifier: id })),
      { what: "connection", id, catalog },
    );
    return fromConnection({ ...output, Id: output.Id ?? id }, catalog);
  }

  listInvitationsPage(query: ConnectionInvitationQuery, page: PageRequest): Promise<Page<Invitation>> {
    return firstPage(this.invitationPages(query, page));
  }

  /** Every invitation matching the query, 100 a page (the most the API allows). */
  listAllInvitations(query: ConnectionInvitationQuery): Promise<Invitation[]> {
    return allItems(this.invitationPages(query));
  }

  async getInvitation(catalog: Catalog, id: string): Promise<ConnectionInvitationDetails> {
    const output = await callPartnerCentral(
      "GetConnectionInvitation",
      () => this.client.send(new GetConnectionInvitationCommand({ Catalog: catalog, Identifier: id })),
      invitationSubject(catalog, id),
    );
    const [named] = await this.named(catalog, [fromInvitation(output, { catalog })]);
    return {
      ...(named as Invitation),
      kind: "connection",
      ...(output.InvitationMessage ? { message: output.InvitationMessage } : {}),
      ...(output.InviterName ? { inviterName: output.InviterName } : {}),
      ...(output.InviterEmail ? { inviterEmail: output.InviterEmail } : {}),
      ...(output.UpdatedAt ? { updatedAt: output.UpdatedAt } : {}),
    };
  }

  async accept(
    catalog: Catalog,
    id: string,
    clientToken: string,
  ): Promise<{ requestId?: string; connectionId?: string }> {
    const output = await callPartnerCentral(
      "AcceptConnectionInvitation",
      () =>
        this.client.send(
          new AcceptConnectionInvitationCommand({
            Catalog: catalog,
            Identifier: id,
            ClientToken: clientToken,
          }),
        ),
      invitationSubject(catalog, id),
    );
    return {
      requestId: requestIdOf(output),
      ...(output.Connection?.Id ? { connectionId: output.Connection.Id } : {}),
    };
  }

  reject(
    catalog: Catalog,
    id: string,
    clientToken: string,
    reason?: string,
  ): Promise<{ requestId?: string }> {
    const input = {
      Catalog: catalog,
      Identifier: id,
      ClientToken: clientToken,
      ...(reason ? { Reason: reason } : {}),
    };
    return callForRequestId("RejectConnectionInvitation", invitationSubject(catalog, id), () =>
      this.client.send(new RejectConnectionInvitationCommand(input)),
    );
  }

  cancel(catalog: Catalog, id: string, clientToken: string): Promise<{ requestId?: string }> {
    const input = { Catalog: catalog, Identifier: id, ClientToken: clientToken };
    return callForRequestId("CancelConnectionInvitation", invitationSubject(catalog, id), () =>
      this.client.send(new CancelConnectionInvitationCommand(input)),
    );
  }

  /** The pages of invitations from `page` on (all, 100 a page, without one), partners named. */
  invitationPages(query: ConnectionInvitationQuery, page?: PageRequest): AsyncIterable<Page<Invitation>> {
    return pagesOf(
      "ListConnectionInvitations",
      page,
      (config) =>
        paginateListConnectionInvitations({ client: this.client, ...config }, invitationListInput(query)),
      (output) =>
        this.named(
          query.catalog,
          (output.ConnectionInvitationSummaries ?? []).map((s) => fromInvitation(s, query)),
        ),
    );
  }
}

function invitationListInput(query: ConnectionInvitationQuery): ListConnectionInvitationsCommandInput {
  return {
    Catalog: query.catalog,
    ...(query.status ? { Status: query.status } : {}),
    ...(query.connectionType ? { ConnectionType: query.connectionType } : {}),
    ...(query.role ? { ParticipantType: query.role } : {}),
    ...(query.participantIds?.length ? { OtherParticipantIdentifiers: query.participantIds } : {}),
  };
}

const connectionTypeTitles: Record<string, string> = {
  OPPORTUNITY_COLLABORATION: "Opportunity collaboration",
  SUBSIDIARY: "Subsidiary",
};

export function connectionTypeTitle(type: string | undefined): string {
  return (type && connectionTypeTitles[type]) ?? type ?? "Connection";
}

type InvitationLike = Pick<
  ConnectionInvitationSummary,
  | "Id"
  | "Arn"
  | "ConnectionId"
  | "ConnectionType"
  | "CreatedAt"
  | "ExpiresAt"
  | "OtherParticipantIdentifier"
  | "ParticipantType"
  | "Status"
>;

/**
 * AWS may leave a summary's Status or ParticipantType out; the item is then what the request asked for,
 * if it asked, and otherwise unknown. A value from a newer model is kept as it came.
 */
function fromInvitation(
  s: InvitationLike,
  asked: Pick<ConnectionInvitationQuery, "catalog" | "role" | "status">,
): Invitation {
  const role = s.ParticipantType ?? asked.role;
  const status = s.Status ?? asked.status;
  return {
    kind: "connection",
    id: s.Id ?? "",
    catalog: asked.catalog,
    ...(s.Arn ? { arn: s.Arn } : {}),
    title: s.ConnectionType ? `${connectionTypeTitle(s.ConnectionType)} connection` : "Connection",
    counterpart: { ...(s.OtherParticipantIdentifier ? { identifier: s.OtherParticipantIdentifier } : {}) },
    ...(role ? { role } : {}),
    ...(status ? { status } : {}),
    ...(s.CreatedAt ? { invitedAt: s.CreatedAt } : {}),
    ...(s.ExpiresAt ? { expiresAt: s.ExpiresAt } : {}),
    expiryDerived: false,
    ...(s.ConnectionType ? { connectionType: s.ConnectionType } : {}),
    ...(s.ConnectionId ? { connectionId: s.ConnectionId } : {}),
  };
}

function fromConnection(c: ConnectionSummary | GetConnectionCommandOutput, catalog: Catalog): Connection {
  return {
    id: c.Id ?? "",
    catalog,
    ...(c.Arn ? { arn: c.Arn } : {}),
    ...(c.OtherParticipantAccountId ? { otherAccountId: c.OtherParticipantAccountId } : {}),
    ...(c.UpdatedAt ? { updatedAt: c.UpdatedAt } : {}),
    types: connectionTypes(c.ConnectionTypes),
  };
}

function connectionTypes(
  types: Partial<Record<string, ConnectionTypeSummary | ConnectionTypeDetail>> | undefined,
): ConnectionTypeInfo[] {
  return Object.entries(types ?? {}).flatMap(([type, info]) => {
    if (!info) return [];
    const detail = info as Partial<ConnectionTypeDetail>;
    return [
      {
        type,
        status: info.Status ?? "ACTIVE",
        participant: participant(info.OtherParticipant),
        ...(detail.CreatedAt ? { createdAt: detail.CreatedAt } : {}),
        ...(detail.InviterName ? { inviterName: detail.InviterName } : {}),
        ...(detail.InviterEmail ? { inviterEmail: detail.InviterEmail } : {}),
        ...(detail.CanceledAt ? { canceledAt: detail.CanceledAt } : {}),
        ...(detail.CanceledBy ? { canceledBy: detail.CanceledBy } : {}),
      },
    ];
  });
}

function participant(p: Participant | undefined): ConnectionTypeInfo["participant"] {
  const kind: ParticipantKind = p?.PartnerProfile
    ? "partner"
    : p?.SellerProfile
      ? "seller"
      : p?.Account
        ? "account"
        : "unknown";
  const profile = p?.PartnerProfile ?? p?.SellerProfile;
  return {
    kind,
    ...(profile?.Id ? { id: profile.Id } : {}),
    ...((profile?.Name ?? p?.Account?.Name) ? { name: profile?.Name ?? p?.Account?.Name } : {}),
  };
}
