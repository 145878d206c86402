/** The Partner Central domain as the rest of the app sees it: no SDK types beyond this folder. */

export const CATALOGS = ["AWS", "Sandbox"] as const;
export type Catalog = (typeof CATALOGS)[number];

export type InvitationKind = "engagement" | "connection";
export type InvitationStatus = "PENDING" | "ACCEPTED" | "REJECTED" | "EXPIRED" | "CANCELED";
export type ParticipantRole = "RECEIVER" | "SENDER";
export type ConnectionType = "OPPORTUNITY_COLLABORATION" | "SUBSIDIARY";
export type EngagementPayloadType = "OpportunityInvitation" | "LeadInvitation";
/** A value of a set AWS may extend: one the app knows, or a newer one kept as it came. */
export type Open<T extends string> = T | (string & {});

/** An engagement invitation expires this long after it was sent unless the service says otherwise. */
export const ENGAGEMENT_INVITATION_LIFETIME_DAYS = 15;

/** One model for both kinds of invitation, so listing, the digest and the buttons treat them alike. */
export interface Invitation {
  kind: InvitationKind;
  id: string;
  catalog: Catalog;
  arn?: string;
  /** Engagement title, or the connection type for a connection invitation. */
  title: string;
  counterpart: Counterpart;
  /** Our side; undefined when AWS left it out and the request did not ask for one. */
  role?: Open<ParticipantRole>;
  /** Undefined when AWS left it out and the request asked for more than one. */
  status?: Open<InvitationStatus>;
  invitedAt?: Date;
  expiresAt?: Date;
  /** True when the service gave no expiry and it was derived from the invitation date. */
  expiryDerived: boolean;
  payloadType?: EngagementPayloadType | string;
  connectionType?: ConnectionType | string;
  engagementId?: string;
  connectionId?: string;
  /** What an engagement invitation is about, from its details: present once Partner Central answered. */
  brief?: EngagementBrief;
}

/** An engagement invitation's customer, project and expected spend, which its list summary leaves out. */
export interface EngagementBrief {
  customerName?: string;
  projectTitle?: string;
  expectedSpend: ExpectedSpend[];
}

export interface Counterpart {
  name?: string;
  awsAccountId?: string;
  /** The other participant's identifier as the Account API gives it (account id or profile id). */
  identifier?: string;
}

export interface EngagementInvitationDetails extends Invitation {
  kind: "engagement";
  message?: string;
  description?: string;
  rejectionReason?: string;
  receiver?: { alias?: string; awsAccountId?: string };
  customer?: {
    companyName?: string;
    industry?: string;
    countryCode?: string;
    websiteUrl?: string;
    marketSegment?: string;
  };
  project?: {
    title?: string;
    businessProblem?: string;
    targetCompletionDate?: string;
    expectedSpend: ExpectedSpend[];
  };
  senderContacts: Contact[];
  existingMembers: Array<{ companyName?: string; websiteUrl?: string }>;
  receiverResponsibilities: string[];
}

export interface ExpectedSpend {
  amount?: string;
  currencyCode?: string;
  frequency?: string;
  targetCompany?: string;
}

/** Keeps a string member only when AWS gave one with something in it. */
export function some(value: string | undefined): string | undefined {
  return value?.trim() ? value : undefined;
}

/** The object without its undefined members, so a model shows only what AWS gave. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** ExpectedCustomerSpend, of an opportunity or of an invitation's project, in the app's model. */
export function expectedSpendOf(
  spend:
    | Array<{ Amount?: string; CurrencyCode?: string; Frequency?: string; TargetCompany?: string }>
    | undefined,
): ExpectedSpend[] {
  return (spend ?? []).map((s) =>
    defined({
      amount: some(s.Amount),
      currencyCode: some(s.CurrencyCode),
      frequency: some(s.Frequency),
      targetCompany: some(s.TargetCompany),
    }),
  );
}

export interface Contact {
  name?: string;
  email?: string;
  title?: string;
  phone?: string;
}

export interface ConnectionInvitationDetails extends Invitation {
  kind: "connection";
  message?: string;
  inviterName?: string;
  inviterEmail?: string;
  updatedAt?: Date;
}

export type ParticipantKind = "partner" | "seller" | "account" | "unknown";

export interface ConnectionTypeInfo {
  type: ConnectionType | string;
  status: "ACTIVE" | "CANCELED" | string;
  participant: { kind: ParticipantKind; id?: string; name?: string };
  createdAt?: Date;
  inviterName?: string;
  inviterEmail?: string;
  canceledAt?: Date;
  canceledBy?: string;
}

export interface Connection {
  id: string;
  catalog: Catalog;
  arn?: string;
  otherAccountId?: string;
  updatedAt?: Date;
  types: ConnectionTypeInfo[];
}

export type AcceptTaskStatus = "IN_PROGRESS" | "COMPLETE" | "FAILED";

export interface AcceptTask {
  taskId: string;
  invitationId: string;
  status: AcceptTaskStatus | string;
  startedAt?: Date;
  opportunityId?: string;
  message?: string;
  reasonCode?: string;
  requestId?: string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export interface EngagementInvitationQuery {
  catalog: Catalog;
  role: ParticipantRole;
  statuses?: InvitationStatus[];
  senderAccountIds?: string[];
  engagementIds?: string[];
  payloadTypes?: EngagementPayloadType[];
  sort?: "ASCENDING" | "DESCENDING";
}

export interface ConnectionInvitationQuery {
  catalog: Catalog;
  status?: InvitationStatus;
  connectionType?: ConnectionType;
  role?: ParticipantRole;
  participantIds?: string[];
}

export interface ConnectionQuery {
  catalog: Catalog;
  connectionType?: ConnectionType;
  participantIds?: string[];
}

/** Expiry of an engagement invitation: the service's date, or 15 days after it was sent. */
export function engagementExpiry(
  invitedAt?: Date,
  expiresAt?: Date,
): { expiresAt?: Date; expiryDerived: boolean } {
  if (expiresAt) return { expiresAt, expiryDerived: false };
  if (!invitedAt) return { expiryDerived: false };
  return {
    expiresAt: new Date(invitedAt.getTime() + ENGAGEMENT_INVITATION_LIFETIME_DAYS * 86_400_000),
    expiryDerived: true,
  };
}

export function invitationKey(invitation: Pick<Invitation, "kind" | "catalog" | "id">): string {
  return `${invitation.kind}:${invitation.catalog}:${invitation.id}`;
}

/** Identifier formats, so a malformed id gets a clear answer without a call to AWS. */
export const ID_FORMATS = {
  connection: { pattern: /^pac-[A-Za-z0-9]{13}$/, example: "pac-5eki7xrgn2dbh" },
  connectionInvitation: { pattern: /^pacinv-[A-Za-z0-9]{13}$/, example: "pacinv-2bq0ypzeqx1kf" },
  engagementInvitation: { pattern: /^engi-[0-9a-z]{13}$/, example: "engi-0jv1hd3bdn2c4" },
  engagement: { pattern: /^eng-[0-9a-z]{14}$/, example: "eng-0f1qc9agjm2hvv" },
  awsAccount: { pattern: /^\d{12}$/, example: "123456789012" },
  participant: { pattern: /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, example: "123456789012" },
} as const;
