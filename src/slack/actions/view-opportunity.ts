import { viewerFor } from "../approvers.ts";
import { OPPORTUNITY_ACTS, renderOpportunityDetails } from "../blocks/opportunity.ts";
import { parseOpportunityRef } from "../ids.ts";
import { detailsModal } from "./details.ts";

/**
 * View opportunity, open to everyone: the opportunity and AWS's side of it, in a modal; approvers can act
 * on it there, anyone else is told who can.
 */
export const viewOpportunityAction = detailsModal("Opportunity", async (deps, value, mayAct) => {
  const ref = parseOpportunityRef(value);
  if (!ref) return undefined;
  const [details, viewer] = await Promise.all([
    deps.partnerCentral.opportunities.details(ref.catalog, ref.id),
    mayAct().then((may) => viewerFor(deps.approvers, may, OPPORTUNITY_ACTS)),
  ]);
  return renderOpportunityDetails(details, deps.clock(), viewer);
});
