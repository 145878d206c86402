import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../deps.ts";
import { COMMAND } from "../ids.ts";
import { partnerCentralCommand } from "./partnercentral.ts";

export function register(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, partnerCentralCommand(deps));
}
