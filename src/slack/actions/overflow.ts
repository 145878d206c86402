import type { ButtonAction } from "@slack/bolt";
import type { ActionClickArgs, ButtonClickArgs } from "../clicks.ts";
import type { ListenerDeps } from "../deps.ts";
import { ACTION, taggedValue } from "../ids.ts";
import { askApproverAction } from "./ask-approver.ts";
import { invitationDetailsAction } from "./details.ts";
import { rejectAction } from "./reject.ts";
import { unknownAction } from "./unknown.ts";
import { viewOpportunityAction } from "./view-opportunity.ts";

/**
 * An invitation's overflow menu: each option stands for a button (see menuValue), so choosing it is
 * handed to that button's listener as its click, which checks it against the message as for any button.
 */
export function invitationMenuAction(deps: ListenerDeps) {
  const handlers: Record<string, (args: ButtonClickArgs) => Promise<void>> = {
    [ACTION.reject]: rejectAction(deps),
    [ACTION.details]: invitationDetailsAction(deps),
    [ACTION.viewOpportunity]: viewOpportunityAction(deps),
    [ACTION.askApprover]: askApproverAction(deps),
    // The option opens the console in the browser; the action Slack sends too needs only acknowledging.
    [ACTION.openInPartnerCentral]: async ({ ack }) => {
      await ack();
    },
  };
  return async (args: ActionClickArgs): Promise<void> => {
    const { click, action } = args;
    const handler = action.type === "overflow" ? handlers[click.actionId] : undefined;
    if (action.type !== "overflow" || !handler) {
      await unknownAction(args);
      return;
    }
    const button: ButtonAction = {
      type: "button",
      action_id: click.actionId,
      block_id: action.block_id,
      action_ts: action.action_ts,
      // As the button's own value would be, message key included.
      value: click.memoryKey ? taggedValue(click.value, click.memoryKey) : click.value,
      text: { type: "plain_text", text: action.selected_option.text.text },
    };
    // The body stays the overflow's; the listeners read what was chosen from `action` and `click` alone.
    await handler({ ...args, action: button, payload: button } as unknown as ButtonClickArgs);
  };
}
