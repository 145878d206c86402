import { rejectModal, rejectSubject } from "../blocks/modals.ts";
import type { ActionClickArgs } from "../clicks.ts";
import type { ListenerDeps } from "../deps.ts";
import { type InvitationRef, invitationRefValue, parseInvitationRef } from "../ids.ts";
import { checkDecisionClick } from "./decide.ts";
import type { MessageTarget } from "./target.ts";

/** What the reject modal needs to finish the job once submitted; kept server-side under a short key. */
export interface RejectStash {
  ref: InvitationRef;
  target: MessageTarget;
}

const STASH_TTL_SECONDS = 3600;

/**
 * The stash saved under a reject form's private_metadata; undefined when the key names another kind of
 * record in the same store (its keys show in button values, so a forged form may carry one).
 */
export function parseRejectStash(saved: string): RejectStash | undefined {
  const stash = JSON.parse(saved) as Partial<RejectStash> | null;
  const ref = parseInvitationRef(stash?.ref ? invitationRefValue(stash.ref) : undefined);
  return ref && Array.isArray(stash?.target?.blocks) ? { ref, target: stash.target } : undefined;
}

/** Reject…: approvers get a modal asking for the reason; the decision happens on submit. */
export function rejectAction(deps: ListenerDeps) {
  return async (args: ActionClickArgs): Promise<void> => {
    await args.ack();
    const checked = await checkDecisionClick(deps, args, "reject");
    if (!checked) return;
    const stash: RejectStash = checked;
    const metadata = await deps.store.messages.remember(
      "reject-form",
      JSON.stringify(stash),
      STASH_TTL_SECONDS,
    );
    const request = {
      trigger_id: args.body.trigger_id,
      view: rejectModal({
        kind: checked.ref.kind,
        subject: rejectSubject(checked.target.blocks, checked.ref),
        metadata,
      }),
    };
    // From Details the form goes on top of it, which shows the outcome once the form is submitted.
    if (checked.target.kind === "modal") await args.client.views.push(request);
    else await args.client.views.open(request);
  };
}
