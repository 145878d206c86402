import { dayAfter } from "../opportunities/list.ts";
import { PartnerCentralError } from "../partnercentral/errors.ts";
import type { Catalog } from "../partnercentral/model.ts";
import type { Opportunities } from "../partnercentral/opportunities.ts";
import {
  ACTION_REQUIRED,
  OPEN_STAGES,
  type OpportunitySummary,
} from "../partnercentral/opportunity-model.ts";
import { allItems } from "../partnercentral/pages.ts";

/** The opportunities a digest lists after the invitations, or why they could not be listed. */
export interface OpportunitiesNeedingAction {
  /** Action Required first, then those whose target close date passed or falls within the window, each closing soonest first. */
  opportunities: OpportunitySummary[];
  /** Why Partner Central could not list them: said in their place, the invitations are posted anyway. */
  problem?: string;
}

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
  try {
    const [asked, closing] = await Promise.all([
      allItems(opportunities.pages({ ...open, reviewStatuses: [ACTION_REQUIRED] })),
      allItems(opportunities.pages({ ...open, closingBefore: dayAfter(now, windowDays + 1) })),
    ]);
    const first = new Set(asked.map((o) => o.id));
    return { opportunities: [...asked, ...closing.filter((o) => !first.has(o.id))] };
  } catch (error) {
    if (!(error instanceof PartnerCentralError)) throw error;
    return { opportunities: [], problem: error.userMessage };
  }
}
