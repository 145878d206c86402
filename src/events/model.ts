/** Partner Central's own events as the app understands them: no SQS, EventBridge or Slack types. */
import type { Catalog, InvitationKind, InvitationStatus, ParticipantRole } from "../partnercentral/model.ts";

/** The invitation an event is about. */
export interface InvitationRef {
  kind: InvitationKind;
  id: string;
  catalog: Catalog;
}

/** The opportunity an event is about. */
export interface OpportunityRef {
  id: string;
  catalog: Catalog;
}

export type DecidedStatus = Exclude<InvitationStatus, "PENDING">;

/**
 * Who decided, as far as the event tells: its receiver for an acceptance or rejection (only the receiver
 * may), its sender for a cancellation. Events name accounts or partner profiles, never people.
 */
export interface EventActor {
  accountId?: string;
  profileId?: string;
}

export interface Decision {
  status: DecidedStatus;
  actor?: EventActor;
  at: Date;
}

interface Described {
  /** The EventBridge event id, the same on every delivery of one event. */
  eventId: string;
  detailType: string;
  time: Date;
}

/** One EventBridge event, normalised. */
export type PartnerCentralEvent =
  | (Described & {
      kind: "created";
      invitation: InvitationRef;
      /** Our side of the invitation, when the event says it. */
      role?: ParticipantRole;
    })
  | (Described & { kind: "decided"; invitation: InvitationRef; status: DecidedStatus; actor?: EventActor })
  /** An opportunity of ours was created or changed (AWS's side of it too): the event names it, nothing more. */
  | (Described & { kind: "opportunity"; opportunity: OpportunityRef; created: boolean })
  /** A well-formed event that changes nothing the app shows. */
  | (Described & { kind: "ignored"; reason: string })
  /** Never becomes valid, however often it is delivered. */
  | { kind: "malformed"; eventId?: string; reason: string };
