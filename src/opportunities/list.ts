import type { Catalog, Page } from "../partnercentral/model.ts";
import type { Opportunities } from "../partnercentral/opportunities.ts";
import {
  ACTION_REQUIRED,
  type Opportunity,
  type OpportunityQuery,
  type OpportunitySummary,
  type ReviewStatus,
  type Stage,
} from "../partnercentral/opportunity-model.ts";
import { chainPages, fillPage, type PagePosition, type PageRequest } from "../partnercentral/pages.ts";

/** How a list of opportunities is ordered: by default what needs action first, then closing soonest. */
export const OPPORTUNITY_SORTS = ["action", "closing", "modified", "created", "customer", "id"] as const;
export type OpportunitySort = (typeof OPPORTUNITY_SORTS)[number];

/** Which opportunities a seller asks for; plain JSON, since the pages after the first are remembered. */
export interface OpportunityListQuery {
  catalog: Catalog;
  /** Undefined: every stage. */
  stages?: Stage[];
  /** Undefined: whatever the review status, or none. */
  reviewStatuses?: ReviewStatus[];
  customerNames?: string[];
  /** Target close date within this many days from today, or already passed. */
  closingWithinDays?: number;
  /** Only those the asker is on: their e-mail in the opportunity's team. */
  mine: boolean;
  sort: OpportunitySort;
}

export type ListedOpportunity = OpportunitySummary | Opportunity;

const DAY_MS = 86_400_000;
const ASCENDING = "ASCENDING" as const;
const DESCENDING = "DESCENDING" as const;

const SORTS: Record<Exclude<OpportunitySort, "action">, NonNullable<OpportunityQuery["sort"]>> = {
  closing: { by: "TargetCloseDate", order: ASCENDING },
  modified: { by: "LastModifiedDate", order: DESCENDING },
  created: { by: "CreatedDate", order: DESCENDING },
  customer: { by: "CustomerCompanyName", order: ASCENDING },
  id: { by: "Identifier", order: ASCENDING },
};

/** The calendar day `days` after `today`'s, as AWS writes days (UTC). */
export function dayAfter(today: Date, days: number): string {
  return new Date(today.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

type PagesFrom = (page: PageRequest) => AsyncIterable<Page<ListedOpportunity>>;

function filtered(
  pagesFrom: PagesFrom,
  keep: (item: ListedOpportunity) => boolean | Promise<boolean>,
): PagesFrom {
  return async function* (request) {
    for await (const page of pagesFrom(request)) {
      const kept: ListedOpportunity[] = [];
      for (const item of page.items) if (await keep(item)) kept.push(item);
      yield { ...page, items: kept };
    }
  };
}

/**
 * The pages of the list a query asks for. ListOpportunities cannot sort by review status, so "what needs
 * action first" reads two lists one after the other, each closing soonest first: the Action Required
 * ones, then the others. `assignedTo` (an e-mail) keeps only those whose team names it, which only each
 * opportunity's details say.
 */
export function opportunityPages(
  opportunities: Opportunities,
  query: OpportunityListQuery,
  context: { today: Date; assignedTo?: string },
): PagesFrom {
  const base: OpportunityQuery = {
    catalog: query.catalog,
    ...(query.stages ? { stages: query.stages } : {}),
    ...(query.customerNames ? { customerNames: query.customerNames } : {}),
    ...(query.closingWithinDays !== undefined
      ? { closingBefore: dayAfter(context.today, query.closingWithinDays + 1) }
      : {}),
  };
  const list =
    (q: OpportunityQuery): PagesFrom =>
    (page) =>
      opportunities.pages(q, page);
  let pages: PagesFrom;
  if (query.sort !== "action") {
    pages = list({
      ...base,
      ...(query.reviewStatuses ? { reviewStatuses: query.reviewStatuses } : {}),
      sort: SORTS[query.sort],
    });
  } else {
    const closing = SORTS.closing;
    const wanted = query.reviewStatuses;
    const first =
      !wanted || wanted.includes(ACTION_REQUIRED)
        ? [list({ ...base, reviewStatuses: [ACTION_REQUIRED], sort: closing })]
        : [];
    const others = wanted?.filter((status) => status !== ACTION_REQUIRED);
    const rest =
      others === undefined
        ? [filtered(list({ ...base, sort: closing }), (o) => o.lifeCycle.reviewStatus !== ACTION_REQUIRED)]
        : others.length > 0
          ? [list({ ...base, reviewStatuses: others, sort: closing })]
          : [];
    pages = chainPages([...first, ...rest]);
  }
  const email = context.assignedTo?.toLowerCase();
  if (!email) return pages;
  return async function* (request) {
    for await (const page of pages(request)) {
      const detailed = await opportunities.detailsOf(page.items);
      yield {
        ...page,
        items: detailed.filter((o) => o.team.some((person) => person.email?.toLowerCase() === email)),
      };
    }
  };
}

/**
 * The first page of what follows the Action Required ones, read while they are: they rarely fill a page,
 * so the list goes on there, and its read is then shared rather than waited for one after the other.
 */
function readAheadTheRest(
  opportunities: Opportunities,
  query: OpportunityListQuery,
  context: { today: Date },
  size: number,
): void {
  const wanted = query.reviewStatuses;
  const both = !wanted || (wanted.includes(ACTION_REQUIRED) && wanted.some((s) => s !== ACTION_REQUIRED));
  if (!both) return;
  // The lists alone, without `mine`'s details: those are read for the page that shows them.
  const pages = opportunityPages(opportunities, query, { today: context.today })({
    maxResults: size,
    nextToken: "1:",
  })[Symbol.asyncIterator]();
  void pages.next().then(
    () => pages.return?.(),
    () => undefined,
  );
}

/**
 * One page of the list from `start`, and where the next starts; every opportunity on it with its details
 * where they could be read (titles and owners are not in ListOpportunities' summaries).
 */
export async function listOpportunities(
  opportunities: Opportunities,
  query: OpportunityListQuery,
  start: PagePosition,
  size: number,
  context: { today: Date; assignedTo?: string },
): Promise<{ items: ListedOpportunity[]; next?: PagePosition }> {
  if (query.sort === "action" && !start.token) readAheadTheRest(opportunities, query, context, size);
  const page = await fillPage(opportunityPages(opportunities, query, context), start, size);
  return { ...page, items: await opportunities.withDetails(page.items) };
}
