import { defined } from "../partnercentral/model.ts";
import { NEEDS_THE_TEAM } from "../partnercentral/opportunity-model.ts";
import type { OpportunityState } from "./state.ts";

/**
 * A change the team should hear of, from what the app saw last to what it sees now. Text is as AWS wrote
 * it; `from` is absent when there was nothing before, `to` when nothing is left.
 */
export type OpportunityChange =
  /** AWS's review moved on: Action Required, Rejected, Approved, …, with the reviewers' comments. */
  | { kind: "reviewStatus"; from?: string; to?: string; comments?: string; reason?: string }
  /** The reviewers wrote again without a new status (it stays Action Required, say). */
  | { kind: "reviewComments"; reviewStatus?: string; from?: string; to?: string; reason?: string }
  | { kind: "stage"; from?: string; to?: string }
  /** AWS's own next steps (GetAwsOpportunitySummary), which change without the opportunity's date. */
  | { kind: "awsNextSteps"; from?: string; to?: string };

export interface Comparison {
  /** The answer is older than what was seen before: it changes nothing and is not kept. */
  stale: boolean;
  changes: OpportunityChange[];
}

const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
const differ = (a: string | undefined, b: string | undefined) => text(a) !== text(b);

/**
 * What changed that matters between the state the app saw last (`previous`; undefined when it never saw
 * the opportunity) and the one it sees now. Pure.
 *
 * - An answer whose LastModifiedDate is older than the one seen is stale: another look overtook it.
 * - Seen for the first time, only a review status that asks the team to act (Action Required, Rejected)
 *   is told; everything else is what it was when the app started following it.
 * - AWS's side is judged only when it was read both times: failing to read it is no change.
 */
export function detectChanges(previous: OpportunityState | undefined, current: OpportunityState): Comparison {
  if (!previous) {
    const status = text(current.reviewStatus);
    return {
      stale: false,
      changes:
        status && NEEDS_THE_TEAM.has(status)
          ? [
              defined({
                kind: "reviewStatus" as const,
                to: status,
                comments: text(current.reviewComments),
                reason: text(current.reviewStatusReason),
              }),
            ]
          : [],
    };
  }
  if (previous.lastModifiedAt && current.lastModifiedAt && current.lastModifiedAt < previous.lastModifiedAt) {
    return { stale: true, changes: [] };
  }
  const changes: OpportunityChange[] = [];
  if (differ(previous.reviewStatus, current.reviewStatus)) {
    changes.push(
      defined({
        kind: "reviewStatus" as const,
        from: text(previous.reviewStatus),
        to: text(current.reviewStatus),
        comments: text(current.reviewComments),
        reason: text(current.reviewStatusReason),
      }),
    );
  } else if (differ(previous.reviewComments, current.reviewComments) && text(current.reviewComments)) {
    changes.push(
      defined({
        kind: "reviewComments" as const,
        reviewStatus: text(current.reviewStatus),
        from: text(previous.reviewComments),
        to: text(current.reviewComments),
        reason: text(current.reviewStatusReason),
      }),
    );
  }
  if (differ(previous.stage, current.stage)) {
    changes.push(defined({ kind: "stage" as const, from: text(previous.stage), to: text(current.stage) }));
  }
  if (previous.aws !== undefined && current.aws !== undefined) {
    const from = text(previous.aws?.nextSteps);
    const to = text(current.aws?.nextSteps);
    if (to && from !== to) changes.push(defined({ kind: "awsNextSteps" as const, from, to }));
  }
  return { stale: false, changes };
}
