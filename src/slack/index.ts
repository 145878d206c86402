import type { App, BlockButtonAction } from "@slack/bolt";
import { nextPageAction } from "./actions/next-page.js";
import { showAllAction } from "./actions/show-all.js";
import { partnerCentralCommand } from "./commands/partnercentral.js";
import type { ListenerDeps } from "./deps.js";
import { ACTION, COMMAND } from "./ids.js";

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, partnerCentralCommand(deps));
  app.action<BlockButtonAction>(ACTION.nextPage, nextPageAction(deps));
  app.action<BlockButtonAction>(ACTION.showAll, showAllAction(deps));
  // Link buttons send an action too; acknowledging it keeps Slack from showing a warning.
  app.action(ACTION.openInPartnerCentral, async ({ ack }) => {
    await ack();
  });
}
