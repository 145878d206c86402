/**
 * Opportunities as the rest of the app sees them (Partner Central Selling API: GetOpportunity,
 * ListOpportunities, GetAwsOpportunitySummary). Every member the service model marks optional is optional
 * here, and every enumerated value is `Open`: a value from a newer model is kept as AWS wrote it.
 */
import type { Catalog, ExpectedSpend, Open } from "./model.ts";

/** LifeCycle.Stage, in the order a deal moves through them. */
export const STAGES = [
  "Prospect",
  "Qualified",
  "Technical Validation",
  "Business Validation",
  "Committed",
  "Launched",
  "Closed Lost",
] as const;
export type Stage = (typeof STAGES)[number];
/** The stages of a deal still being worked: every stage before Launched and Closed Lost. */
export const OPEN_STAGES: readonly Stage[] = STAGES.slice(0, 5);
export const CLOSED_STAGES: readonly Stage[] = ["Launched", "Closed Lost"];

/**
 * LifeCycle.ReviewStatus (AWS's validation of a partner referral, read-only): Submitted and In review
 * block every update; Action Required opens a few fields and waits for the partner; Rejected is final.
 */
export const REVIEW_STATUSES = [
  "Pending Submission",
  "Submitted",
  "In review",
  "Approved",
  "Rejected",
  "Action Required",
] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const ACTION_REQUIRED: ReviewStatus = "Action Required";
/**
 * Review statuses that ask the team to act (AWS wants changes, or said no): told even the first time the
 * app sees an opportunity, and shown in the channel as well as in a thread.
 */
export const NEEDS_THE_TEAM: ReadonlySet<string> = new Set<ReviewStatus>([ACTION_REQUIRED, "Rejected"]);

/** A person as Partner Central lists them: a partner's team member, a customer contact, someone at AWS. */
export interface Person {
  firstName?: string;
  lastName?: string;
  email?: string;
  /** A job title, or for AWS's team its role (AWSSalesRep, AWSAccountOwner, PDM, PSM, …), as AWS wrote it. */
  title?: string;
  phone?: string;
}

export interface OpportunityCustomer {
  companyName?: string;
  industry?: string;
  otherIndustry?: string;
  websiteUrl?: string;
  awsAccountId?: string;
  duns?: string;
  address?: {
    streetAddress?: string;
    city?: string;
    stateOrRegion?: string;
    postalCode?: string;
    countryCode?: string;
  };
}

export interface OpportunityLifeCycle {
  stage?: Open<Stage>;
  reviewStatus?: Open<ReviewStatus>;
  /** What AWS's reviewers ask of the partner. */
  reviewComments?: string;
  /** AWS's code for a Rejected or Action Required decision. */
  reviewStatusReason?: string;
  nextSteps?: string;
  /** A calendar day, YYYY-MM-DD, as AWS sends it. */
  targetCloseDate?: string;
  closedLostReason?: string;
}

export interface NextStep {
  value: string;
  at: Date;
}

/** One item of ListOpportunities: no project title, team or history (GetOpportunity has those). */
export interface OpportunitySummary {
  id: string;
  catalog: Catalog;
  arn?: string;
  partnerOpportunityId?: string;
  opportunityType?: string;
  createdAt?: Date;
  lastModifiedAt?: Date;
  customer?: OpportunityCustomer;
  lifeCycle: OpportunityLifeCycle;
  expectedSpend: ExpectedSpend[];
  deliveryModels: string[];
  /** ExpectedContractDuration, e.g. "12 Months". */
  contractDuration?: string;
}

export interface OpportunityProject {
  title?: string;
  businessProblem?: string;
  useCase?: string;
  salesActivities: string[];
  competitorName?: string;
  otherCompetitorNames?: string;
  otherSolutionDescription?: string;
  additionalComments?: string;
  apnPrograms: string[];
  relatedOpportunityId?: string;
  awsPartition?: string;
}

/** GetOpportunity: everything Partner Central holds on one opportunity of ours. */
export interface Opportunity extends OpportunitySummary {
  project: OpportunityProject;
  nextStepsHistory: NextStep[];
  /** Our people on it (OpportunityTeam); the owner is the one titled OpportunityOwner, when AWS says. */
  team: Person[];
  customerContacts: Person[];
  primaryNeedsFromAws: string[];
  nationalSecurity?: string;
  marketing?: {
    campaignName?: string;
    source?: string;
    useCases: string[];
    channels: string[];
    awsFundingUsed?: string;
  };
  softwareRevenue?: {
    deliveryModel?: string;
    amount?: string;
    currencyCode?: string;
    effectiveDate?: string;
    expirationDate?: string;
  };
  related: {
    awsProducts: string[];
    solutions: string[];
    marketplaceOffers: string[];
    marketplaceOfferSets: string[];
  };
}

export interface ProductSpendInsights {
  currencyCode?: string;
  frequency?: string;
  totalAmount?: string;
  totalOptimizedAmount?: string;
  totalPotentialSavingsAmount?: string;
  byCategory: Array<{ category: string; amount: string }>;
  products: Array<{ productCode: string; amount?: string; categories: string[] }>;
}

/** GetAwsOpportunitySummary: AWS's side of one of our opportunities. */
export interface AwsOpportunitySummary {
  opportunityId: string;
  catalog: Catalog;
  origin?: string;
  involvementType?: string;
  involvementTypeChangeReason?: string;
  visibility?: string;
  lifeCycle: {
    stage?: string;
    targetCloseDate?: string;
    closedLostReason?: string;
    nextSteps?: string;
  };
  nextStepsHistory: NextStep[];
  /** AWS's people on it, each titled by role (AWSSalesRep, AWSAccountOwner, PDM, PSM, …). */
  team: Person[];
  insights?: {
    nextBestActions?: string;
    engagementScore?: string;
    spend: { aws?: ProductSpendInsights; partner?: ProductSpendInsights };
  };
  customerContacts: Person[];
  expectedSpend: ExpectedSpend[];
  related: { awsProducts: string[]; solutions: string[] };
}

/**
 * One opportunity with AWS's side, as a details view shows it. `aws` is undefined when AWS has no summary
 * for it (ResourceNotFound); `awsError` says why it could not be read otherwise.
 */
export interface OpportunityDetails {
  opportunity: Opportunity;
  aws?: AwsOpportunitySummary;
  awsError?: string;
}

/** What ListOpportunities filters and sorts by, in the app's words. */
export interface OpportunityQuery {
  catalog: Catalog;
  stages?: Stage[];
  reviewStatuses?: ReviewStatus[];
  customerNames?: string[];
  identifiers?: string[];
  /** Target close date strictly before this day (YYYY-MM-DD), as TargetCloseDate.BeforeTargetCloseDate. */
  closingBefore?: string;
  closingAfter?: string;
  modifiedAfter?: Date;
  sort?: { by: OpportunitySortKey; order: "ASCENDING" | "DESCENDING" };
}

export type OpportunitySortKey =
  | "LastModifiedDate"
  | "Identifier"
  | "CustomerCompanyName"
  | "CreatedDate"
  | "TargetCloseDate";

/** Who to assign an opportunity to (AssignOpportunity.Assignee: all but the phone required). */
export interface Assignee {
  email: string;
  firstName: string;
  lastName: string;
  businessTitle: string;
  phone?: string;
}

/** A person's name as one string, or undefined when AWS gave neither part. */
export function personName(person: Pick<Person, "firstName" | "lastName">): string | undefined {
  return [person.firstName, person.lastName].filter((part) => part?.trim()).join(" ") || undefined;
}

/** Opportunity identifiers look like O1234567 (O and 1 to 19 digits). */
export const OPPORTUNITY_ID = { pattern: /^O[0-9]{1,19}$/, example: "O1234567" } as const;

/**
 * Why Partner Central would refuse a change of the next steps in this review status (the developer guide,
 * "Working with opportunity updates"), or undefined where it takes one: nothing changes while Submitted or
 * In review, Action Required opens only the fields AWS's reviewers may ask about (not the next steps), and
 * a Rejected opportunity is read-only.
 */
export function whyNextStepsLocked(reviewStatus: string | undefined): string | undefined {
  switch (reviewStatus) {
    case "Submitted":
    case "In review":
      return "AWS is reviewing it, and nothing can be changed until the review is done";
    case "Action Required":
      return "AWS asked for changes, and until they are made only the fields its reviewers named can be changed";
    case "Rejected":
      return "AWS rejected it, and it can no longer be changed";
    default:
      return undefined;
  }
}
