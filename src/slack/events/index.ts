import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../deps.js";
import { homeOpened } from "./home-opened.js";

export function register(app: App, deps: ListenerDeps): void {
  app.event("app_home_opened", homeOpened(deps));
}
