import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { ListenerDeps } from "../deps.js";
import { openHome } from "../home.js";

/** Each user's Home tab, published when they open it. */
export function homeOpened(deps: ListenerDeps) {
  return async ({
    event,
    client,
  }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== "home") return;
    await openHome(deps, client, event.user);
  };
}
