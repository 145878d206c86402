import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  BlockOverflowAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import type { ListenerDeps } from "../deps.ts";
import { ACTION, parseMenuValue } from "../ids.ts";
import { invitationDetailsAction } from "./details.ts";
import { rejectAction } from "./reject.ts";
import { unknownAction } from "./unknown.ts";
import { viewOpportunityAction } from "./view-opportunity.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * An invitation's overflow menu: each option stands for a button (see menuValue), so choosing it is
 * handed to that button's listener as its click, which checks it against the message as for any button.
 */
export function invitationMenuAction(deps: ListenerDeps) {
  const handlers: Record<string, (args: ButtonArgs) => Promise<void>> = {
    [ACTION.reject]: rejectAction(deps),
    [ACTION.details]: invitationDetailsAction(deps),
    [ACTION.viewOpportunity]: viewOpportunityAction(deps),
    // The option opens the console in the browser; the action Slack sends too needs only acknowledging.
    [ACTION.openInPartnerCentral]: async ({ ack }) => {
      await ack();
    },
  };
  return async (args: SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs): Promise<void> => {
    const chosen = parseMenuValue(args.action.selected_option?.value);
    const handler = chosen ? handlers[chosen.actionId] : undefined;
    if (!chosen || !handler) {
      await unknownAction(args);
      return;
    }
    const button: ButtonAction = {
      type: "button",
      action_id: chosen.actionId,
      block_id: args.action.block_id,
      action_ts: args.action.action_ts,
      value: chosen.value,
      text: { type: "plain_text", text: args.action.selected_option.text.text },
    };
    // The body stays the overflow's; the listeners read what was chosen from `action` alone.
    await handler({ ...args, action: button, payload: button } as unknown as ButtonArgs);
  };
}
