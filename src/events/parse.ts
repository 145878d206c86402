import { z } from "zod";
import { CATALOGS, type Catalog, type InvitationKind } from "../partnercentral/model.ts";
import type {
  DecidedStatus,
  EventActor,
  InvitationRef,
  OpportunityRef,
  PartnerCentralEvent,
} from "./model.ts";

export const SELLING_SOURCE = "aws.partnercentral-selling";
/**
 * AWS's Account events page uses the first name in its samples and rule examples and the second in its
 * IAM example; both are accepted until a live event settles it.
 */
export const ACCOUNT_SOURCES = ["aws.partnercentral-account", "aws.partnercentral-account.connection"];

type Meaning = { kind: "created" } | { kind: "decided"; status: DecidedStatus };

/** The detail-types the app acts on, and what each means for the invitation. */
export const ENGAGEMENT_DETAIL_TYPES: Record<string, Meaning> = {
  "Engagement Invitation Created": { kind: "created" },
  "Engagement Invitation Accepted": { kind: "decided", status: "ACCEPTED" },
  "Engagement Invitation Rejected": { kind: "decided", status: "REJECTED" },
  "Engagement Invitation Expired": { kind: "decided", status: "EXPIRED" },
};
/** The opportunity events, and whether each tells of a new opportunity. */
export const OPPORTUNITY_DETAIL_TYPES: Record<string, { created: boolean }> = {
  "Opportunity Created": { created: true },
  "Opportunity Updated": { created: false },
};
export const CONNECTION_DETAIL_TYPES: Record<string, Meaning> = {
  "Partner Connection Invitation Received": { kind: "created" },
  "Partner Connection Invitation Accepted": { kind: "decided", status: "ACCEPTED" },
  "Partner Connection Invitation Rejected": { kind: "decided", status: "REJECTED" },
  "Partner Connection Invitation Cancelled": { kind: "decided", status: "CANCELED" },
  "Partner Connection Invitation Expired": { kind: "decided", status: "EXPIRED" },
};

/** Optional fields of the wrong type are dropped rather than failing the event. */
const text = z.string().trim().min(1).optional().catch(undefined);

const envelopeSchema = z.object({
  id: z.string().trim().min(1),
  source: z.string(),
  "detail-type": z.string(),
  time: text,
  detail: z.unknown(),
});

const invitationFields = { id: text, arn: text };

const engagementDetail = z.object({
  catalog: text,
  engagementInvitation: z.object({
    ...invitationFields,
    participantType: text,
    receiverAccountId: text,
  }),
});

const opportunityDetail = z.object({
  catalog: text,
  opportunity: z.object({ identifier: text, arn: text }),
});

const connectionDetail = z.object({
  catalog: text,
  connectionInvitation: z.object({ ...invitationFields, senderProfileId: text, receiverProfileId: text }),
  connection: z.object({ Participant2AccountId: text }).optional().catch(undefined),
});

/**
 * Reads one SQS message body: the EventBridge event as JSON, which is what a rule with no input
 * transformation delivers. `receivedAt` stands in for an event time that is missing or unreadable.
 */
export function parseEvent(body: string, receivedAt: Date): PartnerCentralEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: "malformed", reason: "the message is not JSON" };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    const eventId = (json as { id?: unknown } | null)?.id;
    return {
      kind: "malformed",
      ...(typeof eventId === "string" && eventId !== "" ? { eventId } : {}),
      reason: `not an EventBridge event (${describeIssues(envelope.error)})`,
    };
  }
  const { id: eventId, source, "detail-type": detailType, detail } = envelope.data;
  const parsedTime = envelope.data.time ? new Date(envelope.data.time) : undefined;
  const base = {
    eventId,
    detailType,
    time: parsedTime && !Number.isNaN(parsedTime.getTime()) ? parsedTime : receivedAt,
  };
  const ignored = (reason: string): PartnerCentralEvent => ({ kind: "ignored", ...base, reason });

  if (source === SELLING_SOURCE && OPPORTUNITY_DETAIL_TYPES[detailType]) {
    const parsed = opportunityDetail.safeParse(detail);
    if (!parsed.success) return malformed(eventId, parsed.error);
    const { catalog, opportunity } = parsed.data;
    const ref = opportunityRef(catalog, opportunity);
    if (typeof ref === "string") return { kind: "malformed", eventId, reason: ref };
    return {
      kind: "opportunity",
      ...base,
      opportunity: ref,
      created: OPPORTUNITY_DETAIL_TYPES[detailType].created,
    };
  }

  if (source === SELLING_SOURCE) {
    const meaning = ENGAGEMENT_DETAIL_TYPES[detailType];
    if (!meaning) return ignored("not about an engagement invitation");
    const parsed = engagementDetail.safeParse(detail);
    if (!parsed.success) return malformed(eventId, parsed.error);
    const { catalog, engagementInvitation: invitation } = parsed.data;
    const ref = invitationRef("engagement", catalog, invitation);
    if (typeof ref === "string") return { kind: "malformed", eventId, reason: ref };
    if (meaning.kind === "created") {
      const role = invitation.participantType?.toUpperCase();
      return {
        kind: "created",
        ...base,
        invitation: ref,
        ...(role === "RECEIVER" || role === "SENDER" ? { role } : {}),
      };
    }
    // Only the receiver accepts or rejects; nobody decides an expiry.
    const actor =
      meaning.status === "EXPIRED" ? undefined : actorOf({ accountId: invitation.receiverAccountId });
    return { kind: "decided", ...base, invitation: ref, status: meaning.status, ...(actor ? { actor } : {}) };
  }

  if (ACCOUNT_SOURCES.includes(source)) {
    const meaning = CONNECTION_DETAIL_TYPES[detailType];
    if (!meaning) return ignored("not about a connection invitation");
    const parsed = connectionDetail.safeParse(detail);
    if (!parsed.success) return malformed(eventId, parsed.error);
    const { catalog, connectionInvitation: invitation, connection } = parsed.data;
    const ref = invitationRef("connection", catalog, invitation);
    if (typeof ref === "string") return { kind: "malformed", eventId, reason: ref };
    // Partner Central sends "Received" to the receiver only.
    if (meaning.kind === "created") return { kind: "created", ...base, invitation: ref, role: "RECEIVER" };
    const deciders: Partial<Record<DecidedStatus, EventActor>> = {
      ACCEPTED: { accountId: connection?.Participant2AccountId },
      REJECTED: { profileId: invitation.receiverProfileId },
      CANCELED: { profileId: invitation.senderProfileId },
    };
    const actor = actorOf(deciders[meaning.status] ?? {});
    return { kind: "decided", ...base, invitation: ref, status: meaning.status, ...(actor ? { actor } : {}) };
  }

  return ignored(`source ${source} is not Partner Central's`);
}

function invitationRef(
  kind: InvitationKind,
  catalogText: string | undefined,
  invitation: { id?: string; arn?: string },
): InvitationRef | string {
  const ref = refFrom(`${kind} invitation`, catalogText, { field: "id", ...invitation });
  return typeof ref === "string" ? ref : { kind, ...ref };
}

function opportunityRef(
  catalogText: string | undefined,
  opportunity: { identifier?: string; arn?: string },
): OpportunityRef | string {
  return refFrom("opportunity", catalogText, {
    field: "identifier",
    id: opportunity.identifier,
    arn: opportunity.arn,
  });
}

/**
 * What an event names: its id (the detail's `field`, or the last segment of its ARN) and its catalog (the
 * detail's, or the ARN's); else a sentence saying what `label` lacks.
 */
function refFrom(
  label: string,
  catalogText: string | undefined,
  named: { field: string; id?: string; arn?: string },
): { id: string; catalog: Catalog } | string {
  const given = named.id ?? named.arn;
  const id = given?.slice(given.lastIndexOf("/") + 1);
  if (!id) return `the ${label} has no ${named.field}`;
  // ARNs name it as "…:catalog/AWS/engagement-invitation/…" or "…:AWS/engagement-invitation/…".
  const catalogName = catalogText ?? /:(?:catalog\/)?([^:/]+)\/[a-z-]+\/[^/]+$/.exec(named.arn ?? "")?.[1];
  if (!catalogName) return `${label} ${id} has no catalog`;
  const catalog = CATALOGS.find((c) => c.toLowerCase() === catalogName.toLowerCase());
  if (!catalog) return `${label} ${id} is in an unknown catalog ${catalogName}`;
  return { id, catalog };
}

function actorOf(candidate: EventActor): EventActor | undefined {
  const present = Object.entries(candidate).filter(([, value]) => value !== undefined);
  return present.length > 0 ? Object.fromEntries(present) : undefined;
}

function malformed(eventId: string, error: z.ZodError): PartnerCentralEvent {
  return { kind: "malformed", eventId, reason: `unexpected detail (${describeIssues(error)})` };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "event"}: ${issue.message}`).join("; ");
}
