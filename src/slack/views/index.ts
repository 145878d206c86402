import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../deps.js";
import { anyIdExcept, VIEW } from "../ids.js";
import { rejectSubmission } from "./reject-submit.js";
import { unknownViewSubmission } from "./unknown.js";

export function register(app: App, deps: ListenerDeps): void {
  app.view(VIEW.reject, rejectSubmission(deps));
  // The reject form is the only one submitted; any other gets a clear answer instead of Slack's timeout.
  app.view({ type: "view_submission", callback_id: anyIdExcept([VIEW.reject]) }, unknownViewSubmission);
}
