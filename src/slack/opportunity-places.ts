import type { WebClient } from "@slack/web-api";
import type { AppLogger } from "../logger.ts";
import type { ShowOpportunity } from "../opportunities/watch.ts";
import type { Store } from "../store/index.ts";
import { type Approvers, viewerFor } from "./approvers.ts";
import {
  drawnForApprover,
  OPPORTUNITY_ACTS,
  opportunityPlaceKey,
  renderOpportunityDetails,
} from "./blocks/opportunity.ts";
import { placesRedrawn } from "./decided-elsewhere.ts";

export interface OpportunityPlacesDeps {
  client: WebClient;
  store: Pick<Store, "messages" | "invitationMessages">;
  approvers: Pick<Approvers, "describe">;
  clock: () => Date;
  logger: Pick<AppLogger, "warn">;
}

/**
 * Shows an opportunity as just read wherever the app recorded its details (answers for 30 minutes, open
 * Details windows for an hour): each redrawn from its remembered copy, for the same reader, so an
 * approver's keeps its actions (with the new LastModifiedDate) and anyone else's the line saying who may act.
 */
export function showOpportunityInSlack(deps: OpportunityPlacesDeps): ShowOpportunity {
  const redrawn = placesRedrawn(deps);
  return async (details) => {
    const locations = await deps.store.invitationMessages.find(opportunityPlaceKey(details.opportunity));
    await redrawn.everywhere(
      locations,
      async (copy, place) => {
        const drawn = renderOpportunityDetails(
          details,
          deps.clock(),
          viewerFor(deps.approvers, drawnForApprover(copy.blocks), OPPORTUNITY_ACTS),
        );
        // A modal's copy keeps its title as its text.
        return { text: place.kind === "modal" ? copy.text : drawn.text, blocks: drawn.blocks };
      },
      (error) => {
        deps.logger.warn(
          { opportunity: details.opportunity.id, err: error },
          "could not show an opportunity where it is shown",
        );
      },
    );
  };
}
