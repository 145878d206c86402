import { type AlertPoster, type AlertWatcher, lookUpLive } from "../alerts/watcher.ts";
import { decidedInTheApp } from "../decisions/record.ts";
import type { Decisions } from "../decisions/service.ts";
import type { HomeService } from "../home/service.ts";
import type { OpportunityWatch } from "../opportunities/watch.ts";
import { PartnerCentralError } from "../partnercentral/errors.ts";
import type { PartnerCentral } from "../partnercentral/index.ts";
import { invitationKey } from "../partnercentral/model.ts";
import type { Store } from "../store/index.ts";
import type { AnnounceResult, EventLogger, EventPorts, OpportunityResult } from "./handler.ts";
import type { Decision, InvitationRef } from "./model.ts";

/** SQS keeps a message at most 14 days, so no delivery of an event comes after its claim has gone. */
export const EVENT_CLAIM_TTL_SECONDS = 14 * 86_400;

/**
 * Shows a decision at one place Slack shows the invitation: one of the opaque locations the Slack side
 * recorded in `store.invitationMessages`. Rejects when that place could not be updated.
 */
export type ShowDecision = (location: string, invitation: InvitationRef, decision: Decision) => Promise<void>;

export interface EventPortsDeps {
  partnerCentral: {
    engagements: Pick<PartnerCentral["engagements"], "get">;
    connections: Pick<PartnerCentral["connections"], "getInvitation">;
  };
  store: Pick<Store, "announced" | "claimOnce" | "invitationMessages" | "decisions">;
  /** Polling's own channels and announced-once record, so whichever path sees an invitation first posts it. */
  alerts: Pick<AlertWatcher, "channels" | "announce">;
  /** The poster polling uses, so an event's alert is the same message, through the same outbox. */
  post: AlertPoster;
  home: Pick<HomeService, "markDecided" | "changed">;
  showDecision: ShowDecision;
  /** Follows opportunities: reads one again, tells what changed, shows it where it is shown. */
  opportunities: Pick<OpportunityWatch, "seen">;
  /** An accept still running whose opportunity was just created is settled at once. */
  decisions: Pick<Decisions, "settleFromOpportunity">;
  logger: EventLogger;
}

/** What the app does about Partner Central's events, with one Get call per new invitation at most. */
export function createEventPorts(deps: EventPortsDeps): EventPorts {
  const { store, alerts, logger } = deps;
  return {
    async announce(ref): Promise<AnnounceResult> {
      const [known, channels] = await Promise.all([
        store.announced.known([invitationKey(ref)]),
        alerts.channels(),
      ]);
      if (known.length > 0) return "already-announced";
      // Every Home counts what waits, whether or not a channel announces it: they look again.
      deps.home.changed();
      if (channels.length === 0) return "no-channel";
      const looked = await lookUpLive(deps.partnerCentral, ref);
      if (!looked.live) return looked.why;
      const announced = await alerts.announce(channels, [looked.invitation], deps.post);
      return announced.length > 0 ? "announced" : "already-announced";
    },

    async recordDecided(ref) {
      await store.announced.mark([invitationKey(ref)]);
    },

    async markDecided(ref, decision) {
      const key = invitationKey(ref);
      // The app made this decision or is making it, and shows its own outcome (who, when, the opportunity)
      // wherever the invitation is: the event changes nothing.
      if (decidedInTheApp(await store.decisions.get(key), decision.status)) {
        logger.debug({ invitation: key }, "Partner Central reported a decision made in the app");
        return;
      }
      await deps.home.markDecided(key);
      const locations = await store.invitationMessages.find(key);
      // Each place on its own: a message deleted in Slack must not keep the others from changing, and
      // redelivering the event would fail on it again.
      await Promise.all(
        locations.map((location) =>
          deps.showDecision(location, ref, decision).catch((error: unknown) => {
            logger.warn(
              { invitation: key, err: error },
              "could not show a decision made in Partner Central in Slack",
            );
          }),
        ),
      );
    },

    async opportunityChanged(ref, created): Promise<OpportunityResult> {
      if (created) await deps.decisions.settleFromOpportunity(ref.catalog, ref.id);
      try {
        const observation = await deps.opportunities.seen(ref);
        if (observation.stale) return "stale";
        return observation.changes.length > 0 ? "told" : "unchanged";
      } catch (error) {
        if (error instanceof PartnerCentralError && error.code === "NotFound") return "not-found";
        throw error;
      }
    },

    claimEvent: (eventId) => store.claimOnce(`event:${eventId}`, EVENT_CLAIM_TTL_SECONDS),
  };
}
