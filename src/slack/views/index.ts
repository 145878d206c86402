import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../deps.ts";
import { anyIdExcept, VIEW } from "../ids.ts";
import { assignSubmission, nextStepsSubmission } from "./opportunity-forms.ts";
import { rejectSubmission } from "./reject-submit.ts";
import { unknownViewSubmission } from "./unknown.ts";

export function register(app: App, deps: ListenerDeps): void {
  app.view(VIEW.reject, rejectSubmission(deps));
  app.view(VIEW.nextSteps, nextStepsSubmission(deps));
  app.view(VIEW.assignOpportunity, assignSubmission(deps));
  // Any other form gets a clear answer instead of Slack's timeout.
  const forms = [VIEW.reject, VIEW.nextSteps, VIEW.assignOpportunity];
  app.view({ type: "view_submission", callback_id: anyIdExcept(forms) }, unknownViewSubmission);
}
