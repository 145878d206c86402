import type { App, BlockButtonAction, BlockOverflowAction } from "@slack/bolt";
import type { ListenerDeps } from "../deps.ts";
import { ACTION, anyIdExcept } from "../ids.ts";
import { decideAction } from "./decide.ts";
import { connectionDetailsAction, invitationDetailsAction } from "./details.ts";
import { nextPageAction } from "./next-page.ts";
import { openLinkAction } from "./open-link.ts";
import { invitationMenuAction } from "./overflow.ts";
import { rejectAction } from "./reject.ts";
import { showAllAction } from "./show-all.ts";
import { unknownAction } from "./unknown.ts";
import { viewOpportunityAction } from "./view-opportunity.ts";

export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(ACTION.accept, decideAction(deps, "accept"));
  app.action<BlockButtonAction>(ACTION.cancel, decideAction(deps, "cancel"));
  app.action<BlockButtonAction>(ACTION.reject, rejectAction(deps));
  app.action<BlockButtonAction>(ACTION.details, invitationDetailsAction(deps));
  app.action<BlockButtonAction>(ACTION.connectionDetails, connectionDetailsAction(deps));
  app.action<BlockOverflowAction>(ACTION.more, invitationMenuAction(deps));
  app.action<BlockButtonAction>(ACTION.nextPage, nextPageAction(deps));
  app.action<BlockButtonAction>(ACTION.previousPage, nextPageAction(deps));
  app.action<BlockButtonAction>(ACTION.showAll, showAllAction(deps));
  app.action<BlockButtonAction>(ACTION.openInPartnerCentral, openLinkAction);
  app.action<BlockButtonAction>(ACTION.viewOpportunity, viewOpportunityAction(deps));
  // Every other action id (from an older version, or forged): a clear answer instead of Slack's timeout.
  app.action({ type: "block_actions", action_id: anyIdExcept(Object.values(ACTION)) }, unknownAction);
}
