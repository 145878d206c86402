import type { WebClient } from "@slack/web-api";
import type { HomeService } from "../home/service.ts";
import type { Approvers } from "./approvers.ts";
import { renderHome } from "./blocks/home.ts";
import { type PlaceDeps, recordHome } from "./invitation-places.ts";

export interface HomeTabDeps extends PlaceDeps {
  home: HomeService;
  approvers: Approvers;
}

/**
 * Publishes the user's App Home from what the app last saw, with whether they may act, and records it as
 * showing its invitations.
 */
export async function publishHome(deps: HomeTabDeps, client: WebClient, userId: string): Promise<void> {
  const home = await deps.home.current();
  const mayApprove = await deps.approvers.canAct(userId, client);
  const view = renderHome(home, {
    mayApprove,
    approversText: deps.approvers.describe("accept, reject or cancel"),
  });
  await client.views.publish({ user_id: userId, view });
  await recordHome(deps, userId, view.blocks);
}

/** Opening the Home: published at once, then again once Partner Central has answered if that was stale. */
export async function openHome(deps: HomeTabDeps, client: WebClient, userId: string): Promise<void> {
  await publishHome(deps, client, userId);
  if (deps.home.fresh) return;
  await deps.home.refresh();
  await publishHome(deps, client, userId);
}

/** After a decision made from the Home: its outcome now, then the refreshed list, the decided one marked. */
export async function republishAfterDecision(
  deps: HomeTabDeps,
  client: WebClient,
  userId: string,
): Promise<void> {
  await publishHome(deps, client, userId);
  await deps.home.refresh();
  await publishHome(deps, client, userId);
}
