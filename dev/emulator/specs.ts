import {
  AwsFundingUsed,
  AwsPartition,
  Channel,
  ClosedLostReason,
  CompetitorName,
  CountryCode,
  CurrencyCode,
  DeliveryModel,
  ExpectedContractDurationTerm,
  Industry,
  MarketingSource,
  NationalSecurity,
  OpportunitySortName,
  OpportunityType,
  PaymentFrequency,
  PrimaryNeedFromAws,
  RevenueModel,
  ReviewStatus,
  SalesActivity,
  Stage,
} from "@aws-sdk/client-partnercentral-selling";
import type { FieldSpec } from "./validate.ts";

/*
 * Input constraints per operation. Required members and types come from the SDK schemas; patterns,
 * lengths and ranges from the Partner Central API reference. Where the reference gives none, the choice
 * is noted next to the member.
 */

const str = (extra: Omit<Extract<FieldSpec, { kind: "string" }>, "kind"> = {}): FieldSpec => ({
  kind: "string",
  ...extra,
});
const list = (member: FieldSpec, extra: { minItems?: number; maxItems?: number } = {}): FieldSpec => ({
  kind: "list",
  member,
  ...extra,
});

const SELLING_CATALOG = str({ required: true, pattern: /^[a-zA-Z]+$/ });
const ACCOUNT_CATALOG = str({ required: true, minLength: 1, maxLength: 64, pattern: /^[a-zA-Z0-9-]+$/ });
const SELLING_NEXT_TOKEN = str({ minLength: 1, maxLength: 2048 });
const ACCOUNT_NEXT_TOKEN = str({ minLength: 1, maxLength: 2048, pattern: /^\S+$/ });
const ENGAGEMENT_INVITATION_ARN_OR_ID = str({
  minLength: 1,
  maxLength: 255,
  pattern: /^(arn:.*|engi-[0-9a-z]{13})$/,
});
const ENGAGEMENT_ARN_OR_ID = str({ pattern: /^(arn:.*|eng-[0-9a-z]{14})$/ });
const TASK_ARN_OR_ID = str({ pattern: /^(arn:.*|task-[0-9a-z]{13})$/ });
// The reference gives O[0-9]{1,19} for opportunity ids; ARNs are accepted as for the other identifier filters.
const OPPORTUNITY_ARN_OR_ID = str({ pattern: /^(arn:.*|O[0-9]{1,19})$/ });
const AWS_ACCOUNT_OR_ALIAS = str({ pattern: /^([0-9]{12}|\w{1,12})$/ });
const SORT_ORDER = str({ required: true, enum: ["ASCENDING", "DESCENDING"] });
const PARTICIPANT_TYPE = ["SENDER", "RECEIVER"] as const;
const SELLING_INVITATION_STATUS = ["ACCEPTED", "PENDING", "REJECTED", "EXPIRED"] as const;
const ACCOUNT_INVITATION_STATUS = ["PENDING", "ACCEPTED", "REJECTED", "CANCELED", "EXPIRED"] as const;
const CONNECTION_TYPE = ["OPPORTUNITY_COLLABORATION", "SUBSIDIARY"] as const;
const CONNECTION_INVITATION_ID = str({ required: true, pattern: /^pacinv-[A-Za-z0-9]{13}$/ });
const ACCOUNT_CLIENT_TOKEN = str({ minLength: 1, maxLength: 64, pattern: /^[A-Za-z0-9_-]+$/ });
const OTHER_PARTICIPANT_IDS = list(str({ minLength: 1, maxLength: 100, pattern: /^[a-zA-Z0-9-]+$/ }), {
  minItems: 0,
  maxItems: 100,
});

// ---- Opportunities: patterns, lengths and enums from the service model (the SDK's own enum objects) ----

const values = (enumObject: Record<string, string>) => Object.values(enumObject);
const OPPORTUNITY_ID = str({ required: true, pattern: /^O[0-9]{1,19}$/ });
const DATE = str({ pattern: /^[1-9][0-9]{3}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$/ });
const EMAIL = str({
  maxLength: 80,
  pattern:
    /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
});
const upTo = (maxLength: number, extra: { required?: boolean; minLength?: number } = {}) =>
  str({ maxLength, ...extra });
const oneOf = (enumObject: Record<string, string>, required = false) =>
  str({ enum: values(enumObject), ...(required ? { required } : {}) });
const CONTACT: FieldSpec = {
  kind: "structure",
  members: {
    Email: EMAIL,
    FirstName: upTo(80),
    LastName: upTo(80),
    BusinessTitle: upTo(80),
    Phone: str({ pattern: /^\+[1-9]\d{1,14}$/ }),
  },
};
const NEXT_STEPS_HISTORY = list(
  {
    kind: "structure",
    members: { Value: str({ required: true }), Time: { kind: "timestamp", required: true } },
  },
  { minItems: 0, maxItems: 50 },
);
const EXPECTED_SPEND = list(
  {
    kind: "structure",
    members: {
      Amount: str({ pattern: /^((0|([1-9][0-9]{0,30}))(\.[0-9]{0,2})?)?$/ }),
      CurrencyCode: oneOf(CurrencyCode, true),
      Frequency: oneOf(PaymentFrequency, true),
      TargetCompany: str({ required: true, minLength: 1, maxLength: 80 }),
      EstimationUrl: str({
        pattern:
          /^https:\/\/(calculator\.aws|pricing\.calculator\.aws\.eu)\/#\/estimate\?id=[a-f0-9]{32,64}$/,
      }),
    },
  },
  { minItems: 0, maxItems: 10 },
);
/** UpdateOpportunity's record: every member but Catalog, Identifier and LastModifiedDate. */
const OPPORTUNITY_RECORD: Record<string, FieldSpec> = {
  PrimaryNeedsFromAws: list(oneOf(PrimaryNeedFromAws)),
  NationalSecurity: oneOf(NationalSecurity),
  PartnerOpportunityIdentifier: upTo(64),
  Customer: {
    kind: "structure",
    members: {
      Account: {
        kind: "structure",
        members: {
          Industry: oneOf(Industry),
          OtherIndustry: upTo(255),
          CompanyName: upTo(120, { required: true }),
          WebsiteUrl: str({ minLength: 4, maxLength: 255 }),
          AwsAccountId: str({ pattern: /^([0-9]{12}|\w{1,12})$/ }),
          Address: {
            kind: "structure",
            members: {
              City: upTo(255),
              PostalCode: upTo(20),
              StateOrRegion: str({}),
              CountryCode: oneOf(CountryCode),
              StreetAddress: upTo(255),
            },
          },
          Duns: str({ pattern: /^[0-9]{9}$/ }),
        },
      },
      Contacts: list(CONTACT),
    },
  },
  Project: {
    kind: "structure",
    members: {
      DeliveryModels: list(oneOf(DeliveryModel)),
      ExpectedCustomerSpend: EXPECTED_SPEND,
      ExpectedContractDuration: {
        kind: "structure",
        members: { Term: oneOf(ExpectedContractDurationTerm, true), Value: str({ required: true }) },
      },
      Title: upTo(255),
      ApnPrograms: list(str({})),
      CustomerBusinessProblem: str({ minLength: 20, maxLength: 2000 }),
      CustomerUseCase: str({}),
      RelatedOpportunityIdentifier: str({ pattern: /^O[0-9]{1,19}$/ }),
      SalesActivities: list(oneOf(SalesActivity)),
      CompetitorName: oneOf(CompetitorName),
      OtherCompetitorNames: upTo(255),
      OtherSolutionDescription: upTo(255),
      AdditionalComments: str({ minLength: 1, maxLength: 255 }),
      AwsPartition: oneOf(AwsPartition),
    },
  },
  OpportunityType: oneOf(OpportunityType),
  Marketing: {
    kind: "structure",
    members: {
      CampaignName: str({}),
      Source: oneOf(MarketingSource),
      UseCases: list(str({})),
      Channels: list(oneOf(Channel)),
      AwsFundingUsed: oneOf(AwsFundingUsed),
    },
  },
  SoftwareRevenue: {
    kind: "structure",
    members: {
      DeliveryModel: oneOf(RevenueModel),
      Value: {
        kind: "structure",
        members: {
          Amount: str({ required: true, pattern: /^(0|([1-9][0-9]{0,30}))(\.[0-9]{0,2})?$/ }),
          CurrencyCode: oneOf(CurrencyCode, true),
        },
      },
      EffectiveDate: DATE,
      ExpirationDate: DATE,
    },
  },
  LifeCycle: {
    kind: "structure",
    members: {
      Stage: oneOf(Stage),
      ClosedLostReason: oneOf(ClosedLostReason),
      NextSteps: upTo(255),
      TargetCloseDate: DATE,
      ReviewStatus: oneOf(ReviewStatus),
      ReviewComments: str({}),
      ReviewStatusReason: str({}),
      NextStepsHistory: NEXT_STEPS_HISTORY,
    },
  },
};

const OPPORTUNITY_SPECS: Record<string, Record<string, FieldSpec>> = {
  ListOpportunities: {
    Catalog: SELLING_CATALOG,
    MaxResults: { kind: "integer", min: 1, max: 100 },
    NextToken: str({}),
    Sort: {
      kind: "structure",
      members: { SortOrder: SORT_ORDER, SortBy: oneOf(OpportunitySortName, true) },
    },
    LastModifiedDate: {
      kind: "structure",
      members: {
        AfterLastModifiedDate: { kind: "timestamp" },
        BeforeLastModifiedDate: { kind: "timestamp" },
      },
    },
    Identifier: list(str({ pattern: /^O[0-9]{1,19}$/ }), { minItems: 0, maxItems: 20 }),
    LifeCycleStage: list(oneOf(Stage), { minItems: 0, maxItems: 10 }),
    LifeCycleReviewStatus: list(oneOf(ReviewStatus), { minItems: 0, maxItems: 10 }),
    CustomerCompanyName: list(str({}), { minItems: 0, maxItems: 10 }),
    CreatedDate: {
      kind: "structure",
      members: { AfterCreatedDate: { kind: "timestamp" }, BeforeCreatedDate: { kind: "timestamp" } },
    },
    TargetCloseDate: {
      kind: "structure",
      members: { AfterTargetCloseDate: DATE, BeforeTargetCloseDate: DATE },
    },
  },
  GetOpportunity: { Catalog: SELLING_CATALOG, Identifier: OPPORTUNITY_ID },
  GetAwsOpportunitySummary: { Catalog: SELLING_CATALOG, RelatedOpportunityIdentifier: OPPORTUNITY_ID },
  AssignOpportunity: {
    Catalog: SELLING_CATALOG,
    Identifier: OPPORTUNITY_ID,
    Assignee: {
      kind: "structure",
      required: true,
      members: {
        Email: { ...EMAIL, required: true },
        FirstName: upTo(80, { required: true }),
        LastName: upTo(80, { required: true }),
        Phone: str({ pattern: /^\+[1-9]\d{1,14}$/ }),
        BusinessTitle: upTo(80, { required: true }),
      },
    },
  },
  UpdateOpportunity: {
    Catalog: SELLING_CATALOG,
    Identifier: OPPORTUNITY_ID,
    LastModifiedDate: { kind: "timestamp", required: true },
    ...OPPORTUNITY_RECORD,
  },
};

export const SELLING_SPECS: Record<string, Record<string, FieldSpec>> = {
  ...OPPORTUNITY_SPECS,
  ListEngagementInvitations: {
    Catalog: SELLING_CATALOG,
    MaxResults: { kind: "integer", min: 1, max: 100 },
    NextToken: SELLING_NEXT_TOKEN,
    Sort: {
      kind: "structure",
      members: { SortOrder: SORT_ORDER, SortBy: str({ required: true, enum: ["InvitationDate"] }) },
    },
    // No item limits are published for PayloadType; only the enum is enforced.
    PayloadType: list(str({ enum: ["OpportunityInvitation", "LeadInvitation"] })),
    ParticipantType: str({ required: true, enum: PARTICIPANT_TYPE }),
    Status: list(str({ enum: SELLING_INVITATION_STATUS }), { minItems: 1, maxItems: 10 }),
    EngagementIdentifier: list(ENGAGEMENT_ARN_OR_ID, { minItems: 1, maxItems: 10 }),
    SenderAwsAccountId: list(AWS_ACCOUNT_OR_ALIAS, { minItems: 1, maxItems: 10 }),
  },
  GetEngagementInvitation: {
    Catalog: SELLING_CATALOG,
    Identifier: { ...ENGAGEMENT_INVITATION_ARN_OR_ID, required: true },
  },
  AcceptEngagementInvitation: {
    Catalog: SELLING_CATALOG,
    Identifier: { ...ENGAGEMENT_INVITATION_ARN_OR_ID, required: true },
  },
  RejectEngagementInvitation: {
    Catalog: SELLING_CATALOG,
    Identifier: { ...ENGAGEMENT_INVITATION_ARN_OR_ID, required: true },
    RejectionReason: str({ pattern: /^[\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD]{1,80}$/ }),
  },
  StartEngagementByAcceptingInvitationTask: {
    Catalog: SELLING_CATALOG,
    ClientToken: str({ minLength: 1, pattern: /^[!-~]{1,64}$/ }),
    Identifier: { ...ENGAGEMENT_INVITATION_ARN_OR_ID, required: true },
    Tags: list(
      {
        kind: "structure",
        members: {
          Key: str({
            required: true,
            minLength: 1,
            maxLength: 128,
            pattern: /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u,
          }),
          Value: str({
            required: true,
            minLength: 0,
            maxLength: 256,
            pattern: /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u,
          }),
        },
      },
      { minItems: 1, maxItems: 200 },
    ),
  },
  ListEngagementByAcceptingInvitationTasks: {
    Catalog: SELLING_CATALOG,
    MaxResults: { kind: "integer", min: 1, max: 1000 },
    NextToken: SELLING_NEXT_TOKEN,
    Sort: {
      kind: "structure",
      members: { SortOrder: SORT_ORDER, SortBy: str({ required: true, enum: ["StartTime"] }) },
    },
    // Item limits of 1-10 as documented for the other identifier filters of this operation.
    TaskStatus: list(str({ enum: ["COMPLETE", "IN_PROGRESS", "FAILED"] }), { minItems: 1, maxItems: 10 }),
    OpportunityIdentifier: list(OPPORTUNITY_ARN_OR_ID, { minItems: 1, maxItems: 10 }),
    EngagementInvitationIdentifier: list(ENGAGEMENT_INVITATION_ARN_OR_ID, { minItems: 1, maxItems: 10 }),
    TaskIdentifier: list(TASK_ARN_OR_ID, { minItems: 1, maxItems: 10 }),
  },
};

export const ACCOUNT_SPECS: Record<string, Record<string, FieldSpec>> = {
  ListConnections: {
    Catalog: ACCOUNT_CATALOG,
    NextToken: ACCOUNT_NEXT_TOKEN,
    ConnectionType: str({ minLength: 1, maxLength: 200, pattern: /^[a-zA-Z_-]+(:[a-zA-Z]+)?$/ }),
    MaxResults: { kind: "integer", min: 1, max: 100 },
    OtherParticipantIdentifiers: OTHER_PARTICIPANT_IDS,
  },
  GetConnection: {
    Catalog: ACCOUNT_CATALOG,
    Identifier: str({ required: true, pattern: /^pac-[A-Za-z0-9]{13}$/ }),
  },
  ListConnectionInvitations: {
    Catalog: ACCOUNT_CATALOG,
    NextToken: ACCOUNT_NEXT_TOKEN,
    ConnectionType: str({ enum: CONNECTION_TYPE }),
    MaxResults: { kind: "integer", min: 1, max: 100 },
    OtherParticipantIdentifiers: OTHER_PARTICIPANT_IDS,
    ParticipantType: str({ enum: PARTICIPANT_TYPE }),
    Status: str({ enum: ACCOUNT_INVITATION_STATUS }),
  },
  GetConnectionInvitation: { Catalog: ACCOUNT_CATALOG, Identifier: CONNECTION_INVITATION_ID },
  AcceptConnectionInvitation: {
    Catalog: ACCOUNT_CATALOG,
    Identifier: CONNECTION_INVITATION_ID,
    ClientToken: ACCOUNT_CLIENT_TOKEN,
  },
  RejectConnectionInvitation: {
    Catalog: ACCOUNT_CATALOG,
    Identifier: CONNECTION_INVITATION_ID,
    ClientToken: ACCOUNT_CLIENT_TOKEN,
    // Not published; the constraints of the invitation Message member (1-256 printable characters) are assumed.
    Reason: str({ minLength: 1, maxLength: 256, pattern: /^[\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\n]+$/ }),
  },
  CancelConnectionInvitation: {
    Catalog: ACCOUNT_CATALOG,
    Identifier: CONNECTION_INVITATION_ID,
    ClientToken: ACCOUNT_CLIENT_TOKEN,
  },
};
