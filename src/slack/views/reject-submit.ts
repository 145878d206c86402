import { decideAndShow } from "../actions/decide.ts";
import { parseRejectStash } from "../actions/reject.ts";
import { REJECT_FIELDS, validateRejection } from "../blocks/modals.ts";
import type { ListenerDeps } from "../deps.ts";
import { MEMORY_KEY } from "../ids.ts";
import type { ViewSubmitArgs } from "../listener-args.ts";

/** The reject modal's submit: inline errors for bad input, otherwise one rejection shown in place. */
export function rejectSubmission(deps: ListenerDeps) {
  return async ({ ack, view, body, client }: ViewSubmitArgs): Promise<void> => {
    const saved = MEMORY_KEY.test(view.private_metadata)
      ? await deps.store.messages.recall(view.private_metadata, "reject-form")
      : undefined;
    const stash = saved ? parseRejectStash(saved.value) : undefined;
    const firstInput = REJECT_FIELDS.text.block;
    if (!stash) {
      await ack({
        response_action: "errors",
        errors: { [firstInput]: "This form has expired. Close it and press Reject again." },
      });
      return;
    }
    const { ref, target } = stash;
    const values = view.state.values;
    const choice = values[REJECT_FIELDS.choice.block]?.[REJECT_FIELDS.choice.action]?.selected_option?.value;
    const text = values[REJECT_FIELDS.text.block]?.[REJECT_FIELDS.text.action]?.value ?? undefined;
    const checked = validateRejection(ref.kind, choice, text);
    if ("errors" in checked) {
      await ack({ response_action: "errors", errors: checked.errors });
      return;
    }
    if (!(await deps.approvers.canAct(body.user.id, client))) {
      await ack({ response_action: "errors", errors: { [firstInput]: deps.approvers.refusal("reject") } });
      return;
    }
    await ack();
    await decideAndShow(deps, client, target, {
      kind: ref.kind,
      catalog: ref.catalog,
      invitationId: ref.id,
      action: "reject",
      userId: body.user.id,
      ...(checked.reason ? { reason: checked.reason } : {}),
    });
  };
}
