import type { Catalog } from "../partnercentral/model.ts";
import { CATALOGS } from "../partnercentral/model.ts";
import { NEEDS_THE_TEAM } from "../partnercentral/opportunity-model.ts";
import type { OpportunityChange } from "./changes.ts";
import type { OpportunityState } from "./state.ts";

/**
 * What the app posts about an opportunity that changed, as the outbox keeps it: which opportunity, as
 * named when the change was found, and what changed from what to what.
 */
export interface OpportunityPost {
  catalog: Catalog;
  id: string;
  title?: string;
  customer?: string;
  changes: OpportunityChange[];
  /** The first time the app saw it (it was already waiting on the team). */
  firstSighting: boolean;
}

export function opportunityPost(
  state: OpportunityState,
  changes: OpportunityChange[],
  firstSighting: boolean,
): OpportunityPost {
  return {
    catalog: state.catalog,
    id: state.id,
    ...(state.title ? { title: state.title } : {}),
    ...(state.customer ? { customer: state.customer } : {}),
    changes,
    firstSighting,
  };
}

const KINDS: ReadonlySet<string> = new Set(["reviewStatus", "reviewComments", "stage", "awsNextSteps"]);

/** A post the outbox kept; undefined for one this version cannot read (it is dropped, not posted). */
export function parseOpportunityPost(payload: string): OpportunityPost | undefined {
  try {
    const value = JSON.parse(payload) as Partial<OpportunityPost> | null;
    const changes = Array.isArray(value?.changes) ? value.changes : [];
    if (
      !value ||
      typeof value.id !== "string" ||
      !CATALOGS.includes(value.catalog as Catalog) ||
      changes.length === 0 ||
      !changes.every((c) => KINDS.has(String((c as { kind?: unknown })?.kind)))
    ) {
      return undefined;
    }
    return { ...(value as OpportunityPost), firstSighting: value.firstSighting === true };
  } catch {
    return undefined;
  }
}

/** Whether a post asks the team to act (AWS wants changes, or said no): it is then also shown in the channel. */
export function asksTheTeam(post: OpportunityPost): boolean {
  return post.changes.some(
    (c) => c.kind === "reviewStatus" && c.to !== undefined && NEEDS_THE_TEAM.has(c.to),
  );
}
