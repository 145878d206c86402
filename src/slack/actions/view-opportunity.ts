import { renderOpportunityDetails } from "../blocks/opportunity.ts";
import { parseOpportunityRef } from "../ids.ts";
import { detailsModal } from "./details.ts";

/** View opportunity, open to everyone: the opportunity and AWS's side of it, in a modal. */
export const viewOpportunityAction = detailsModal("Opportunity", async (deps, value) => {
  const ref = parseOpportunityRef(value);
  return ref
    ? renderOpportunityDetails(
        await deps.partnerCentral.opportunities.details(ref.catalog, ref.id),
        deps.clock(),
      )
    : undefined;
});
