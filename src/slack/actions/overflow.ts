import type { ActionClickArgs } from "../clicks.ts";
import type { ListenerDeps } from "../deps.ts";
import { ACTION } from "../ids.ts";
import { askApproverAction } from "./ask-approver.ts";
import { invitationDetailsAction } from "./details.ts";
import { openLinkAction } from "./open-link.ts";
import { rejectAction } from "./reject.ts";
import { unknownAction } from "./unknown.ts";
import { viewOpportunityAction } from "./view-opportunity.ts";

/**
 * An invitation's overflow menu: each option stands for a button (see menuValue), so choosing it is
 * handed to that button's listener as its click, which checks it against the message as for any button.
 */
export function invitationMenuAction(deps: ListenerDeps) {
  const handlers: Record<string, (args: ActionClickArgs) => Promise<void>> = {
    [ACTION.reject]: rejectAction(deps),
    [ACTION.details]: invitationDetailsAction(deps),
    [ACTION.viewOpportunity]: viewOpportunityAction(deps),
    [ACTION.askApprover]: askApproverAction(deps),
    // The option opens the console in the browser; the action Slack sends too needs only acknowledging.
    [ACTION.openInPartnerCentral]: openLinkAction,
  };
  return async (args: ActionClickArgs): Promise<void> => {
    const handler = args.action.type === "overflow" ? handlers[args.click.actionId] : undefined;
    // The listeners read what was chosen from `click`, which the edge read as the button's own click.
    await (handler ?? unknownAction)(args);
  };
}
