import { ids, type Rng } from "./random.ts";

export const CATALOGS = ["AWS", "Sandbox"] as const;
export type Catalog = (typeof CATALOGS)[number];

export type ParticipantType = "SENDER" | "RECEIVER";
export type EngagementInvitationStatus = "ACCEPTED" | "EXPIRED" | "PENDING" | "REJECTED";
export type ConnectionInvitationStatus = EngagementInvitationStatus | "CANCELED";
export type PayloadType = "OpportunityInvitation" | "LeadInvitation";
export type ConnectionType = "OPPORTUNITY_COLLABORATION" | "SUBSIDIARY";
export type ConnectionTypeStatus = "ACTIVE" | "CANCELED";
export type TaskStatus = "IN_PROGRESS" | "COMPLETE" | "FAILED";

/** Partner Central engagement invitations expire 15 days after they are sent. */
export const ENGAGEMENT_INVITATION_TTL_MS = 15 * 24 * 3600 * 1000;
/** Not published for connection invitations; the same 15 days is assumed. */
export const CONNECTION_INVITATION_TTL_MS = 15 * 24 * 3600 * 1000;

/** Another partner (or AWS itself) that appears as sender, receiver or connection participant. */
export interface Partner {
  AwsAccountId: string;
  CompanyName: string;
  WebsiteUrl: string;
  PartnerProfileId: string;
  SellerProfileId: string;
  ContactFirstName: string;
  ContactLastName: string;
  ContactEmail: string;
  ContactTitle: string;
}

export interface SenderContact {
  Email: string;
  FirstName?: string;
  LastName?: string;
  BusinessTitle?: string;
  Phone?: string;
}

export interface ExpectedCustomerSpend {
  Amount?: string;
  CurrencyCode: string;
  Frequency: string;
  TargetCompany: string;
  EstimationUrl?: string;
}

export interface OpportunityInvitationPayload {
  SenderContacts?: SenderContact[];
  ReceiverResponsibilities: string[];
  Customer: { Industry: string; CompanyName: string; WebsiteUrl: string; CountryCode: string };
  Project: {
    Title: string;
    BusinessProblem: string;
    TargetCompletionDate: string;
    ExpectedCustomerSpend: ExpectedCustomerSpend[];
  };
}

export interface LeadInvitationPayload {
  Customer: {
    CompanyName: string;
    Industry?: string;
    WebsiteUrl?: string;
    CountryCode?: string;
    AwsMaturity?: string;
    MarketSegment?: string;
  };
  Interaction: {
    ContactBusinessTitle: string;
    SourceType?: string;
    SourceId?: string;
    SourceName?: string;
    Usecase?: string;
  };
}

export type Payload =
  | { OpportunityInvitation: OpportunityInvitationPayload }
  | { LeadInvitation: LeadInvitationPayload };

export interface EngagementInvitation {
  Catalog: Catalog;
  Id: string;
  Arn: string;
  PayloadType: PayloadType;
  EngagementId: string;
  EngagementTitle: string;
  EngagementDescription?: string;
  Status: EngagementInvitationStatus;
  InvitationDate: Date;
  ExpirationDate?: Date;
  SenderAwsAccountId: string;
  SenderCompanyName: string;
  Receiver: { Account: { AwsAccountId: string; Alias?: string } };
  /** Whether we sent (SENDER) or received (RECEIVER) this invitation. */
  ParticipantType: ParticipantType;
  RejectionReason?: string;
  Payload: Payload;
  InvitationMessage?: string;
  ExistingMembers: { CompanyName?: string; WebsiteUrl?: string }[];
}

export interface ConnectionInvitation {
  Catalog: Catalog;
  Id: string;
  Arn: string;
  ConnectionId?: string;
  ConnectionType: ConnectionType;
  CreatedAt: Date;
  UpdatedAt: Date;
  ExpiresAt?: Date;
  /** The other partner's AWS account id. */
  OtherParticipantIdentifier: string;
  ParticipantType: ParticipantType;
  Status: ConnectionInvitationStatus;
  InvitationMessage: string;
  InviterEmail: string;
  InviterName: string;
}

export type Participant =
  | { PartnerProfile: { Id: string; Name: string } }
  | { SellerProfile: { Id: string; Name: string } }
  | { Account: { Name: string } };

export interface ConnectionTypeDetail {
  CreatedAt: Date;
  InviterEmail: string;
  InviterName: string;
  Status: ConnectionTypeStatus;
  CanceledAt?: Date;
  CanceledBy?: string;
  OtherParticipant: Participant;
}

export interface Connection {
  Catalog: Catalog;
  Id: string;
  Arn: string;
  OtherParticipantAccountId: string;
  UpdatedAt: Date;
  ConnectionTypes: Partial<Record<ConnectionType, ConnectionTypeDetail>>;
}

export interface EngagementByAcceptingInvitationTask {
  Catalog: Catalog;
  TaskId: string;
  TaskArn: string;
  StartTime: Date;
  TaskStatus: TaskStatus;
  Message?: string;
  ReasonCode?: string;
  OpportunityId?: string;
  ResourceSnapshotJobId?: string;
  EngagementInvitationId: string;
}

/** A person as the Selling API lists them (Contact, AwsTeamMember, AssigneeContact). */
export interface ContactRecord {
  Email?: string;
  FirstName?: string;
  LastName?: string;
  BusinessTitle?: string;
  Phone?: string;
}

export interface NextStepsEntry {
  Value: string;
  Time: Date;
}

/**
 * An opportunity of ours, in the members of GetOpportunity's response (what ListOpportunities returns is a
 * projection of it). Members the model leaves optional may be absent.
 */
export interface OpportunityRecord {
  Catalog: Catalog;
  Id: string;
  Arn: string;
  PartnerOpportunityIdentifier?: string;
  OpportunityType?: string;
  PrimaryNeedsFromAws?: string[];
  NationalSecurity?: string;
  Customer?: {
    Account?: {
      CompanyName: string;
      Industry?: string;
      OtherIndustry?: string;
      WebsiteUrl?: string;
      AwsAccountId?: string;
      Duns?: string;
      Address?: {
        City?: string;
        PostalCode?: string;
        StateOrRegion?: string;
        CountryCode?: string;
        StreetAddress?: string;
      };
    };
    Contacts?: ContactRecord[];
  };
  Project?: {
    Title?: string;
    CustomerBusinessProblem?: string;
    CustomerUseCase?: string;
    DeliveryModels?: string[];
    ExpectedCustomerSpend?: ExpectedCustomerSpend[];
    ExpectedContractDuration?: { Term: string; Value: string };
    SalesActivities?: string[];
    CompetitorName?: string;
    OtherCompetitorNames?: string;
    OtherSolutionDescription?: string;
    AdditionalComments?: string;
    ApnPrograms?: string[];
    RelatedOpportunityIdentifier?: string;
  };
  Marketing?: {
    CampaignName?: string;
    Source?: string;
    UseCases?: string[];
    Channels?: string[];
    AwsFundingUsed?: string;
  };
  SoftwareRevenue?: {
    DeliveryModel?: string;
    Value?: { Amount: string; CurrencyCode: string };
    EffectiveDate?: string;
    ExpirationDate?: string;
  };
  LifeCycle?: {
    Stage?: string;
    ClosedLostReason?: string;
    NextSteps?: string;
    TargetCloseDate?: string;
    ReviewStatus?: string;
    ReviewComments?: string;
    ReviewStatusReason?: string;
    NextStepsHistory?: NextStepsEntry[];
  };
  OpportunityTeam?: ContactRecord[];
  RelatedEntityIdentifiers: {
    AwsMarketplaceOffers?: string[];
    AwsMarketplaceOfferSets?: string[];
    Solutions?: string[];
    AwsProducts?: string[];
  };
  CreatedDate: Date;
  LastModifiedDate: Date;
}

/** AWS's side of one of our opportunities, in the members of GetAwsOpportunitySummary's response. */
export interface AwsOpportunitySummaryRecord {
  Origin?: string;
  InvolvementType?: string;
  InvolvementTypeChangeReason?: string;
  Visibility?: string;
  LifeCycle?: {
    Stage?: string;
    TargetCloseDate?: string;
    ClosedLostReason?: string;
    NextSteps?: string;
    NextStepsHistory?: NextStepsEntry[];
  };
  OpportunityTeam?: ContactRecord[];
  Insights?: {
    NextBestActions?: string;
    EngagementScore?: string;
    AwsProductsSpendInsightsBySource?: Record<string, unknown>;
  };
  RelatedEntityIds?: { AwsProducts?: string[]; Solutions?: string[] };
  Customer?: { Contacts?: ContactRecord[] };
  Project?: { ExpectedCustomerSpend?: ExpectedCustomerSpend[] };
}

export const arns = {
  // The catalog/<Catalog>/<type>/<id> layout of the other taggable resources; the reference requires ^arn:.*
  opportunity: (accountId: string, catalog: Catalog, id: string) =>
    `arn:aws:partnercentral:us-east-1:${accountId}:catalog/${catalog}/opportunity/${id}`,
  // Pattern from the API reference: arn:aws:partnercentral::[0-9]{12}:[a-zA-Z]+/engagement-invitation/engi-…
  engagementInvitation: (accountId: string, catalog: Catalog, id: string) =>
    `arn:aws:partnercentral::${accountId}:${catalog}/engagement-invitation/${id}`,
  // The reference only requires ^arn:.*; this follows the catalog/<Catalog>/<type>/<id> layout of taggable resources.
  task: (accountId: string, catalog: Catalog, id: string) =>
    `arn:aws:partnercentral:us-east-1:${accountId}:catalog/${catalog}/engagement-by-accepting-invitation-task/${id}`,
  connection: (catalog: Catalog, id: string) =>
    `arn:aws:partnercentral:us-east-1::catalog/${catalog}/connection/${id}`,
  connectionInvitation: (catalog: Catalog, id: string) =>
    `arn:aws:partnercentral:us-east-1::catalog/${catalog}/connection-invitation/${id}`,
};

/** A change Partner Central announces with an event: a new invitation, or one leaving PENDING. */
export type InvitationChange =
  | { kind: "engagement"; invitation: EngagementInvitation }
  | { kind: "connection"; invitation: ConnectionInvitation; connection?: Connection };

/** An opportunity created or changed, announced with "Opportunity Created" or "Opportunity Updated". */
export interface OpportunityChange {
  kind: "opportunity";
  opportunity: OpportunityRecord;
  created: boolean;
}

/** Anything Partner Central announces with an event. */
export type PartnerCentralChange = InvitationChange | OpportunityChange;

/** Everything the emulator serves. Tests may read and mutate these maps directly. */
export class EmulatorState {
  readonly engagementInvitations = new Map<string, EngagementInvitation>();
  readonly connectionInvitations = new Map<string, ConnectionInvitation>();
  readonly connections = new Map<string, Connection>();
  readonly tasks = new Map<string, EngagementByAcceptingInvitationTask>();
  /** Other partners known to the emulator, keyed by AWS account id. */
  readonly partners = new Map<string, Partner>();
  readonly opportunities = new Map<string, OpportunityRecord>();
  /** AWS's side of our opportunities, by opportunity id; an opportunity AWS has not taken up has none. */
  readonly awsSummaries = new Map<string, AwsOpportunitySummaryRecord>();
  /**
   * The people of our own partner organisation who are Partner Central users, by lower-case e-mail:
   * AssignOpportunity takes only these (there is no API to list them).
   */
  readonly partnerUsers = new Map<string, ContactRecord>();

  /** Our own partner account. */
  readonly accountId: string;
  readonly companyName: string;
  readonly accountAlias: string;
  /** Source of run-time ids (tasks, added records); separate from the seed stream so seeds stay stable. */
  readonly rng: Rng;

  constructor(accountId: string, companyName: string, accountAlias: string, rng: Rng) {
    this.accountId = accountId;
    this.companyName = companyName;
    this.accountAlias = accountAlias;
    this.rng = rng;
  }

  newId(kind: keyof typeof ids): string {
    const maps: Partial<Record<keyof typeof ids, Map<string, unknown>>> = {
      engagementInvitation: this.engagementInvitations,
      connectionInvitation: this.connectionInvitations,
      connection: this.connections,
      task: this.tasks,
    };
    const taken = maps[kind];
    for (;;) {
      const id = ids[kind](this.rng);
      if (!taken?.has(id)) return id;
    }
  }

  /** Invitations past their expiry become EXPIRED, as the service does; returns what changed. */
  expireDue(now: Date): InvitationChange[] {
    const t = now.getTime();
    const expired: InvitationChange[] = [];
    for (const inv of this.engagementInvitations.values()) {
      if (inv.Status === "PENDING" && inv.ExpirationDate && inv.ExpirationDate.getTime() <= t) {
        inv.Status = "EXPIRED";
        expired.push({ kind: "engagement", invitation: inv });
      }
    }
    for (const inv of this.connectionInvitations.values()) {
      if (inv.Status === "PENDING" && inv.ExpiresAt && inv.ExpiresAt.getTime() <= t) {
        inv.Status = "EXPIRED";
        inv.UpdatedAt = inv.ExpiresAt;
        expired.push({ kind: "connection", invitation: inv });
      }
    }
    return expired;
  }
}
