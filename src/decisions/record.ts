import type { InvitationStatus } from "../partnercentral/model.ts";
import type { ActionKind, ActionRecord } from "../store/index.ts";

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
 * Whether the app made the decision Partner Central reports as `status`, or is making it: then the app
 * shows its own outcome (who, when, the opportunity) wherever the invitation is, and the report changes
 * nothing. Only a decision the app did not make is one made in Partner Central.
 */
export function decidedInTheApp(record: ActionRecord | undefined, status: InvitationStatus): boolean {
  if (record?.status === "succeeded") return true;
  return record?.status === "pending" && STATUS_AFTER[record.action] === status;
}
