import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../deps.ts";
import { homeOpened } from "./home-opened.ts";
import { memberJoinedChannel } from "./member-joined.ts";

export function register(app: App, deps: ListenerDeps): void {
  app.event("app_home_opened", homeOpened(deps));
  app.event("member_joined_channel", memberJoinedChannel(deps));
}
