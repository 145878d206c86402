import { type Catalog, defined } from "../partnercentral/model.ts";
import type { OpportunityDetails } from "../partnercentral/opportunity-model.ts";

/**
 * What the app keeps of an opportunity: to tell, next time it sees it, what changed that matters to the
 * team (the review: status, the reviewers' comments and their reason; the stage; AWS's stage and next
 * steps), and to show it without asking AWS again (its title and customer, target close date, our next
 * steps and who is on it, for its posts and the App Home).
 */
export interface OpportunityState {
  id: string;
  catalog: Catalog;
  /** AWS's LastModifiedDate of the opportunity (ISO 8601): an older one is an answer overtaken. */
  lastModifiedAt?: string;
  title?: string;
  customer?: string;
  stage?: string;
  reviewStatus?: string;
  reviewComments?: string;
  reviewStatusReason?: string;
  targetCloseDate?: string;
  nextSteps?: string;
  /** The e-mail addresses of our people on it, lower case. */
  team: string[];
  /**
   * AWS's side: null when AWS has none, absent when it could not be read this time (its changes are then
   * not judged, and what was known of it is kept).
   */
  aws?: { stage?: string; nextSteps?: string; involvementType?: string } | null;
  /**
   * Where the opportunity came from, once known: the invitation whose acceptance made it and the messages
   * that announced that invitation (channel and ts), whose threads hear of its changes. Absent while unknown.
   */
  origin?: OpportunityOrigin;
}

export interface OpportunityOrigin {
  invitationKey?: string;
  threads: Array<{ channelId: string; ts: string }>;
}

/** The state of what Partner Central answered for an opportunity and AWS's side of it. */
export function stateOf(details: OpportunityDetails): OpportunityState {
  const { opportunity, aws } = details;
  const life = opportunity.lifeCycle;
  return defined({
    id: opportunity.id,
    catalog: opportunity.catalog,
    lastModifiedAt: opportunity.lastModifiedAt?.toISOString(),
    title: opportunity.project.title,
    customer: opportunity.customer?.companyName,
    stage: life.stage,
    reviewStatus: life.reviewStatus,
    reviewComments: life.reviewComments,
    reviewStatusReason: life.reviewStatusReason,
    targetCloseDate: life.targetCloseDate,
    nextSteps: life.nextSteps,
    team: opportunity.team.flatMap((person) => (person.email ? [person.email.toLowerCase()] : [])),
    aws:
      details.awsError !== undefined
        ? undefined
        : aws
          ? defined({
              stage: aws.lifeCycle.stage,
              nextSteps: aws.lifeCycle.nextSteps,
              involvementType: aws.involvementType,
            })
          : null,
  });
}

/** A state as the store keeps it. */
export function serialiseState(state: OpportunityState): string {
  return JSON.stringify(state);
}

/** A state the store kept; undefined for one it cannot read, which then counts as never seen. */
export function parseState(text: string): OpportunityState | undefined {
  try {
    const value = JSON.parse(text) as Partial<OpportunityState> | null;
    return value && typeof value.id === "string" && Array.isArray(value.team)
      ? (value as OpportunityState)
      : undefined;
  } catch {
    return undefined;
  }
}
