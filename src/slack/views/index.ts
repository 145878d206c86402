import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../deps.ts";
import { anyIdExcept, VIEW } from "../ids.ts";
import { rejectSubmission } from "./reject-submit.ts";
import { unknownViewSubmission } from "./unknown.ts";

export function register(app: App, deps: ListenerDeps): void {
  app.view(VIEW.reject, rejectSubmission(deps));
  // The reject form is the only one submitted; any other gets a clear answer instead of Slack's timeout.
  app.view({ type: "view_submission", callback_id: anyIdExcept([VIEW.reject]) }, unknownViewSubmission);
}
