import { dayAfter } from "../opportunities/list.ts";
import { PartnerCentralError } from "../partnercentral/errors.ts";
import type { Catalog } from "../partnercentral/model.ts";
import type { Opportunities } from "../partnercentral/opportunities.ts";
import {
  ACTION_REQUIRED,
  OPEN_STAGES,
  type OpportunityQuery,
  type OpportunitySummary,
} from "../partnercentral/opportunity-model.ts";

/** The opportunities a digest lists after the invitations, or why they could not be listed. */
export interface OpportunitiesNeedingAction {
  /**
   * The first that one message can show: Action Required first, then those whose target close date passed
   * or falls within the window, each closing soonest first.
   */
  opportunities: OpportunitySummary[];
  /** How many need action in all, and of them, how many AWS asks action on. */
  total: number;
  actionRequired: number;
  /** Why Partner Central could not list them: said in their place, the invitations are posted anyway. */
  problem?: string;
}

/** More than one message can show (a digest is 50 blocks at most): the rest is counted, not kept. */
const MOST_KEPT = 50;

const CLOSING_SOONEST = { by: "TargetCloseDate", order: "ASCENDING" } as const;

/**
 * Open opportunities that need the team: AWS asks for action on them, or their target close date has
 * passed or falls within the window. Two filtered lists of 100 a page, read at once: with a thousand
 * opportunities and fewer than a hundred of each kind, two calls.
 */
export async function fetchNeedingAction(
  opportunities: Pick<Opportunities, "pages">,
  catalog: Catalog,
  now: Date,
  windowDays: number,
): Promise<OpportunitiesNeedingAction> {
  const open = { catalog, stages: [...OPEN_STAGES], sort: CLOSING_SOONEST };
  // Each list is reduced as its pages arrive: the first that can be shown are kept, the others counted.
  const read = async (query: OpportunityQuery, counts: (o: OpportunitySummary) => boolean) => {
    const kept: OpportunitySummary[] = [];
    let count = 0;
    for await (const { items } of opportunities.pages(query)) {
      for (const opportunity of items.filter(counts)) {
        count++;
        if (kept.length < MOST_KEPT) kept.push(opportunity);
      }
    }
    return { kept, count };
  };
  try {
    const [asked, closing] = await Promise.all([
      read({ ...open, reviewStatuses: [ACTION_REQUIRED] }, () => true),
      // One AWS asks action on is among the first list already.
      read(
        { ...open, closingBefore: dayAfter(now, windowDays + 1) },
        (o) => o.lifeCycle.reviewStatus !== ACTION_REQUIRED,
      ),
    ]);
    return {
      opportunities: [...asked.kept, ...closing.kept].slice(0, MOST_KEPT),
      total: asked.count + closing.count,
      actionRequired: asked.count,
    };
  } catch (error) {
    if (!(error instanceof PartnerCentralError)) throw error;
    return { opportunities: [], total: 0, actionRequired: 0, problem: error.userMessage };
  }
}
