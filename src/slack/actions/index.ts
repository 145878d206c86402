import type { App, BlockButtonAction, BlockOverflowAction } from "@slack/bolt";
import type { ListenerDeps } from "../deps.js";
import { ACTION, anyIdExcept } from "../ids.js";
import { decideAction } from "./decide.js";
import { connectionDetailsAction, invitationDetailsAction } from "./details.js";
import { nextPageAction } from "./next-page.js";
import { openLinkAction } from "./open-link.js";
import { invitationMenuAction } from "./overflow.js";
import { rejectAction } from "./reject.js";
import { showAllAction } from "./show-all.js";
import { unknownAction } from "./unknown.js";

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
  // Every other action id (from an older version, or forged): a clear answer instead of Slack's timeout.
  app.action({ type: "block_actions", action_id: anyIdExcept(Object.values(ACTION)) }, unknownAction);
}
