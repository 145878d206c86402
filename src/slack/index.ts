import type { App, BlockButtonAction, BlockOverflowAction } from "@slack/bolt";
import { decideAction } from "./actions/decide.js";
import { connectionDetailsAction, invitationDetailsAction } from "./actions/details.js";
import { nextPageAction } from "./actions/next-page.js";
import { invitationMenuAction } from "./actions/overflow.js";
import { rejectAction } from "./actions/reject.js";
import { showAllAction } from "./actions/show-all.js";
import { unknownAction } from "./actions/unknown.js";
import { partnerCentralCommand } from "./commands/partnercentral.js";
import type { ListenerDeps } from "./deps.js";
import { homeOpened } from "./events/home-opened.js";
import { ACTION, COMMAND, VIEW } from "./ids.js";
import { rejectSubmission } from "./views/reject-submit.js";
import { unknownViewSubmission } from "./views/unknown.js";

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, partnerCentralCommand(deps));
  app.event("app_home_opened", homeOpened(deps));
  app.action<BlockButtonAction>(ACTION.accept, decideAction(deps, "accept"));
  app.action<BlockButtonAction>(ACTION.cancel, decideAction(deps, "cancel"));
  app.action<BlockButtonAction>(ACTION.reject, rejectAction(deps));
  app.view(VIEW.reject, rejectSubmission(deps));
  app.action<BlockButtonAction>(ACTION.details, invitationDetailsAction(deps));
  app.action<BlockButtonAction>(ACTION.connectionDetails, connectionDetailsAction(deps));
  app.action<BlockOverflowAction>(ACTION.more, invitationMenuAction(deps));
  app.action<BlockButtonAction>(ACTION.nextPage, nextPageAction(deps));
  app.action<BlockButtonAction>(ACTION.previousPage, nextPageAction(deps));
  app.action<BlockButtonAction>(ACTION.showAll, showAllAction(deps));
  // Link buttons send an action too; acknowledging it keeps Slack from showing a warning.
  app.action(ACTION.openInPartnerCentral, async ({ ack }) => {
    await ack();
  });
  // Last, for what no listener above handles (every ACTION id has one; the reject form is the only one
  // submitted): a clear answer instead of Slack's timeout.
  app.action({ type: "block_actions", action_id: anyExcept(Object.values(ACTION)) }, unknownAction);
  app.view({ type: "view_submission", callback_id: anyExcept([VIEW.reject]) }, unknownViewSubmission);
}

/** Matches every id except these. */
function anyExcept(ids: readonly string[]): RegExp {
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^(?!(?:${escaped.join("|")})$)`);
}
