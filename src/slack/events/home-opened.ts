import type { ListenerDeps } from "../deps.js";
import { openHome } from "../home.js";
import type { HomeOpenedArgs } from "../listener-args.js";

/** Each user's Home tab, published when they open it. */
export function homeOpened(deps: ListenerDeps) {
  return async ({ event, client }: HomeOpenedArgs): Promise<void> => {
    if (event.tab !== "home") return;
    await openHome(deps, client, event.user);
  };
}
