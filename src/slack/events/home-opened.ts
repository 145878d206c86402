import type { ListenerDeps } from "../deps.ts";
import { openHome } from "../home.ts";
import type { HomeOpenedArgs } from "../listener-args.ts";

/** Each user's Home tab, published when they open it. */
export function homeOpened(deps: ListenerDeps) {
  return async ({ event, client }: HomeOpenedArgs): Promise<void> => {
    if (event.tab !== "home") return;
    await openHome(deps, client, event.user);
  };
}
