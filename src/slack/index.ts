import type { App, BlockButtonAction } from "@slack/bolt";
import { decideAction } from "./actions/decide.js";
import { connectionDetailsAction, invitationDetailsAction } from "./actions/details.js";
import { nextPageAction } from "./actions/next-page.js";
import { rejectAction } from "./actions/reject.js";
import { showAllAction } from "./actions/show-all.js";
import { partnerCentralCommand } from "./commands/partnercentral.js";
import type { ListenerDeps } from "./deps.js";
import { ACTION, COMMAND, VIEW } from "./ids.js";
import { rejectSubmission } from "./views/reject-submit.js";

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, partnerCentralCommand(deps));
  app.action<BlockButtonAction>(ACTION.accept, decideAction(deps, "accept"));
  app.action<BlockButtonAction>(ACTION.cancel, decideAction(deps, "cancel"));
  app.action<BlockButtonAction>(ACTION.reject, rejectAction(deps));
  app.view(VIEW.reject, rejectSubmission(deps));
  app.action<BlockButtonAction>(ACTION.details, invitationDetailsAction(deps));
  app.action<BlockButtonAction>(ACTION.connectionDetails, connectionDetailsAction(deps));
  app.action<BlockButtonAction>(ACTION.nextPage, nextPageAction(deps));
  app.action<BlockButtonAction>(ACTION.showAll, showAllAction(deps));
  // Link buttons send an action too; acknowledging it keeps Slack from showing a warning.
  app.action(ACTION.openInPartnerCentral, async ({ ack }) => {
    await ack();
  });
}
