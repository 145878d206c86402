import type { InvitationStatus } from "../partnercentral/model.ts";
import type { ActionKind, ActionRecord, Store } from "../store/index.ts";

/** The status an invitation has once the action succeeded. */
export const STATUS_AFTER: Record<ActionKind, InvitationStatus> = {
  accept: "ACCEPTED",
  reject: "REJECTED",
  cancel: "CANCELED",
};

/** An accept whose task Partner Central is still running: the app follows it to its end. */
export function isRunning(record: ActionRecord): boolean {
  return record.status === "pending" && record.taskId !== undefined;
}

/**
 * Whether the app's decision shows wherever the invitation is: made, found made already in Partner
 * Central, or being carried out there (an accept task running). One under way or failed leaves the
 * invitation open to a decision.
 */
export function showsAsDecided(record: ActionRecord): boolean {
  return record.status === "succeeded" || record.status === "conflict" || isRunning(record);
}

/** The decisions recorded for these invitation keys, by key; a key with none is left out. */
export async function decisionsFor(
  store: Pick<Store, "decisions">,
  keys: readonly string[],
): Promise<Map<string, ActionRecord>> {
  const records = await Promise.all(keys.map((key) => store.decisions.get(key)));
  return new Map(records.flatMap((r) => (r ? [[r.key, r] as const] : [])));
}

/**
 * Whether the app made the decision Partner Central reports as `status`, or is making it: then the app
 * shows its own outcome (who, when, the opportunity) wherever the invitation is, and the report changes
 * nothing. Only a decision the app did not make is one made in Partner Central.
 */
export function decidedInTheApp(record: ActionRecord | undefined, status: InvitationStatus): boolean {
  if (record?.status === "succeeded") return true;
  return record?.status === "pending" && STATUS_AFTER[record.action] === status;
}
