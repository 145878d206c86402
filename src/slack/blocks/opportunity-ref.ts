import type { Button } from "@slack/types";
import type { Catalog } from "../../partnercentral/model.ts";
import { ACTION, opportunityRefValue } from "../ids.ts";
import { safeLine } from "./text.ts";

/** An opportunity as any message names it, whatever the app read of it. */
export interface NamedOpportunity {
  id: string;
  /** Its project's title. */
  title?: string | undefined;
  /** Its customer's company name. */
  customer?: string | undefined;
}

/** What an opportunity is called: its project's title, else its customer, else its id. */
export const opportunityName = (o: NamedOpportunity): string =>
  o.title ?? o.customer ?? `Opportunity ${o.id}`;

/** Its name in bold, with the customer after a project's title: "*Data lake* · Bluepeak" (mrkdwn). */
export const opportunityNameText = (o: NamedOpportunity): string =>
  `*${safeLine(opportunityName(o), 150)}*${o.title && o.customer ? ` · ${safeLine(o.customer, 100)}` : ""}`;

/** The button that opens an opportunity's details, for everyone. */
export function viewOpportunityButton(o: { catalog: Catalog; id: string }, text: string): Button {
  return {
    type: "button",
    action_id: ACTION.viewOpportunity,
    text: { type: "plain_text", text },
    value: opportunityRefValue(o),
  };
}
