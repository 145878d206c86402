import type { WebClient } from "@slack/web-api";
import type { HomeOpportunities } from "../home/opportunities.ts";
import type { HomeService } from "../home/service.ts";
import type { Approvers } from "./approvers.ts";
import { renderHome } from "./blocks/home.ts";
import { withOpportunitiesOf } from "./home-opportunities.ts";
import { type PlaceDeps, recordHome } from "./invitation-places.ts";

export interface HomeTabDeps extends PlaceDeps {
  home: HomeService;
  approvers: Approvers;
  /** The viewer's opportunities and the team's that need action; without it the Home shows none. */
  homeOpportunities?: HomeOpportunities;
}

/**
 * Publishes the user's App Home from what the app last saw, with whether they may act, and records it as
 * showing its invitations.
 */
export async function publishHome(deps: HomeTabDeps, client: WebClient, userId: string): Promise<void> {
  const home = await deps.home.current();
  const mayApprove = await deps.approvers.canAct(userId, client);
  const view = await withOpportunitiesOf(
    deps.homeOpportunities,
    client,
    userId,
    renderHome(home, { mayApprove, approversText: deps.approvers.describe("accept, reject or cancel") }),
    home.now,
  );
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
