import type { AppLogger } from "../logger.ts";
import { type Catalog, invitationKey } from "../partnercentral/model.ts";
import type { Decision, InvitationRef, OpportunityRef, PartnerCentralEvent } from "./model.ts";

/**
 * What following an opportunity's event found: changes posted; nothing the team should hear of; an older
 * answer than one seen; or an opportunity Partner Central does not know.
 */
export type OpportunityResult = "told" | "unchanged" | "stale" | "not-found";

/**
 * What announcing found: posted now; announced before (by polling, another replica, or because it was
 * decided first); no channel gets alerts; unknown to Partner Central; no longer pending when looked up; or
 * not received by us (an opportunity we submit to AWS raises "Engagement Invitation Created" too).
 */
export type AnnounceResult =
  | "announced"
  | "already-announced"
  | "no-channel"
  | "not-found"
  | "not-pending"
  | "not-received";

/** What the app does about an event; every method must be safe to repeat, since SQS may redeliver. */
export interface EventPorts {
  /**
   * Looks the invitation up and, when it is pending and we received it, posts the same alert polling
   * would, through the same announced-once record, so whichever path sees it first announces it.
   */
  announce(invitation: InvitationRef): Promise<AnnounceResult>;
  /** Records the invitation as never to be announced as pending (it joins the announced-once record). */
  recordDecided(invitation: InvitationRef): Promise<void>;
  /** Shows the decision on every Slack message remembered for the invitation. */
  markDecided(invitation: InvitationRef, decision: Decision): Promise<void>;
  /**
   * Reads the opportunity again and tells what changed since the app last saw it, once across deliveries
   * and processes; `created`: it is new (an accept task may have just made it).
   */
  opportunityChanged(opportunity: OpportunityRef, created: boolean): Promise<OpportunityResult>;
  /** Records the event as handled; true for the first process to record it. */
  claimEvent(eventId: string): Promise<boolean>;
}

export type EventLogger = Pick<AppLogger, "debug" | "info" | "warn">;

export interface EventHandlerDeps {
  ports: EventPorts;
  /** The catalog the app works in; events of the other one are ignored, as polling ignores it. */
  catalog: Catalog;
  logger: EventLogger;
}

export type HandleOutcome = "announced" | "not-announced" | "decided" | "opportunity" | "ignored" | "dropped";

export interface HandleResult {
  outcome: HandleOutcome;
  /** Another delivery of the same event was handled before (its effects were harmless repeats). */
  repeated: boolean;
}

/**
 * Acts on one event. A port failure rejects, so the message stays on the queue and comes back; the event
 * is recorded as handled only once everything succeeded.
 */
export function createEventHandler(
  deps: EventHandlerDeps,
): (event: PartnerCentralEvent) => Promise<HandleResult> {
  const { ports, logger } = deps;
  return async (event) => {
    if (event.kind === "malformed") {
      logger.warn(
        { eventId: event.eventId, reason: event.reason },
        "dropped a malformed Partner Central event",
      );
      return { outcome: "dropped", repeated: false };
    }
    const context: Record<string, unknown> = { eventId: event.eventId, detailType: event.detailType };
    if (event.kind === "ignored") {
      logger.debug({ ...context, reason: event.reason }, "ignored a Partner Central event");
      return { outcome: "ignored", repeated: false };
    }
    const about = event.kind === "opportunity" ? event.opportunity : event.invitation;
    if (event.kind === "opportunity") context.opportunity = event.opportunity.id;
    else context.invitation = invitationKey(event.invitation);
    if (about.catalog !== deps.catalog) {
      logger.debug(
        { ...context, reason: `not in the ${deps.catalog} catalog` },
        "ignored a Partner Central event",
      );
      return { outcome: "ignored", repeated: false };
    }

    let outcome: HandleOutcome;
    if (event.kind === "opportunity") {
      const result = await ports.opportunityChanged(event.opportunity, event.created);
      outcome = "opportunity";
      if (result === "not-found") {
        logger.warn(context, "Partner Central does not know the opportunity of this event; dropped it");
      } else {
        logger.info({ ...context, result }, "opportunity event");
      }
    } else if (event.kind === "created") {
      if (event.role === "SENDER") {
        logger.debug({ ...context, reason: "sent by us" }, "ignored a Partner Central event");
        return { outcome: "ignored", repeated: false };
      }
      const result = await ports.announce(event.invitation);
      outcome = result === "announced" ? "announced" : "not-announced";
      if (result === "not-found") {
        logger.warn(context, "Partner Central does not know the invitation of this event; dropped it");
      } else {
        logger.info({ ...context, result }, "new invitation from a Partner Central event");
      }
    } else {
      // Recorded before the messages change, so a "created" arriving meanwhile cannot announce it as pending.
      await ports.recordDecided(event.invitation);
      const decision: Decision = {
        status: event.status,
        ...(event.actor ? { actor: event.actor } : {}),
        at: event.time,
      };
      await ports.markDecided(event.invitation, decision);
      outcome = "decided";
      logger.info({ ...context, status: event.status }, "invitation decided in Partner Central");
    }

    const repeated = !(await ports.claimEvent(event.eventId));
    if (repeated) logger.info(context, "this Partner Central event had been handled before");
    return { outcome, repeated };
  };
}
