import type { WebClient } from "@slack/web-api";
import type { HomeOpportunities } from "../home/opportunities.ts";
import type { HomeService } from "../home/service.ts";
import type { Store } from "../store/index.ts";
import type { Approvers } from "./approvers.ts";
import { renderHome } from "./blocks/home.ts";
import type { ViewerOpportunities } from "./blocks/home-opportunities.ts";
import type { PlaceDeps } from "./invitation-places.ts";
import { emailOf } from "./user-profile.ts";

/** Homes opened within this long may be on screen: a change republishes them. */
const OPEN_HOME_MS = 60 * 60_000;
/** At most this many Homes are republished for one change, the latest opened first. */
const OPEN_HOMES_MAX = 50;
/** Publishes at once, so a burst of Homes keeps within Slack's rate for views.publish. */
const PUBLISHES_AT_ONCE = 4;

export interface HomeTabDeps extends PlaceDeps {
  store: PlaceDeps["store"] & Pick<Store, "openHomes">;
  home: HomeService;
  approvers: Approvers;
  clock: () => Date;
  /** The viewer's opportunities and the team's that need action; without it the Home shows none. */
  homeOpportunities?: HomeOpportunities;
}

/** Publishes the user's App Home from what the app last saw, with whether they may act. */
export async function publishHome(deps: HomeTabDeps, client: WebClient, userId: string): Promise<void> {
  const home = await deps.home.current();
  const mayApprove = await deps.approvers.canAct(userId, client);
  const opportunities = await opportunitiesOf(deps, client, userId);
  const view = renderHome(home, {
    mayApprove,
    approversText: deps.approvers.describe("accept, reject or cancel"),
    ...(opportunities ? { opportunities } : {}),
  });
  await client.views.publish({ user_id: userId, view });
}

/**
 * The viewer's opportunities (found by their Slack profile's e-mail address) and the team's that need
 * action; none when the app does not follow opportunities.
 */
async function opportunitiesOf(
  deps: HomeTabDeps,
  client: WebClient,
  userId: string,
): Promise<ViewerOpportunities | undefined> {
  if (!deps.homeOpportunities) return undefined;
  const lookup = await emailOf(client, userId);
  const email = "email" in lookup ? lookup.email : undefined;
  return { list: await deps.homeOpportunities.forViewer(email), ...lookup };
}

/**
 * Opening the Home publishes it once, from complete data: what the app saw within the last minute, or else
 * what Partner Central answers now. Before the first answer it shows that it is looking, with no count.
 */
export async function openHome(deps: HomeTabDeps, client: WebClient, userId: string): Promise<void> {
  await noteOpened(deps, userId);
  if (!deps.home.fresh) {
    const looked = (await deps.home.current()).waiting !== undefined;
    if (!looked) await publishHome(deps, client, userId);
    await deps.home.refresh();
  }
  await publishHome(deps, client, userId);
}

/** Records that the Home is on screen; should the store refuse, only the changes of the next hour miss it. */
export async function noteOpened(deps: HomeTabDeps, userId: string): Promise<void> {
  await deps.store.openHomes.opened(userId).catch((error: unknown) => {
    deps.logger.warn({ userId, err: error }, "could not record that an App Home was opened");
  });
}

/**
 * The Slack side of a change the Homes show: when a Home was opened within the last hour, one look at
 * Partner Central, then each such Home (the latest 50) published again from it, a few at a time; one Slack
 * refuses is logged. With no Home open, Partner Central is not asked.
 */
export function republishOpenHomes(deps: HomeTabDeps, client: WebClient): () => Promise<void> {
  return async () => {
    const since = new Date(deps.clock().getTime() - OPEN_HOME_MS);
    const users = await deps.store.openHomes.since(since, OPEN_HOMES_MAX);
    if (users.length === 0) return;
    await deps.home.refresh();
    const queue = [...users];
    const worker = async () => {
      for (let userId = queue.shift(); userId !== undefined; userId = queue.shift()) {
        await publishHome(deps, client, userId).catch((error: unknown) => {
          deps.logger.warn({ userId, err: error }, "could not republish an App Home");
        });
      }
    };
    await Promise.all(Array.from({ length: PUBLISHES_AT_ONCE }, worker));
  };
}
