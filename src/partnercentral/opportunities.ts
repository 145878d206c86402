import {
  type Account,
  type AccountSummary,
  AssignOpportunityCommand,
  type AwsProductInsights,
  type Contact,
  GetAwsOpportunitySummaryCommand,
  type GetAwsOpportunitySummaryCommandOutput,
  GetOpportunityCommand,
  type GetOpportunityCommandOutput,
  type ListOpportunitiesCommandInput,
  type ListOpportunitiesCommandOutput,
  type OpportunitySummary as OpportunitySummaryShape,
  type PartnerCentralSellingClient,
  paginateListOpportunities,
  UpdateOpportunityCommand,
  type UpdateOpportunityCommandInput,
} from "@aws-sdk/client-partnercentral-selling";
import { mapLimited, SharedReads } from "./cache.ts";
import { callForRequestId, callPartnerCentral, requestIdOf } from "./clients.ts";
import { PartnerCentralError } from "./errors.ts";
import { type Catalog, defined, expectedSpendOf, type Page, some } from "./model.ts";
import {
  type Assignee,
  type AwsOpportunitySummary,
  type NextStep,
  type Opportunity,
  type OpportunityCustomer,
  type OpportunityDetails,
  type OpportunityQuery,
  type OpportunitySummary,
  type Person,
  type ProductSpendInsights,
  whyNextStepsLocked,
} from "./opportunity-model.ts";
import { type PageRequest, pagesOf } from "./pages.ts";

const subject = (catalog: Catalog, id: string) => ({ what: "opportunity", id, catalog });

/** How long answers are shared: a list, its pages and the details opened from it within a minute. */
export const SHARED_READS_TTL_MS = 30_000;
const SHARED_READS_MAX = 500;
/**
 * Details read at once for a page of a list: a page of ten in two rounds. Reads are limited to 10 a second
 * per partner account; throttling beyond is retried by the SDK.
 */
const DETAIL_READS_AT_ONCE = 5;

export interface OpportunitiesOptions {
  ttlMs?: number;
  clock?: () => Date;
}

/**
 * Opportunities (Partner Central Selling API). Reads share answers for a short while (SharedReads), so
 * a list and the details opened from it cost one call each, and the same read asked twice at once is one
 * call; what the app changes is read afresh.
 */
export class Opportunities {
  private readonly client: PartnerCentralSellingClient;
  private readonly reads: SharedReads;

  constructor(client: PartnerCentralSellingClient, options: OpportunitiesOptions = {}) {
    this.client = client;
    this.reads = new SharedReads({
      ttlMs: options.ttlMs ?? SHARED_READS_TTL_MS,
      max: SHARED_READS_MAX,
      clock: options.clock ?? (() => new Date()),
    });
  }

  /** The pages of opportunities matching the query from `page` on (all, 100 a page, without one). */
  pages(query: OpportunityQuery, page?: PageRequest): AsyncIterable<Page<OpportunitySummary>> {
    const input = listInput(query);
    return pagesOf(
      "ListOpportunities",
      page,
      (config) => this.#listPages(input, config),
      (output) => (output.OpportunitySummaries ?? []).map((s) => fromSummary(s, query.catalog)),
    );
  }

  /**
   * The SDK's paginator a page at a time from `startingToken`, each page a shared read: paging back and
   * forth, or two people opening the same list, read each AWS page once.
   */
  async *#listPages(
    input: ListOpportunitiesCommandInput,
    config: { pageSize: number; startingToken?: string },
  ): AsyncGenerator<ListOpportunitiesCommandOutput> {
    let token = config.startingToken;
    do {
      const from = token;
      const key = `${input.Catalog}/list/${JSON.stringify([input, config.pageSize, from ?? null])}`;
      const output = await this.reads.read(key, async () => {
        const pages = paginateListOpportunities(
          { client: this.client, pageSize: config.pageSize, ...(from ? { startingToken: from } : {}) },
          { ...input },
        );
        for await (const first of pages) return first;
        return { OpportunitySummaries: [], $metadata: {} } as ListOpportunitiesCommandOutput;
      });
      yield output;
      token = output.NextToken;
    } while (token);
  }

  async get(catalog: Catalog, id: string, options: { fresh?: boolean } = {}): Promise<Opportunity> {
    return fromOpportunity(await this.#getRaw(catalog, id, options), catalog, id);
  }

  #getRaw(catalog: Catalog, id: string, options: { fresh?: boolean }): Promise<GetOpportunityCommandOutput> {
    return this.reads.read(
      `${catalog}/opportunity/${id}`,
      () =>
        callPartnerCentral(
          "GetOpportunity",
          () => this.client.send(new GetOpportunityCommand({ Catalog: catalog, Identifier: id })),
          subject(catalog, id),
        ),
      options,
    );
  }

  /** AWS's side of one of our opportunities; undefined when AWS has none for it. */
  async awsSummary(
    catalog: Catalog,
    id: string,
    options: { fresh?: boolean } = {},
  ): Promise<AwsOpportunitySummary | undefined> {
    try {
      const output = await this.reads.read(
        `${catalog}/aws/${id}`,
        () =>
          callPartnerCentral(
            "GetAwsOpportunitySummary",
            () =>
              this.client.send(
                new GetAwsOpportunitySummaryCommand({ Catalog: catalog, RelatedOpportunityIdentifier: id }),
              ),
            subject(catalog, id),
          ),
        options,
      );
      return fromAwsSummary(output, catalog, id);
    } catch (error) {
      if (error instanceof PartnerCentralError && error.code === "NotFound") return undefined;
      throw error;
    }
  }

  /**
   * The opportunity and AWS's side of it, read together. A failure to read AWS's side is told beside the
   * opportunity rather than instead of it.
   */
  async details(
    catalog: Catalog,
    id: string,
    options: { fresh?: boolean } = {},
  ): Promise<OpportunityDetails> {
    const [opportunity, aws] = await Promise.allSettled([
      this.get(catalog, id, options),
      this.awsSummary(catalog, id, options),
    ]);
    if (opportunity.status === "rejected") throw opportunity.reason;
    if (aws.status === "fulfilled")
      return { opportunity: opportunity.value, ...(aws.value ? { aws: aws.value } : {}) };
    if (!(aws.reason instanceof PartnerCentralError)) throw aws.reason;
    return { opportunity: opportunity.value, awsError: aws.reason.userMessage };
  }

  /**
   * Each summary with the opportunity's details where they could be read (a few reads at once), else the
   * summary as it was: a list reads better with titles and owners, and still shows when one read fails.
   * What already has its details is kept as it is.
   */
  withDetails(
    listed: Array<OpportunitySummary | Opportunity>,
  ): Promise<Array<OpportunitySummary | Opportunity>> {
    return mapLimited(listed, DETAIL_READS_AT_ONCE, async (o) => {
      if ("project" in o) return o;
      try {
        return await this.get(o.catalog, o.id);
      } catch (error) {
        if (!(error instanceof PartnerCentralError)) throw error;
        return o;
      }
    });
  }

  /** Each summary's details, a few reads at once; a read that fails fails them all. */
  detailsOf(summaries: OpportunitySummary[]): Promise<Opportunity[]> {
    return mapLimited(summaries, DETAIL_READS_AT_ONCE, (s) => this.get(s.catalog, s.id));
  }

  /**
   * AssignOpportunity: the assignee becomes the opportunity's owner in Partner Central. An e-mail address
   * that is not one of the partner account's Partner Central users is refused with a sentence saying so.
   */
  async assign(catalog: Catalog, id: string, assignee: Assignee): Promise<{ requestId?: string }> {
    const email = assignee.email.toLowerCase();
    try {
      return await callForRequestId("AssignOpportunity", subject(catalog, id), () =>
        this.client.send(
          new AssignOpportunityCommand({
            Catalog: catalog,
            Identifier: id,
            Assignee: {
              // The model's e-mail pattern takes lower case only.
              Email: email,
              FirstName: assignee.firstName,
              LastName: assignee.lastName,
              BusinessTitle: assignee.businessTitle,
              ...(assignee.phone ? { Phone: assignee.phone } : {}),
            },
          }),
        ),
      );
    } catch (error) {
      if (
        error instanceof PartnerCentralError &&
        error.code === "Validation" &&
        aboutTheAssigneeEmail(error)
      ) {
        throw new PartnerCentralError(
          "Validation",
          `Partner Central did not take ${email}: only the Partner Central users of your partner account can own an opportunity. Someone with Partner Central's user management adds them (with this e-mail address), or assign it to someone who is a user.`,
          "AssignOpportunity",
          error.requestId,
          error.fields,
          { cause: error },
        );
      }
      throw error;
    } finally {
      this.reads.forget(`${catalog}/`);
    }
  }

  /**
   * Changes the next steps alone. UpdateOpportunity replaces the whole record (what it leaves out is
   * cleared), so the record is read afresh and sent back as read with only LifeCycle.NextSteps changed,
   * with the LastModifiedDate it had. When it changed since `seenModifiedAt` (what the person saw), or
   * changes between this read and the update (AWS then answers ConflictException), nothing is written and
   * a Conflict error says so.
   */
  async updateNextSteps(
    catalog: Catalog,
    id: string,
    nextSteps: string,
    seenModifiedAt: Date,
  ): Promise<{ lastModifiedAt?: Date; requestId?: string }> {
    const current = await this.#getRaw(catalog, id, { fresh: true });
    if (current.LastModifiedDate?.getTime() !== seenModifiedAt.getTime()) {
      throw changedMeanwhile(catalog, id);
    }
    const locked = whyNextStepsLocked(current.LifeCycle?.ReviewStatus);
    if (locked) {
      throw new PartnerCentralError(
        "Validation",
        `The next steps of opportunity ${id} cannot be changed now: ${locked}.`,
        "UpdateOpportunity",
      );
    }
    try {
      const output = await callPartnerCentral(
        "UpdateOpportunity",
        () => this.client.send(new UpdateOpportunityCommand(updateInput(current, catalog, id, nextSteps))),
        subject(catalog, id),
      );
      return {
        ...(output.LastModifiedDate ? { lastModifiedAt: output.LastModifiedDate } : {}),
        requestId: requestIdOf(output),
      };
    } catch (error) {
      if (error instanceof PartnerCentralError && error.code === "Conflict")
        throw changedMeanwhile(catalog, id);
      throw error;
    } finally {
      this.reads.forget(`${catalog}/`);
    }
  }
}

/**
 * A validation error about the assignee's e-mail address (one AWS knows no user by): a problem with the
 * field Assignee.Email, or a business rule's, which names no field, saying it of the e-mail address. A
 * problem with the assignee's name or title is not one.
 */
function aboutTheAssigneeEmail(error: PartnerCentralError): boolean {
  if (error.fields.length === 0) return /e-?mail/i.test(error.userMessage);
  return error.fields.some((f) =>
    f.field === "request" ? /e-?mail/i.test(f.message) : /^Assignee\.Email$/i.test(f.field),
  );
}

function changedMeanwhile(catalog: Catalog, id: string): PartnerCentralError {
  return new PartnerCentralError(
    "Conflict",
    `Opportunity ${id} in the ${catalog} catalog changed in Partner Central meanwhile; nothing was overwritten. Look at it again and make the change once more.`,
    "UpdateOpportunity",
  );
}

/** The whole record as read, in UpdateOpportunity's members, with the next steps changed. */
function updateInput(
  current: GetOpportunityCommandOutput,
  catalog: Catalog,
  id: string,
  nextSteps: string,
): UpdateOpportunityCommandInput {
  return {
    Catalog: catalog,
    Identifier: id,
    LastModifiedDate: current.LastModifiedDate,
    ...(current.PrimaryNeedsFromAws ? { PrimaryNeedsFromAws: current.PrimaryNeedsFromAws } : {}),
    ...(current.NationalSecurity ? { NationalSecurity: current.NationalSecurity } : {}),
    ...(current.PartnerOpportunityIdentifier !== undefined
      ? { PartnerOpportunityIdentifier: current.PartnerOpportunityIdentifier }
      : {}),
    ...(current.Customer ? { Customer: current.Customer } : {}),
    ...(current.Project ? { Project: current.Project } : {}),
    ...(current.OpportunityType ? { OpportunityType: current.OpportunityType } : {}),
    ...(current.Marketing ? { Marketing: current.Marketing } : {}),
    ...(current.SoftwareRevenue ? { SoftwareRevenue: current.SoftwareRevenue } : {}),
    LifeCycle: { ...current.LifeCycle, NextSteps: nextSteps },
  };
}

function listInput(query: OpportunityQuery): ListOpportunitiesCommandInput {
  const closing = {
    ...(query.closingAfter ? { AfterTargetCloseDate: query.closingAfter } : {}),
    ...(query.closingBefore ? { BeforeTargetCloseDate: query.closingBefore } : {}),
  };
  return {
    Catalog: query.catalog,
    ...(query.stages?.length ? { LifeCycleStage: query.stages } : {}),
    ...(query.reviewStatuses?.length ? { LifeCycleReviewStatus: query.reviewStatuses } : {}),
    ...(query.customerNames?.length ? { CustomerCompanyName: query.customerNames } : {}),
    ...(query.identifiers?.length ? { Identifier: query.identifiers } : {}),
    ...(Object.keys(closing).length ? { TargetCloseDate: closing } : {}),
    ...(query.modifiedAfter ? { LastModifiedDate: { AfterLastModifiedDate: query.modifiedAfter } } : {}),
    ...(query.sort ? { Sort: { SortBy: query.sort.by, SortOrder: query.sort.order } } : {}),
  };
}

function customerOf(account: Account | AccountSummary | undefined): OpportunityCustomer | undefined {
  if (!account) return undefined;
  const full = account as Partial<Account>;
  const address = account.Address as (Account["Address"] & { StreetAddress?: string }) | undefined;
  return defined({
    companyName: some(account.CompanyName),
    industry: some(account.Industry),
    otherIndustry: some(account.OtherIndustry),
    websiteUrl: some(account.WebsiteUrl),
    awsAccountId: some(full.AwsAccountId),
    duns: some(full.Duns),
    address: address
      ? defined({
          streetAddress: some(address.StreetAddress),
          city: some(address.City),
          stateOrRegion: some(address.StateOrRegion),
          postalCode: some(address.PostalCode),
          countryCode: some(address.CountryCode),
        })
      : undefined,
  });
}

function personOf(
  c: Contact | { Email?: string; FirstName?: string; LastName?: string; BusinessTitle?: string },
): Person {
  return defined({
    firstName: some(c.FirstName),
    lastName: some(c.LastName),
    email: some(c.Email),
    title: some(c.BusinessTitle),
    phone: some((c as Contact).Phone),
  });
}

/** Newest first; an entry without its value or time is left out. */
function historyOf(history: Array<{ Value?: string; Time?: Date }> | undefined): NextStep[] {
  return (history ?? [])
    .flatMap((h) => (h.Value?.trim() && h.Time ? [{ value: h.Value, at: h.Time }] : []))
    .sort((a, b) => b.at.getTime() - a.at.getTime());
}

function fromSummary(s: OpportunitySummaryShape, catalog: Catalog): OpportunitySummary {
  const duration = s.Project?.ExpectedContractDuration;
  return defined({
    id: s.Id ?? "",
    catalog,
    arn: some(s.Arn),
    partnerOpportunityId: some(s.PartnerOpportunityIdentifier),
    opportunityType: some(s.OpportunityType),
    createdAt: s.CreatedDate,
    lastModifiedAt: s.LastModifiedDate,
    customer: customerOf(s.Customer?.Account),
    lifeCycle: defined({
      stage: some(s.LifeCycle?.Stage),
      reviewStatus: some(s.LifeCycle?.ReviewStatus),
      reviewComments: some(s.LifeCycle?.ReviewComments),
      reviewStatusReason: some(s.LifeCycle?.ReviewStatusReason),
      nextSteps: some(s.LifeCycle?.NextSteps),
      targetCloseDate: some(s.LifeCycle?.TargetCloseDate),
      closedLostReason: some(s.LifeCycle?.ClosedLostReason),
    }),
    expectedSpend: expectedSpendOf(s.Project?.ExpectedCustomerSpend),
    deliveryModels: s.Project?.DeliveryModels ?? [],
    contractDuration: duration?.Value ? `${duration.Value} ${duration.Term ?? ""}`.trim() : undefined,
  });
}

function fromOpportunity(o: GetOpportunityCommandOutput, catalog: Catalog, askedId: string): Opportunity {
  const project = o.Project;
  const revenue = o.SoftwareRevenue;
  return {
    ...fromSummary(
      {
        ...o,
        Id: o.Id ?? askedId,
        Customer: o.Customer ? { Account: o.Customer.Account } : undefined,
      } as OpportunitySummaryShape,
      catalog,
    ),
    project: defined({
      title: some(project?.Title),
      businessProblem: some(project?.CustomerBusinessProblem),
      useCase: some(project?.CustomerUseCase),
      salesActivities: project?.SalesActivities ?? [],
      competitorName: some(project?.CompetitorName),
      otherCompetitorNames: some(project?.OtherCompetitorNames),
      otherSolutionDescription: some(project?.OtherSolutionDescription),
      additionalComments: some(project?.AdditionalComments),
      apnPrograms: project?.ApnPrograms ?? [],
      relatedOpportunityId: some(project?.RelatedOpportunityIdentifier),
      awsPartition: some(project?.AwsPartition),
    }),
    nextStepsHistory: historyOf(o.LifeCycle?.NextStepsHistory),
    team: (o.OpportunityTeam ?? []).map(personOf),
    customerContacts: (o.Customer?.Contacts ?? []).map(personOf),
    primaryNeedsFromAws: o.PrimaryNeedsFromAws ?? [],
    ...(some(o.NationalSecurity) ? { nationalSecurity: o.NationalSecurity } : {}),
    ...(o.Marketing
      ? {
          marketing: defined({
            campaignName: some(o.Marketing.CampaignName),
            source: some(o.Marketing.Source),
            useCases: o.Marketing.UseCases ?? [],
            channels: o.Marketing.Channels ?? [],
            awsFundingUsed: some(o.Marketing.AwsFundingUsed),
          }),
        }
      : {}),
    ...(revenue
      ? {
          softwareRevenue: defined({
            deliveryModel: some(revenue.DeliveryModel),
            amount: some(revenue.Value?.Amount),
            currencyCode: some(revenue.Value?.CurrencyCode),
            effectiveDate: some(revenue.EffectiveDate),
            expirationDate: some(revenue.ExpirationDate),
          }),
        }
      : {}),
    related: {
      awsProducts: o.RelatedEntityIdentifiers?.AwsProducts ?? [],
      solutions: o.RelatedEntityIdentifiers?.Solutions ?? [],
      marketplaceOffers: o.RelatedEntityIdentifiers?.AwsMarketplaceOffers ?? [],
      marketplaceOfferSets: o.RelatedEntityIdentifiers?.AwsMarketplaceOfferSets ?? [],
    },
  };
}

function spendInsightsOf(p: AwsProductInsights | undefined): ProductSpendInsights | undefined {
  if (!p) return undefined;
  return defined({
    currencyCode: some(p.CurrencyCode),
    frequency: some(p.Frequency),
    totalAmount: some(p.TotalAmount),
    totalOptimizedAmount: some(p.TotalOptimizedAmount),
    totalPotentialSavingsAmount: some(p.TotalPotentialSavingsAmount),
    byCategory: Object.entries(p.TotalAmountByCategory ?? {}).flatMap(([category, amount]) =>
      amount ? [{ category, amount }] : [],
    ),
    products: (p.AwsProducts ?? []).flatMap((product) =>
      product.ProductCode
        ? [
            defined({
              productCode: product.ProductCode,
              amount: some(product.Amount),
              categories: product.Categories ?? [],
            }),
          ]
        : [],
    ),
  });
}

function fromAwsSummary(
  o: GetAwsOpportunitySummaryCommandOutput,
  catalog: Catalog,
  askedId: string,
): AwsOpportunitySummary {
  const insights = o.Insights;
  return defined({
    opportunityId: o.RelatedOpportunityId ?? askedId,
    catalog,
    origin: some(o.Origin),
    involvementType: some(o.InvolvementType),
    involvementTypeChangeReason: some(o.InvolvementTypeChangeReason),
    visibility: some(o.Visibility),
    lifeCycle: defined({
      stage: some(o.LifeCycle?.Stage),
      targetCloseDate: some(o.LifeCycle?.TargetCloseDate),
      closedLostReason: some(o.LifeCycle?.ClosedLostReason),
      nextSteps: some(o.LifeCycle?.NextSteps),
    }),
    nextStepsHistory: historyOf(o.LifeCycle?.NextStepsHistory),
    team: (o.OpportunityTeam ?? []).map(personOf),
    insights: insights
      ? defined({
          nextBestActions: some(insights.NextBestActions),
          engagementScore: some(insights.EngagementScore),
          spend: defined({
            aws: spendInsightsOf(insights.AwsProductsSpendInsightsBySource?.AWS),
            partner: spendInsightsOf(insights.AwsProductsSpendInsightsBySource?.Partner),
          }),
        })
      : undefined,
    customerContacts: (o.Customer?.Contacts ?? []).map(personOf),
    expectedSpend: expectedSpendOf(o.Project?.ExpectedCustomerSpend),
    related: {
      awsProducts: o.RelatedEntityIds?.AwsProducts ?? [],
      solutions: o.RelatedEntityIds?.Solutions ?? [],
    },
  });
}
