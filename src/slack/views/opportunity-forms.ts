import type { ActionResult } from "../../opportunities/actions.ts";
import { PartnerCentralError } from "../../partnercentral/errors.ts";
import { OPPORTUNITY_ACTS } from "../blocks/opportunity.ts";
import {
  ASSIGNEE_FIELD,
  actionOutcomeText,
  formOutcomeModal,
  NEXT_STEPS_FIELD,
  type OpportunityForm,
  parseFormMetadata,
} from "../blocks/opportunity-forms.ts";
import type { ListenerDeps } from "../deps.ts";
import type { ViewSubmitArgs } from "../listener-args.ts";
import { assigneeOf } from "../user-profile.ts";

/** Something failed on the app's side, perhaps after Partner Central made the change. */
const UNKNOWN_OUTCOME =
  ":x: Something went wrong on our side, so whether Partner Central made the change is not known. Open the opportunity again to see where it stands before trying again.";

const EXPIRED = "This form no longer names an opportunity. Close it and open the opportunity again.";

/**
 * The checked form is answered in its own window: "under way" at once (Slack waits 3 seconds), then
 * what became of it, once Partner Central answered.
 */
async function actInWindow(
  args: ViewSubmitArgs,
  title: string,
  act: () => Promise<ActionResult>,
): Promise<void> {
  const { ack, view, client, body } = args;
  await ack({
    response_action: "update",
    view: formOutcomeModal(title, ":hourglass_flowing_sand: Asking Partner Central…"),
  });
  let text: string;
  try {
    text = actionOutcomeText(await act(), body.user.id);
  } catch (error) {
    if (!(error instanceof PartnerCentralError)) {
      // The window says so rather than waiting for good; the error handler is told of this error, not
      // of Slack refusing to show it.
      await client.views
        .update({ view_id: view.id, view: formOutcomeModal(title, UNKNOWN_OUTCOME) })
        .catch(() => undefined);
      throw error;
    }
    text = `:warning: ${error.userMessage}`;
  }
  await client.views.update({ view_id: view.id, view: formOutcomeModal(title, text) });
}

/** The form names an opportunity, and its submitter may act; else the form says why, inline. */
async function checkForm(
  deps: ListenerDeps,
  args: ViewSubmitArgs,
  field: string,
): Promise<OpportunityForm | undefined> {
  const form = parseFormMetadata(args.view.private_metadata);
  if (!form) {
    await args.ack({ response_action: "errors", errors: { [field]: EXPIRED } });
    return undefined;
  }
  if (!(await deps.approvers.canAct(args.body.user.id, args.client))) {
    await args.ack({
      response_action: "errors",
      errors: { [field]: deps.approvers.refusal(OPPORTUNITY_ACTS.verb, OPPORTUNITY_ACTS.what) },
    });
    return undefined;
  }
  return form;
}

/** Update next steps: only a change is sent, with the LastModifiedDate read when the form opened. */
export function nextStepsSubmission(deps: ListenerDeps) {
  return async (args: ViewSubmitArgs): Promise<void> => {
    const field = NEXT_STEPS_FIELD.block;
    const entered = (args.view.state.values[field]?.[NEXT_STEPS_FIELD.action]?.value ?? "").trim();
    const error = !entered
      ? "Write the next steps; Partner Central keeps the earlier ones in their history."
      : undefined;
    if (error) {
      await args.ack({ response_action: "errors", errors: { [field]: error } });
      return;
    }
    const form = await checkForm(deps, args, field);
    if (!form) return;
    if (entered === (form.nextSteps ?? "").trim()) {
      await args.ack({
        response_action: "errors",
        errors: { [field]: "That is what they say already: change them, or cancel." },
      });
      return;
    }
    if (form.seenModifiedAt === undefined) {
      await args.ack({ response_action: "errors", errors: { [field]: EXPIRED } });
      return;
    }
    const seen = { catalog: form.catalog, id: form.id, seenModifiedAt: new Date(form.seenModifiedAt) };
    await actInWindow(args, "Next steps", () =>
      deps.opportunityActions.updateNextSteps(seen, args.body.user.id, entered, form.title),
    );
  };
}

/** Assign…: the person picked, as their Slack profile names them, becomes the owner. */
export function assignSubmission(deps: ListenerDeps) {
  return async (args: ViewSubmitArgs): Promise<void> => {
    const field = ASSIGNEE_FIELD.block;
    const picked = args.view.state.values[field]?.[ASSIGNEE_FIELD.action]?.selected_user ?? undefined;
    if (!picked) {
      await args.ack({ response_action: "errors", errors: { [field]: "Choose who should own it." } });
      return;
    }
    const form = await checkForm(deps, args, field);
    if (!form) return;
    const who = await assigneeOf(args.client, picked);
    if ("problem" in who) {
      await args.ack({ response_action: "errors", errors: { [field]: `${who.problem}.` } });
      return;
    }
    const seen = {
      catalog: form.catalog,
      id: form.id,
      ...(form.seenModifiedAt ? { seenModifiedAt: new Date(form.seenModifiedAt) } : {}),
    };
    await actInWindow(args, "Assign opportunity", () =>
      deps.opportunityActions.assign(seen, args.body.user.id, who.assignee),
    );
  };
}
