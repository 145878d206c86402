/**
 * Opportunities for the emulator: the seeded ones (every stage and review status, Action Required with
 * reviewers' comments, next steps with their history, a partner team, AWS's side with its team,
 * involvement, next steps and insights) and the one an accepted engagement invitation creates.
 */
import { chance, createRng, ids, pick, type Rng, randomInt } from "./random.ts";
import {
  allocate,
  BUSINESS_PROBLEMS,
  COUNTRIES,
  CUSTOMER_KINDS,
  CUSTOMER_PREFIXES,
  FIRST_NAMES,
  LAST_NAMES,
  PROJECT_TITLES,
  sandboxShare,
  seconds,
  slug,
} from "./seed.ts";
import {
  type AwsOpportunitySummaryRecord,
  arns,
  CATALOGS,
  type Catalog,
  type ContactRecord,
  type EmulatorState,
  type EngagementInvitation,
  type NextStepsEntry,
  type OpportunityRecord,
} from "./state.ts";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** A seller's situations, each with the stage and review status it stands for; shares of the seed. */
const SCENARIOS = {
  actionRequired: 0.12,
  pendingSubmission: 0.1,
  submitted: 0.06,
  inReview: 0.06,
  approvedEarly: 0.2,
  approvedLate: 0.16,
  launched: 0.08,
  closedLost: 0.06,
  rejected: 0.06,
  /** An AWS referral whose review status AWS leaves out (the member is only for partner referrals). */
  noReviewStatus: 0.1,
} as const;
export type OpportunityScenario = keyof typeof SCENARIOS;

const STAGE_OF: Record<OpportunityScenario, readonly string[]> = {
  actionRequired: ["Qualified", "Technical Validation"],
  pendingSubmission: ["Prospect", "Qualified"],
  submitted: ["Qualified"],
  inReview: ["Qualified", "Technical Validation"],
  approvedEarly: ["Qualified", "Technical Validation"],
  approvedLate: ["Business Validation", "Committed"],
  launched: ["Launched"],
  closedLost: ["Closed Lost"],
  rejected: ["Qualified"],
  noReviewStatus: ["Prospect", "Qualified", "Technical Validation"],
};

const REVIEW_OF: Record<OpportunityScenario, string | undefined> = {
  actionRequired: "Action Required",
  pendingSubmission: "Pending Submission",
  submitted: "Submitted",
  inReview: "In review",
  approvedEarly: "Approved",
  approvedLate: "Approved",
  launched: "Approved",
  closedLost: "Approved",
  rejected: "Rejected",
  noReviewStatus: undefined,
};

/** What AWS's reviewers write when they send an opportunity back, with the reason code beside it. */
export const REVIEW_REQUESTS: ReadonlyArray<{ comments: string; reason: string }> = [
  {
    comments:
      "Please describe the business problem in more detail: which workloads move, the customer's timeline and who decides.",
    reason: "Business problem incomplete",
  },
  {
    comments: "The target close date has passed. Update it to when the customer expects to start using AWS.",
    reason: "Target close date in the past",
  },
  {
    comments:
      "The expected monthly spend looks low for this scope. Confirm the amount with the customer and update it.",
    reason: "Expected spend unclear",
  },
  {
    comments: "Add the customer's website so we can match the account in our records.",
    reason: "Customer details incomplete",
  },
];

const REJECTIONS = [
  {
    comments: "This duplicates an opportunity already in AWS's pipeline for the customer.",
    reason: "Duplicate",
  },
  {
    comments: "The customer is not planning an AWS workload in the stated timeframe.",
    reason: "No AWS opportunity",
  },
];

const PARTNER_NEXT_STEPS = [
  "Schedule the technical deep dive with the customer's architects",
  "Send the migration assessment proposal",
  "Run the proof of concept on the customer's sample data",
  "Review the pricing proposal with procurement",
  "Agree the statement of work and the start date",
  "Workshop with the customer's data team",
  "Confirm the budget owner and the decision date",
];

const AWS_NEXT_STEPS = [
  "AWS account team to introduce the partner to the customer's CTO",
  "Solutions architect to join the architecture review",
  "AWS to confirm MAP funding eligibility",
  "Account manager to align on the customer's cloud budget for next quarter",
  "AWS to share the customer's current usage profile with the partner",
];

const NEXT_BEST_ACTIONS = [
  "Engage the AWS account team on the customer's migration timeline and agree a joint plan.",
  "Propose a proof of concept; similar customers moved to a decision within six weeks of one.",
  "Request funding through the Migration Acceleration Program to shorten the business case.",
];

const AWS_STAGE_OF: Record<string, string> = {
  Prospect: "Prospect",
  Qualified: "Qualified",
  "Technical Validation": "Technical Validation",
  "Business Validation": "Business Validation",
  Committed: "Committed",
  Launched: "Launched",
  "Closed Lost": "Closed Lost",
};

const AWS_ROLES = ["AWSSalesRep", "AWSAccountOwner", "PDM", "PSM"] as const;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class OpportunityFactory {
  private readonly rng: Rng;
  private readonly state: EmulatorState;

  constructor(rng: Rng, state: EmulatorState) {
    this.rng = rng;
    this.state = state;
  }

  /** Ids from this factory's own random stream, none already taken. */
  private newId(): string {
    for (;;) {
      const id = ids.opportunity(this.rng);
      if (!this.state.opportunities.has(id)) return id;
    }
  }

  private person(domain: string, title: string): ContactRecord {
    const first = pick(this.rng, FIRST_NAMES);
    const last = pick(this.rng, LAST_NAMES);
    return {
      Email: `${first}.${last}@${domain}`.toLowerCase(),
      FirstName: first,
      LastName: last,
      BusinessTitle: title,
    };
  }

  /** Our partner organisation's Partner Central users; three made up when none were given. */
  partnerTeam(): ContactRecord[] {
    if (this.state.partnerUsers.size === 0) {
      for (let i = 0; i < 3; i++) {
        const user = this.person(`${slug(this.state.companyName)}.com`, "Partner Account Manager");
        if (user.Email) this.state.partnerUsers.set(user.Email, user);
      }
    }
    return [...this.state.partnerUsers.values()];
  }

  private history(values: readonly string[], from: number, to: number): NextStepsEntry[] {
    const count = randomInt(this.rng, 1, 4);
    const entries: NextStepsEntry[] = [];
    for (let i = 0; i < count; i++) {
      const at = from + ((to - from) * (i + 1)) / (count + 1);
      entries.push({ Value: pick(this.rng, values), Time: seconds(at) });
    }
    return entries;
  }

  private awsSummary(
    opportunity: OpportunityRecord,
    origin: string,
    now: number,
  ): AwsOpportunitySummaryRecord {
    const rng = this.rng;
    const history = this.history(AWS_NEXT_STEPS, opportunity.CreatedDate.getTime(), now - HOUR);
    const roles = AWS_ROLES.filter((_, i) => i < 2 || chance(rng, 0.6));
    return {
      Origin: origin,
      InvolvementType: chance(rng, 0.75) ? "Co-Sell" : "For Visibility Only",
      Visibility: "Full",
      LifeCycle: {
        Stage: AWS_STAGE_OF[opportunity.LifeCycle?.Stage ?? ""] ?? "Prospect",
        ...(opportunity.LifeCycle?.TargetCloseDate
          ? { TargetCloseDate: opportunity.LifeCycle.TargetCloseDate }
          : {}),
        NextSteps: history.at(-1)?.Value ?? pick(rng, AWS_NEXT_STEPS),
        NextStepsHistory: history,
      },
      OpportunityTeam: roles.map((role) => this.person("amazon.com", role)),
      ...(chance(rng, 0.6)
        ? {
            Insights: {
              NextBestActions: pick(rng, NEXT_BEST_ACTIONS),
              EngagementScore: pick(rng, ["High", "Medium", "Low"]),
            },
          }
        : {}),
      ...(opportunity.Project?.ExpectedCustomerSpend
        ? { Project: { ExpectedCustomerSpend: opportunity.Project.ExpectedCustomerSpend } }
        : {}),
    };
  }

  /** One of our opportunities in the situation `scenario` stands for, and AWS's side of it. */
  opportunity(
    catalog: Catalog,
    scenario: OpportunityScenario,
    index: number,
    now: number,
  ): { record: OpportunityRecord; aws?: AwsOpportunitySummaryRecord } {
    const rng = this.rng;
    const stages = STAGE_OF[scenario];
    const stage = stages[index % stages.length] as string;
    const review = REVIEW_OF[scenario];
    const closed = scenario === "launched" || scenario === "closedLost";
    const [kind, industry] = pick(rng, CUSTOMER_KINDS);
    const company = `${pick(rng, CUSTOMER_PREFIXES)} ${kind}`;
    const created = now - randomInt(rng, 10, 200) * DAY;
    const modified = Math.min(now - HOUR, created + randomInt(rng, 1, 9) * DAY);
    // Open deals close from a few weeks ago (overdue) to half a year ahead; closed ones closed before now.
    const target = closed
      ? now - randomInt(rng, 5, 90) * DAY
      : now + (chance(rng, 0.15) ? -randomInt(rng, 1, 20) : randomInt(rng, 2, 180)) * DAY;
    const team = this.partnerTeam();
    const owner = chance(rng, 0.85) ? pick(rng, team) : undefined;
    const request = scenario === "actionRequired" ? pick(rng, REVIEW_REQUESTS) : undefined;
    const rejection = scenario === "rejected" ? pick(rng, REJECTIONS) : undefined;
    const history = this.history(PARTNER_NEXT_STEPS, created, modified);
    const id = this.newId();
    const record: OpportunityRecord = {
      Catalog: catalog,
      Id: id,
      Arn: arns.opportunity(this.state.accountId, catalog, id),
      ...(chance(rng, 0.5) ? { PartnerOpportunityIdentifier: `CRM-${randomInt(rng, 10000, 99999)}` } : {}),
      OpportunityType: pick(rng, ["Net New Business", "Net New Business", "Expansion", "Flat Renewal"]),
      PrimaryNeedsFromAws: [pick(rng, ["Co-Sell - Technical Consultation", "Co-Sell - Deal Support"])],
      NationalSecurity: "No",
      Customer: {
        Account: {
          CompanyName: company,
          Industry: industry,
          WebsiteUrl: `https://www.${slug(company)}.com`,
          Address: {
            City: pick(rng, ["Seattle", "Austin", "London", "Berlin", "Tokyo", "Sydney"]),
            CountryCode: pick(rng, COUNTRIES),
          },
        },
        ...(chance(rng, 0.5) ? { Contacts: [this.person(`${slug(company)}.com`, "CTO")] } : {}),
      },
      Project: {
        Title: pick(rng, PROJECT_TITLES),
        CustomerBusinessProblem: pick(rng, BUSINESS_PROBLEMS).replace("{c}", company),
        DeliveryModels: [pick(rng, ["Professional Services", "Managed Services", "SaaS or PaaS"])],
        ExpectedCustomerSpend: [
          {
            Amount: `${randomInt(rng, 4, 400) * 250}`,
            CurrencyCode: "USD",
            Frequency: "Monthly",
            TargetCompany: "AWS",
          },
        ],
        SalesActivities: ["Initialized discussions with customer"],
      },
      LifeCycle: {
        Stage: stage,
        ...(review ? { ReviewStatus: review } : {}),
        ...(request ? { ReviewComments: request.comments, ReviewStatusReason: request.reason } : {}),
        ...(rejection ? { ReviewComments: rejection.comments, ReviewStatusReason: rejection.reason } : {}),
        ...(scenario === "closedLost"
          ? { ClosedLostReason: pick(rng, ["Price", "Partner Gap", "No Opportunity"]) }
          : {}),
        NextSteps: history.at(-1)?.Value ?? pick(rng, PARTNER_NEXT_STEPS),
        NextStepsHistory: history,
        TargetCloseDate: day(target),
      },
      OpportunityTeam: owner ? [{ ...owner, BusinessTitle: "OpportunityOwner" }] : [],
      RelatedEntityIdentifiers: { Solutions: [`S-${randomInt(rng, 100000, 999999)}`] },
      CreatedDate: seconds(created),
      LastModifiedDate: seconds(modified),
    };
    const awsTakenUp = scenario !== "pendingSubmission" && scenario !== "submitted";
    const origin = scenario === "noReviewStatus" ? "AWS Referral" : "Partner Referral";
    return { record, ...(awsTakenUp ? { aws: this.awsSummary(record, origin, now) } : {}) };
  }

  /**
   * The opportunity StartEngagementByAcceptingInvitationTask creates from an engagement invitation: the
   * invitation's customer and project in our account, nobody assigned yet, and AWS's side of it.
   */
  fromInvitation(
    invitation: EngagementInvitation,
    now: number,
  ): { record: OpportunityRecord; aws: AwsOpportunitySummaryRecord } {
    const payload = invitation.Payload;
    const opportunityPayload = "OpportunityInvitation" in payload ? payload.OpportunityInvitation : undefined;
    const lead = "LeadInvitation" in payload ? payload.LeadInvitation : undefined;
    const customer = opportunityPayload?.Customer ?? lead?.Customer;
    const id = this.newId();
    const record: OpportunityRecord = {
      Catalog: invitation.Catalog,
      Id: id,
      Arn: arns.opportunity(this.state.accountId, invitation.Catalog, id),
      OpportunityType: "Net New Business",
      Customer: {
        Account: {
          CompanyName: customer?.CompanyName ?? "Unnamed customer",
          ...(customer?.Industry ? { Industry: customer.Industry } : {}),
          ...(customer?.WebsiteUrl ? { WebsiteUrl: customer.WebsiteUrl } : {}),
          ...(customer?.CountryCode ? { Address: { CountryCode: customer.CountryCode } } : {}),
        },
      },
      Project: {
        Title: opportunityPayload?.Project.Title ?? lead?.Interaction.Usecase ?? invitation.EngagementTitle,
        ...(opportunityPayload
          ? {
              CustomerBusinessProblem: opportunityPayload.Project.BusinessProblem,
              ExpectedCustomerSpend: opportunityPayload.Project.ExpectedCustomerSpend,
            }
          : {}),
      },
      LifeCycle: {
        Stage: "Qualified",
        ReviewStatus: "Approved",
        ...(opportunityPayload ? { TargetCloseDate: opportunityPayload.Project.TargetCompletionDate } : {}),
        NextStepsHistory: [],
      },
      OpportunityTeam: [],
      RelatedEntityIdentifiers: {},
      CreatedDate: seconds(now),
      LastModifiedDate: seconds(now),
    };
    const sender = opportunityPayload?.SenderContacts?.[0];
    return {
      record,
      aws: {
        Origin: "AWS Referral",
        InvolvementType: "Co-Sell",
        Visibility: "Full",
        LifeCycle: {
          Stage: "Qualified",
          ...(opportunityPayload ? { TargetCloseDate: opportunityPayload.Project.TargetCompletionDate } : {}),
          NextSteps: "AWS account team to introduce the partner to the customer",
          NextStepsHistory: [],
        },
        OpportunityTeam: sender
          ? [
              {
                Email: sender.Email,
                FirstName: sender.FirstName,
                LastName: sender.LastName,
                BusinessTitle: "AWSSalesRep",
              },
            ]
          : [],
      },
    };
  }
}

/** Seeded opportunities in both catalogs, from their own random stream so the rest of the seed stays as it was. */
export function seedOpportunities(state: EmulatorState, now: Date, count: number, seed: number): void {
  const rng = createRng(seed ^ 0x0dd5eed);
  const factory = new OpportunityFactory(rng, state);
  for (const catalog of CATALOGS) {
    const total = catalog === "AWS" ? count : sandboxShare(count);
    const seen = new Map<OpportunityScenario, number>();
    for (const scenario of allocate(rng, total, SCENARIOS)) {
      const index = seen.get(scenario) ?? 0;
      seen.set(scenario, index + 1);
      const { record, aws } = factory.opportunity(catalog, scenario, index, now.getTime());
      state.opportunities.set(record.Id, record);
      if (aws) state.awsSummaries.set(record.Id, aws);
    }
  }
}
