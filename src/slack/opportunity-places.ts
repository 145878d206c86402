import { WebAPIPlatformError, type WebClient } from "@slack/web-api";
import type { AppLogger } from "../logger.ts";
import type { ShowOpportunity } from "../opportunities/watch.ts";
import type { Store } from "../store/index.ts";
import type { Approvers } from "./approvers.ts";
import {
  drawnForApprover,
  OPPORTUNITY_ACTS,
  opportunityPlaceKey,
  renderOpportunityDetails,
} from "./blocks/opportunity.ts";
import { redrawPlace } from "./decided-elsewhere.ts";
import { placeOf } from "./invitation-places.ts";
import { updateRemembered } from "./message-memory.ts";

/** Slack's answers for a place that is no longer there to redraw. */
const GONE: ReadonlySet<string> = new Set([
  "not_found",
  "view_not_found",
  "message_not_found",
  "expired_trigger_id",
]);

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
  return async (details) => {
    const locations = await deps.store.invitationMessages.find(opportunityPlaceKey(details.opportunity));
    const viewer = (mayAct: boolean) => ({
      mayAct,
      approversText: deps.approvers.describe(OPPORTUNITY_ACTS.verb, OPPORTUNITY_ACTS.what),
    });
    await Promise.all(
      locations.map(async (location) => {
        const place = placeOf(location);
        if (!place) return;
        try {
          await updateRemembered(
            deps.store,
            place.memoryKey,
            async (copy) => {
              const drawn = renderOpportunityDetails(
                details,
                deps.clock(),
                viewer(drawnForApprover(copy.blocks)),
              );
              // A modal's copy keeps its title as its text.
              return { text: place.kind === "modal" ? copy.text : drawn.text, blocks: drawn.blocks };
            },
            (message) => redrawPlace(deps.client, place, message),
          );
        } catch (error) {
          // A window closed since, or an answer Slack no longer takes: nothing left to show it in.
          if (error instanceof WebAPIPlatformError && GONE.has(error.data.error)) return;
          deps.logger.warn(
            { opportunity: details.opportunity.id, err: error },
            "could not show an opportunity where it is shown",
          );
        }
      }),
    );
  };
}
