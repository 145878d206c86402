/**
 * The Selling API's opportunity operations over the emulator's state, with the rules the developer guide
 * gives: UpdateOpportunity replaces the whole record and checks LastModifiedDate, nothing changes while an
 * opportunity is Submitted or In review (or once Rejected), Action Required opens only a few fields and
 * Approved closes a few; AssignOpportunity takes only the account's own Partner Central users.
 */
import { ErrorFactory } from "./errors.ts";
import { OpportunityFactory, REVIEW_REQUESTS } from "./opportunity-data.ts";
import { paginate, queryFingerprint, type SortKey } from "./pagination.ts";
import type { Rng } from "./random.ts";
import type {
  ContactRecord,
  EmulatorState,
  EngagementInvitation,
  OpportunityChange,
  OpportunityRecord,
} from "./state.ts";

type Input = Record<string, unknown>;

export interface OpportunityOperationsOptions {
  now: () => Date;
  /** Which page a List operation asked for, and how long the service lets it be. */
  pageRequest: (input: Input) => {
    maxResults: number | undefined;
    maxPageSize?: number;
    nextToken: string | undefined;
  };
  changed: (change: OpportunityChange) => void;
}

const selling = new ErrorFactory("selling");

/** Fields an opportunity in Action Required may change ("Working with opportunity updates"). */
const EDITABLE_WHEN_ACTION_REQUIRED: ReadonlySet<string> = new Set([
  "Customer.Account.Address.City",
  "Customer.Account.Address.CountryCode",
  "Customer.Account.Address.PostalCode",
  "Customer.Account.Address.StateOrRegion",
  "Customer.Account.Address.StreetAddress",
  "Customer.Account.WebsiteUrl",
  "LifeCycle.TargetCloseDate",
  "Project.ExpectedCustomerSpend",
  "Project.CustomerBusinessProblem",
  "PartnerOpportunityIdentifier",
]);

/** Fields an Approved opportunity may no longer change. */
const LOCKED_WHEN_APPROVED: ReadonlySet<string> = new Set([
  "Customer.Account.Address.CountryCode",
  "Customer.Account.Address.PostalCode",
  "Customer.Account.Industry",
  "Customer.Account.WebsiteUrl",
  "Project.CustomerBusinessProblem",
  "PartnerOpportunityIdentifier",
  "Project.Title",
]);

/** The members UpdateOpportunity replaces; the others (ids, dates, team, related entities) it keeps. */
const UPDATABLE = [
  "PrimaryNeedsFromAws",
  "NationalSecurity",
  "PartnerOpportunityIdentifier",
  "Customer",
  "Project",
  "OpportunityType",
  "Marketing",
  "SoftwareRevenue",
  "LifeCycle",
] as const;

/** LifeCycle members only Partner Central sets: sent back or not, they stay as they are. */
const READ_ONLY_LIFECYCLE = [
  "ReviewStatus",
  "ReviewComments",
  "ReviewStatusReason",
  "NextStepsHistory",
] as const;

const NEXT_STEPS_HISTORY_MAX = 50;
const strings = (value: unknown) => (Array.isArray(value) ? (value as string[]) : undefined);
const time = (d: Date) => d.getTime();
const wholeSeconds = (ms: number) => Math.floor(ms / 1000);

/** Dotted paths to every value under `value` (lists as one value), for telling what an update changes. */
function leaves(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (value === undefined || value === null || value === "") return out;
  if (typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) leaves(inner, prefix ? `${prefix}.${key}` : key, out);
    return out;
  }
  out.set(prefix, JSON.stringify(value));
  return out;
}

function changedPaths(before: Input, after: Input): string[] {
  const a = leaves(before, "", new Map());
  const b = leaves(after, "", new Map());
  return [...new Set([...a.keys(), ...b.keys()])].filter((path) => a.get(path) !== b.get(path)).sort();
}

export class OpportunityOperations {
  readonly state: EmulatorState;
  private readonly options: OpportunityOperationsOptions;
  private readonly factory: OpportunityFactory;

  readonly handlers = {
    ListOpportunities: (i: Input) => this.list(i),
    GetOpportunity: (i: Input) => this.get(i),
    GetAwsOpportunitySummary: (i: Input) => this.getAwsSummary(i),
    AssignOpportunity: (i: Input) => this.assign(i),
    UpdateOpportunity: (i: Input) => this.update(i),
  };

  constructor(state: EmulatorState, rng: Rng, options: OpportunityOperationsOptions) {
    this.state = state;
    this.options = options;
    this.factory = new OpportunityFactory(rng, state);
  }

  private find(catalog: unknown, identifier: unknown): OpportunityRecord {
    const opportunity = this.state.opportunities.get(String(identifier));
    if (!opportunity || opportunity.Catalog !== catalog) {
      throw selling.byName(
        "ResourceNotFoundException",
        `Opportunity ${String(identifier)} was not found in catalog ${String(catalog)}.`,
      );
    }
    return opportunity;
  }

  /** A later LastModifiedDate, in whole seconds as Partner Central keeps it, and never the same twice. */
  private touch(opportunity: OpportunityRecord): void {
    const now = wholeSeconds(this.options.now().getTime());
    const previous = wholeSeconds(opportunity.LastModifiedDate.getTime());
    opportunity.LastModifiedDate = new Date(Math.max(now, previous + 1) * 1000);
  }

  private summaryOf(o: OpportunityRecord) {
    const account = o.Customer?.Account;
    const address = account?.Address;
    const life = o.LifeCycle;
    return {
      Catalog: o.Catalog,
      Id: o.Id,
      Arn: o.Arn,
      PartnerOpportunityIdentifier: o.PartnerOpportunityIdentifier,
      OpportunityType: o.OpportunityType,
      LastModifiedDate: o.LastModifiedDate,
      CreatedDate: o.CreatedDate,
      LifeCycle: life && {
        Stage: life.Stage,
        ClosedLostReason: life.ClosedLostReason,
        NextSteps: life.NextSteps,
        TargetCloseDate: life.TargetCloseDate,
        ReviewStatus: life.ReviewStatus,
        ReviewComments: life.ReviewComments,
        ReviewStatusReason: life.ReviewStatusReason,
      },
      Customer: account && {
        Account: {
          Industry: account.Industry,
          OtherIndustry: account.OtherIndustry,
          CompanyName: account.CompanyName,
          WebsiteUrl: account.WebsiteUrl,
          Address: address && {
            City: address.City,
            PostalCode: address.PostalCode,
            StateOrRegion: address.StateOrRegion,
            CountryCode: address.CountryCode,
          },
        },
      },
      Project: o.Project && {
        DeliveryModels: o.Project.DeliveryModels,
        ExpectedCustomerSpend: o.Project.ExpectedCustomerSpend,
        ExpectedContractDuration: o.Project.ExpectedContractDuration,
      },
    };
  }

  /**
   * Filters as ListOpportunities defines them: the lists match any of their values (company names
   * ignoring case), After…Date on or after and Before…Date before the time given, and TargetCloseDate's
   * days strictly after and before. Sorted by LastModifiedDate, newest first, unless Sort says otherwise.
   */
  private list(input: Input) {
    const stages = strings(input.LifeCycleStage);
    const reviews = strings(input.LifeCycleReviewStatus);
    const names = strings(input.CustomerCompanyName)?.map((n) => n.toLowerCase());
    const identifiers = strings(input.Identifier);
    const modified = (input.LastModifiedDate ?? {}) as Record<string, string | undefined>;
    const created = (input.CreatedDate ?? {}) as Record<string, string | undefined>;
    const closing = (input.TargetCloseDate ?? {}) as Record<string, string | undefined>;
    const within = (at: Date, after: string | undefined, before: string | undefined) =>
      (after === undefined || at.getTime() >= Date.parse(after)) &&
      (before === undefined || at.getTime() < Date.parse(before));
    const matches = [...this.state.opportunities.values()].filter((o) => {
      const target = o.LifeCycle?.TargetCloseDate;
      return (
        o.Catalog === input.Catalog &&
        (!stages?.length || stages.includes(o.LifeCycle?.Stage ?? "")) &&
        (!reviews?.length || reviews.includes(o.LifeCycle?.ReviewStatus ?? "")) &&
        (!names?.length || names.includes((o.Customer?.Account?.CompanyName ?? "").toLowerCase())) &&
        (!identifiers?.length || identifiers.includes(o.Id)) &&
        within(o.LastModifiedDate, modified.AfterLastModifiedDate, modified.BeforeLastModifiedDate) &&
        within(o.CreatedDate, created.AfterCreatedDate, created.BeforeCreatedDate) &&
        (closing.AfterTargetCloseDate === undefined ||
          (target !== undefined && target > closing.AfterTargetCloseDate)) &&
        (closing.BeforeTargetCloseDate === undefined ||
          (target !== undefined && target < closing.BeforeTargetCloseDate))
      );
    });
    const sort = input.Sort as { SortBy?: string; SortOrder?: string } | undefined;
    const by = sort?.SortBy ?? "LastModifiedDate";
    const descending = sort ? sort.SortOrder === "DESCENDING" : true;
    const keyOf = (o: OpportunityRecord): SortKey => {
      switch (by) {
        case "CreatedDate":
          return [time(o.CreatedDate), o.Id];
        case "Identifier":
          return [0, o.Id.slice(1).padStart(19, "0")];
        case "CustomerCompanyName":
          return [0, `${(o.Customer?.Account?.CompanyName ?? "").toLowerCase()}\u0000${o.Id}`];
        case "TargetCloseDate": {
          // Opportunities without a target close date come after every dated one.
          const day = o.LifeCycle?.TargetCloseDate;
          return [day ? Date.parse(`${day}T00:00:00Z`) : Number.MAX_SAFE_INTEGER, o.Id];
        }
        default:
          return [time(o.LastModifiedDate), o.Id];
      }
    };
    const { page, nextToken } = paginate(matches, keyOf, {
      descending,
      ...this.options.pageRequest(input),
      fingerprint: queryFingerprint([
        "ListOpportunities",
        input.Catalog,
        stages,
        reviews,
        names,
        identifiers,
        modified,
        created,
        closing,
        by,
        descending,
      ]),
    });
    return { OpportunitySummaries: page.map((o) => this.summaryOf(o)), NextToken: nextToken };
  }

  private get(input: Input) {
    return this.find(input.Catalog, input.Identifier);
  }

  private getAwsSummary(input: Input) {
    const opportunity = this.find(input.Catalog, input.RelatedOpportunityIdentifier);
    const aws = this.state.awsSummaries.get(opportunity.Id);
    if (!aws) {
      throw selling.byName(
        "ResourceNotFoundException",
        `AWS has no opportunity summary for opportunity ${opportunity.Id} yet.`,
      );
    }
    return { RelatedOpportunityId: opportunity.Id, Catalog: opportunity.Catalog, ...aws };
  }

  /** The assignee becomes the opportunity's owner (OpportunityOwner in its team), in place of the last one. */
  private assign(input: Input) {
    const opportunity = this.find(input.Catalog, input.Identifier);
    const assignee = input.Assignee as Required<Pick<ContactRecord, "Email" | "FirstName" | "LastName">> &
      ContactRecord;
    const email = assignee.Email.toLowerCase();
    if (!this.state.partnerUsers.has(email)) {
      throw selling.businessValidation(
        "INVALID_VALUE",
        `Assignee.Email ${assignee.Email} is not a Partner Central user of this partner account.`,
      );
    }
    const others = (opportunity.OpportunityTeam ?? []).filter(
      (member) => member.BusinessTitle !== "OpportunityOwner" && member.Email?.toLowerCase() !== email,
    );
    opportunity.OpportunityTeam = [
      {
        Email: assignee.Email,
        FirstName: assignee.FirstName,
        LastName: assignee.LastName,
        BusinessTitle: "OpportunityOwner",
        ...(assignee.Phone ? { Phone: assignee.Phone } : {}),
      },
      ...others,
    ];
    this.touch(opportunity);
    this.options.changed({ kind: "opportunity", opportunity, created: false });
    return {};
  }

  private update(input: Input) {
    const opportunity = this.find(input.Catalog, input.Identifier);
    const id = opportunity.Id;
    if (
      // In whole seconds: boto3 and the AWS CLI send date-times without their milliseconds.
      wholeSeconds(Date.parse(input.LastModifiedDate as string)) !==
      wholeSeconds(time(opportunity.LastModifiedDate))
    ) {
      throw selling.byName(
        "ConflictException",
        `Opportunity ${id} was modified after the LastModifiedDate sent; get it again and send the update with its LastModifiedDate.`,
      );
    }
    const review = opportunity.LifeCycle?.ReviewStatus;
    if (review === "Submitted" || review === "In review" || review === "Rejected") {
      throw selling.businessValidation(
        "INVALID_RESOURCE_STATE",
        review === "Rejected"
          ? `Opportunity ${id} was rejected and can no longer be updated.`
          : `Opportunity ${id} is ${review}: it cannot be updated until AWS finishes its review.`,
      );
    }
    const before: Input = Object.fromEntries(UPDATABLE.map((key) => [key, opportunity[key]]));
    const after: Input = Object.fromEntries(UPDATABLE.map((key) => [key, input[key]]));
    const withoutReadOnly = (record: Input) => {
      const lifeCycle = { ...(record.LifeCycle as Input | undefined) };
      for (const key of READ_ONLY_LIFECYCLE) delete lifeCycle[key];
      return { ...record, LifeCycle: lifeCycle };
    };
    const changes = changedPaths(withoutReadOnly(before), withoutReadOnly(after));
    const refused =
      review === "Action Required"
        ? changes.filter(
            (path) => ![...EDITABLE_WHEN_ACTION_REQUIRED].some((f) => path === f || path.startsWith(`${f}.`)),
          )
        : review === "Approved"
          ? changes.filter((path) => LOCKED_WHEN_APPROVED.has(path))
          : [];
    if (refused.length > 0) {
      throw selling.businessValidation(
        "ACTION_NOT_PERMITTED",
        `Opportunity ${id} is ${review}: ${refused.join(", ")} cannot be changed now.`,
      );
    }
    const previous = opportunity.LifeCycle;
    const lifeCycle = (input.LifeCycle ?? {}) as NonNullable<OpportunityRecord["LifeCycle"]>;
    const history = [...(previous?.NextStepsHistory ?? [])];
    if (lifeCycle.NextSteps && lifeCycle.NextSteps !== previous?.NextSteps) {
      history.push({
        Value: lifeCycle.NextSteps,
        Time: new Date(wholeSeconds(this.options.now().getTime()) * 1000),
      });
    }
    for (const key of UPDATABLE) {
      if (input[key] === undefined) delete opportunity[key];
      else Object.assign(opportunity, { [key]: structuredClone(input[key]) });
    }
    opportunity.LifeCycle = {
      ...(lifeCycle.Stage ? { Stage: lifeCycle.Stage } : {}),
      ...(lifeCycle.ClosedLostReason ? { ClosedLostReason: lifeCycle.ClosedLostReason } : {}),
      ...(lifeCycle.NextSteps ? { NextSteps: lifeCycle.NextSteps } : {}),
      ...(lifeCycle.TargetCloseDate ? { TargetCloseDate: lifeCycle.TargetCloseDate } : {}),
      ...(previous?.ReviewStatus ? { ReviewStatus: previous.ReviewStatus } : {}),
      ...(previous?.ReviewComments ? { ReviewComments: previous.ReviewComments } : {}),
      ...(previous?.ReviewStatusReason ? { ReviewStatusReason: previous.ReviewStatusReason } : {}),
      NextStepsHistory: history.slice(-NEXT_STEPS_HISTORY_MAX),
    };
    this.touch(opportunity);
    this.options.changed({ kind: "opportunity", opportunity, created: false });
    return { Id: id, LastModifiedDate: opportunity.LastModifiedDate };
  }

  /**
   * The opportunity StartEngagementByAcceptingInvitationTask creates; Partner Central announces it with
   * "Opportunity Created" and then "Opportunity Updated", as its developer guide lists for an acceptance.
   */
  createFromInvitation(invitation: EngagementInvitation): OpportunityRecord {
    const { record, aws } = this.factory.fromInvitation(invitation, this.options.now().getTime());
    this.state.opportunities.set(record.Id, record);
    this.state.awsSummaries.set(record.Id, aws);
    this.options.changed({ kind: "opportunity", opportunity: record, created: true });
    this.options.changed({ kind: "opportunity", opportunity: record, created: false });
    return record;
  }

  /**
   * A new approved opportunity in the Qualified stage with AWS's side, unless `partial` says otherwise
   * (state only, no event): tests arrange what they need, odd answers included.
   */
  add(partial: Partial<OpportunityRecord> = {}): OpportunityRecord {
    const { record, aws } = this.factory.opportunity(
      partial.Catalog ?? "AWS",
      "approvedEarly",
      0,
      this.options.now().getTime(),
    );
    const opportunity: OpportunityRecord = { ...record, ...partial };
    this.state.opportunities.set(opportunity.Id, opportunity);
    if (aws) this.state.awsSummaries.set(opportunity.Id, aws);
    return opportunity;
  }

  /**
   * AWS's reviewers send an opportunity back: Action Required with their comments, announced with
   * "Opportunity Updated". Without an id, the AWS catalog's first open opportunity AWS is reviewing or has
   * approved.
   */
  requestAction(id?: string, request = REVIEW_REQUESTS[0]): OpportunityRecord {
    const candidates = [...this.state.opportunities.values()].filter((o) =>
      id
        ? o.Id === id
        : o.Catalog === "AWS" &&
          ["Submitted", "In review", "Approved"].includes(o.LifeCycle?.ReviewStatus ?? "") &&
          !["Launched", "Closed Lost"].includes(o.LifeCycle?.Stage ?? ""),
    );
    const order = ["In review", "Submitted", "Approved"];
    const opportunity = candidates.sort(
      (a, b) =>
        order.indexOf(a.LifeCycle?.ReviewStatus ?? "") - order.indexOf(b.LifeCycle?.ReviewStatus ?? ""),
    )[0];
    if (!opportunity) throw new Error(id ? `No opportunity ${id}` : "No opportunity AWS could ask about");
    opportunity.LifeCycle = {
      ...opportunity.LifeCycle,
      ReviewStatus: "Action Required",
      ReviewComments: request?.comments,
      ReviewStatusReason: request?.reason,
    };
    this.touch(opportunity);
    this.options.changed({ kind: "opportunity", opportunity, created: false });
    return opportunity;
  }

  /**
   * AWS changes its side (GetAwsOpportunitySummary): its next steps, announced with "Opportunity Updated"
   * while the opportunity's own LastModifiedDate stays as it was.
   */
  updateAwsNextSteps(id: string, nextSteps: string): void {
    const opportunity = this.state.opportunities.get(id);
    const aws = this.state.awsSummaries.get(id);
    if (!opportunity || !aws) throw new Error(`No AWS summary for opportunity ${id}`);
    const at = new Date(wholeSeconds(this.options.now().getTime()) * 1000);
    aws.LifeCycle = {
      ...aws.LifeCycle,
      NextSteps: nextSteps,
      NextStepsHistory: [...(aws.LifeCycle?.NextStepsHistory ?? []), { Value: nextSteps, Time: at }],
    };
    this.options.changed({ kind: "opportunity", opportunity, created: false });
  }
}
