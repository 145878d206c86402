import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../deps.js";
import { COMMAND } from "../ids.js";
import { partnerCentralCommand } from "./partnercentral.js";

export function register(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, partnerCentralCommand(deps));
}
