import type { WebClient } from "@slack/web-api";
import type { HomeOpportunities, SeenOpportunities } from "../home/opportunities.ts";
import type { HomeData, HomeService } from "../home/service.ts";
import { mapLimited } from "../partnercentral/cache.ts";
import type { Store } from "../store/index.ts";
import { type Approvers, INVITATION_ACTS, viewerFor } from "./approvers.ts";
import { type HomeViewer, renderHome } from "./blocks/home.ts";
import type { PlaceDeps } from "./invitation-places.ts";
import { cachedEmailOf, type EmailLookup, emailOf } from "./user-profile.ts";

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

/**
 * What every Home shows alike, read once for all those published together, and how each viewer's e-mail
 * address is found.
 */
interface HomeRound {
  home: HomeData;
  opportunities?: SeenOpportunities;
  emailOf: (client: WebClient, userId: string) => Promise<EmailLookup>;
}

async function roundOf(deps: HomeTabDeps, lookUpEmail: HomeRound["emailOf"]): Promise<HomeRound> {
  const [home, opportunities] = await Promise.all([deps.home.current(), deps.homeOpportunities?.seen()]);
  return { home, ...(opportunities ? { opportunities } : {}), emailOf: lookUpEmail };
}

/**
 * Publishes the user's App Home from what the app last saw (or what `round` read for every Home published
 * with it), with whether they may act and, when the app follows opportunities, theirs.
 */
export async function publishHome(
  deps: HomeTabDeps,
  client: WebClient,
  userId: string,
  round?: HomeRound,
): Promise<void> {
  const { home, opportunities, emailOf: lookUpEmail } = round ?? (await roundOf(deps, emailOf));
  const viewer: HomeViewer = viewerFor(
    deps.approvers,
    await deps.approvers.canAct(userId, client),
    INVITATION_ACTS,
  );
  if (deps.homeOpportunities && opportunities) {
    const lookup = await lookUpEmail(client, userId);
    const email = "email" in lookup ? lookup.email : undefined;
    viewer.opportunities = { list: deps.homeOpportunities.forViewer(opportunities, email), ...lookup };
  }
  await client.views.publish({ user_id: userId, view: renderHome(home, viewer) });
}

/**
 * Publishes these users' Homes from one read of what they all show, a few at a time; one Slack refuses is
 * logged. Each viewer's e-mail address is kept a few minutes across rounds.
 */
export function homesPublisher(deps: HomeTabDeps, client: WebClient): (userIds: string[]) => Promise<void> {
  const lookUpEmail = cachedEmailOf(deps.clock);
  return async (userIds) => {
    if (userIds.length === 0) return;
    const round = await roundOf(deps, lookUpEmail);
    await mapLimited(userIds, PUBLISHES_AT_ONCE, (userId) =>
      publishHome(deps, client, userId, round).catch((error: unknown) => {
        deps.logger.warn({ userId, err: error }, "could not republish an App Home");
      }),
    );
  };
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
  const publishHomes = homesPublisher(deps, client);
  return async () => {
    const since = new Date(deps.clock().getTime() - OPEN_HOME_MS);
    const users = await deps.store.openHomes.since(since, OPEN_HOMES_MAX);
    if (users.length === 0) return;
    await deps.home.refresh();
    await publishHomes(users);
  };
}
