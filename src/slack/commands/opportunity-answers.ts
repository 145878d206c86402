import { dayAfter, listOpportunities, type OpportunityListQuery } from "../../opportunities/list.ts";
import type { PartnerCentral } from "../../partnercentral/index.ts";
import type { Catalog } from "../../partnercentral/model.ts";
import { CLOSED_STAGES, OPEN_STAGES } from "../../partnercentral/opportunity-model.ts";
import type { PagePosition } from "../../partnercentral/pages.ts";
import { type Approvers, viewerFor } from "../approvers.ts";
import { renderNotice } from "../blocks/feedback.ts";
import type { ListPage } from "../blocks/lists.ts";
import { OPPORTUNITY_ACTS, renderOpportunityDetails, renderOpportunityList } from "../blocks/opportunity.ts";
import { plural } from "../blocks/text.ts";
import type { SlackMessage } from "../blocks/types.ts";
import type { EmailLookup } from "../user-profile.ts";

/** What answering about opportunities needs of a command's context. */
export interface OpportunityAnswerContext {
  partnerCentral: PartnerCentral;
  now: Date;
  callerEmail: () => Promise<EmailLookup>;
  mayApprove: () => Promise<boolean>;
  approvers: Pick<Approvers, "describe">;
}

/** `opportunity <id>`: the opportunity and AWS's side of it, with an approver's actions. */
export async function answerOpportunity(
  asked: { catalog: Catalog; id: string },
  ctx: OpportunityAnswerContext,
): Promise<SlackMessage> {
  const [details, viewer] = await Promise.all([
    ctx.partnerCentral.opportunities.details(asked.catalog, asked.id),
    ctx.mayApprove().then((mayAct) => viewerFor(ctx.approvers, mayAct, OPPORTUNITY_ACTS)),
  ]);
  return renderOpportunityDetails(details, ctx.now, viewer);
}

const SORT_WORDS: Record<OpportunityListQuery["sort"], string> = {
  action: "Action Required first, then closing soonest",
  closing: "closing soonest first",
  modified: "changed most recently first",
  created: "newest first",
  customer: "by customer",
  id: "by id",
};

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** The list's filter in words, plain text (the list escapes it). */
export function describeOpportunities(query: OpportunityListQuery, now: Date): string {
  const stages = !query.stages
    ? "every stage"
    : same(query.stages, OPEN_STAGES)
      ? "open"
      : same(query.stages, CLOSED_STAGES)
        ? "closed"
        : query.stages.map((s) => s.toLowerCase()).join(", ");
  return [
    stages,
    query.reviewStatuses
      ? `review ${query.reviewStatuses.map((s) => s.toLowerCase()).join(", ")}`
      : undefined,
    query.closingWithinDays !== undefined
      ? `closing within ${plural(query.closingWithinDays, "day")} (before ${dayAfter(now, query.closingWithinDays + 1)}) or overdue`
      : undefined,
    query.customerNames ? `customer ${query.customerNames.join(", ")}` : undefined,
    query.mine ? "yours" : undefined,
    SORT_WORDS[query.sort],
    query.catalog,
  ]
    .filter(Boolean)
    .join(" · ");
}

/**
 * One page of `opportunities` from `start`, rendered once the page knows its buttons; or, for `mine`
 * when the caller's e-mail cannot be read, a sentence saying why.
 */
export async function opportunityListPage(
  query: OpportunityListQuery,
  start: PagePosition,
  size: number,
  ctx: OpportunityAnswerContext,
): Promise<{ refusal: SlackMessage } | { next?: PagePosition; render: (page: ListPage) => SlackMessage }> {
  let assignedTo: string | undefined;
  if (query.mine) {
    const lookup = await ctx.callerEmail();
    if ("problem" in lookup) {
      return {
        refusal: renderNotice(
          `:lock: \`mine\` lists the opportunities whose team in Partner Central has your e-mail address, but ${lookup.problem}. Leave out \`mine\` to see the team's.`,
        ),
      };
    }
    assignedTo = lookup.email;
  }
  const page = await listOpportunities(ctx.partnerCentral.opportunities, query, start, size, {
    today: ctx.now,
    ...(assignedTo ? { assignedTo } : {}),
  });
  return {
    ...(page.next ? { next: page.next } : {}),
    render: (listPage) =>
      renderOpportunityList({
        filter: describeOpportunities(query, ctx.now),
        opportunities: page.items,
        page: listPage,
        now: ctx.now,
      }),
  };
}
