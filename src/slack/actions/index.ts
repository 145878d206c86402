import type { App, BlockButtonAction } from "@slack/bolt";
import { clicked } from "../clicks.ts";
import type { ListenerDeps } from "../deps.ts";
import { ACTION, anyIdExcept } from "../ids.ts";
import type { ButtonArgs } from "../listener-args.ts";
import { askApproverAction } from "./ask-approver.ts";
import { decideAction } from "./decide.ts";
import { connectionDetailsAction, invitationDetailsAction } from "./details.ts";
import { nextPageAction } from "./next-page.ts";
import { openLinkAction } from "./open-link.ts";
import { assignOpportunityAction, assignToMeAction, updateNextStepsAction } from "./opportunity-actions.ts";
import { invitationMenuAction } from "./overflow.ts";
import { rejectAction } from "./reject.ts";
import { runCommandAction } from "./run-command.ts";
import { showAllAction } from "./show-all.ts";
import { unknownAction } from "./unknown.ts";
import { viewOpportunityAction } from "./view-opportunity.ts";

/** Every action listener is registered behind `clicked`, the one place where a click's value is parsed. */
export function register(app: App, deps: ListenerDeps): void {
  const button = (actionId: string, listener: Parameters<typeof clicked<ButtonArgs>>[0]) =>
    app.action<BlockButtonAction>(actionId, clicked<ButtonArgs>(listener));
  button(ACTION.accept, decideAction(deps, "accept"));
  button(ACTION.cancel, decideAction(deps, "cancel"));
  button(ACTION.reject, rejectAction(deps));
  button(ACTION.details, invitationDetailsAction(deps));
  button(ACTION.connectionDetails, connectionDetailsAction(deps));
  button(ACTION.nextPage, nextPageAction(deps));
  button(ACTION.previousPage, nextPageAction(deps));
  button(ACTION.showAll, showAllAction(deps));
  button(ACTION.openInPartnerCentral, openLinkAction);
  button(ACTION.runCommand, runCommandAction(deps));
  button(ACTION.viewOpportunity, viewOpportunityAction(deps));
  button(ACTION.askApprover, askApproverAction(deps));
  button(ACTION.assignToMe, assignToMeAction(deps));
  button(ACTION.assignOpportunity, assignOpportunityAction(deps));
  button(ACTION.updateNextSteps, updateNextStepsAction(deps));
  app.action(ACTION.more, clicked(invitationMenuAction(deps)));
  // Every other action id (from an older version, or forged): a clear answer instead of Slack's timeout.
  app.action(
    { type: "block_actions", action_id: anyIdExcept(Object.values(ACTION)) },
    clicked(unknownAction),
  );
}
