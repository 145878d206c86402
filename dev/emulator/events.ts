/**
 * The events Partner Central publishes to EventBridge when an invitation arrives or is decided, in the
 * envelope a rule delivers to SQS, shaped like AWS's published samples (test/fixtures/events).
 */
import { randomUUID } from "node:crypto";
import type {
  ConnectionInvitation,
  ConnectionType,
  EmulatorState,
  EngagementInvitation,
  OpportunityChange,
  PartnerCentralChange,
} from "./state.ts";

export interface EventBridgeEvent {
  version: string;
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  /** The opportunity events' samples have none. */
  resources?: string[];
  detail: Record<string, unknown>;
}

const ENGAGEMENT_DETAIL_TYPES = {
  PENDING: "Engagement Invitation Created",
  ACCEPTED: "Engagement Invitation Accepted",
  REJECTED: "Engagement Invitation Rejected",
  EXPIRED: "Engagement Invitation Expired",
} as const;

const CONNECTION_DETAIL_TYPES = {
  PENDING: "Partner Connection Invitation Received",
  ACCEPTED: "Partner Connection Invitation Accepted",
  REJECTED: "Partner Connection Invitation Rejected",
  CANCELED: "Partner Connection Invitation Cancelled",
  EXPIRED: "Partner Connection Invitation Expired",
} as const;

/** The samples spell connection types in PascalCase where the API uses OPPORTUNITY_COLLABORATION. */
const EVENT_CONNECTION_TYPES: Record<ConnectionType, string> = {
  OPPORTUNITY_COLLABORATION: "OpportunityCollaboration",
  SUBSIDIARY: "Subsidiary",
};

/** EventBridge times have whole seconds. */
const eventTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * The event our account receives for a change, or none: per AWS's Account events page, Received goes to
 * the receiver only, Rejected to the sender only, Cancelled to the receiver only; the others go to both.
 */
export function eventFor(
  change: PartnerCentralChange,
  state: EmulatorState,
  now: Date,
): EventBridgeEvent | undefined {
  if (change.kind === "opportunity") return opportunityEvent(change, state, now);
  const envelope = (version: string, detailType: string, source: string, resources: string[]) => ({
    version,
    id: randomUUID(),
    "detail-type": detailType,
    source,
    account: state.accountId,
    time: eventTime(now),
    region: "us-east-1",
    resources,
  });
  if (change.kind === "engagement") {
    const inv = change.invitation;
    return {
      ...envelope("0", ENGAGEMENT_DETAIL_TYPES[inv.Status], "aws.partnercentral-selling", [inv.Arn]),
      detail: { catalog: inv.Catalog, engagementInvitation: engagementDetail(inv) },
    };
  }
  const inv = change.invitation;
  const weSent = inv.ParticipantType === "SENDER";
  if ((inv.Status === "PENDING" || inv.Status === "CANCELED") && weSent) return undefined;
  if (inv.Status === "REJECTED" && !weSent) return undefined;
  const connection = change.connection;
  return {
    ...envelope("1", CONNECTION_DETAIL_TYPES[inv.Status], "aws.partnercentral-account", [
      inv.Arn,
      ...(connection ? [connection.Arn] : []),
    ]),
    detail: {
      catalog: inv.Catalog,
      connectionInvitation: connectionDetail(inv, state),
      ...(connection
        ? {
            connection: {
              arn: connection.Arn,
              id: connection.Id,
              Participant1AccountId: weSent ? state.accountId : inv.OtherParticipantIdentifier,
              Participant2AccountId: weSent ? inv.OtherParticipantIdentifier : state.accountId,
              status: "ACTIVE",
            },
          }
        : {}),
    },
  };
}

function engagementDetail(inv: EngagementInvitation): Record<string, unknown> {
  const created = inv.Status === "PENDING";
  return {
    arn: inv.Arn,
    id: inv.Id,
    engagementId: inv.EngagementId,
    senderAccountId: inv.SenderAwsAccountId,
    receiverAccountId: inv.Receiver.Account.AwsAccountId,
    ...(created
      ? { senderCompanyName: inv.SenderCompanyName, expirationDate: inv.ExpirationDate?.toISOString() }
      : {}),
    participantType: inv.ParticipantType === "SENDER" ? "Sender" : "Receiver",
    payloadType: inv.PayloadType,
  };
}

/** Each connection event carries the fields its sample shows. */
function connectionDetail(inv: ConnectionInvitation, state: EmulatorState): Record<string, unknown> {
  const other = state.partners.get(inv.OtherParticipantIdentifier);
  const weSent = inv.ParticipantType === "SENDER";
  // Our own partner profile id is not modelled.
  const senderProfileId = weSent ? undefined : other?.PartnerProfileId;
  const receiverProfileId = weSent ? other?.PartnerProfileId : undefined;
  const base = {
    arn: inv.Arn,
    id: inv.Id,
    connectionType: EVENT_CONNECTION_TYPES[inv.ConnectionType],
  };
  switch (inv.Status) {
    case "PENDING":
      return {
        ...base,
        inviterEmail: inv.InviterEmail,
        invitationMessage: inv.InvitationMessage,
        senderCompanyName: other?.CompanyName,
        senderProfileId,
        expiresAt: inv.ExpiresAt?.toISOString(),
      };
    case "ACCEPTED":
      return base;
    case "REJECTED":
      return { ...base, invitationMessage: inv.InvitationMessage, receiverProfileId };
    case "CANCELED":
      return { ...base, invitationMessage: inv.InvitationMessage, senderProfileId };
    case "EXPIRED":
      return {
        ...base,
        inviterEmail: inv.InviterEmail,
        invitationMessage: inv.InvitationMessage,
        senderProfileId,
        receiverProfileId,
      };
  }
}

/**
 * "Opportunity Created" and "Opportunity Updated" as the developer guide's samples show them: version 1,
 * no resources, and only the opportunity's identifier (the receiver reads the rest). An update of AWS's
 * side (GetAwsOpportunitySummary) is announced the same way.
 */
function opportunityEvent(change: OpportunityChange, state: EmulatorState, now: Date): EventBridgeEvent {
  return {
    version: "1",
    id: randomUUID(),
    source: "aws.partnercentral-selling",
    "detail-type": change.created ? "Opportunity Created" : "Opportunity Updated",
    time: eventTime(now),
    region: "us-east-1",
    account: state.accountId,
    detail: {
      schemaVersion: "1.0",
      catalog: change.opportunity.Catalog,
      opportunity: { identifier: change.opportunity.Id },
    },
  };
}
