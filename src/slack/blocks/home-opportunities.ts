import type { KnownBlock } from "@slack/types";
import type { HomeOpportunityList } from "../../home/opportunities.ts";
import type { OpportunityState } from "../../opportunities/state.ts";
import { COMMAND } from "../ids.ts";
import { closeText, reviewStatusLabel, stageLabel } from "./opportunity.ts";
import { opportunityNameText, viewOpportunityButton } from "./opportunity-ref.ts";
import { safeLine } from "./text.ts";

/** Opportunities listed in each part of the Home; the rest are counted with the command that lists them. */
const SHOWN = 5;

/** One opportunity as the Home lists it: its name and customer, where it stands, what AWS asks, View. */
function homeRow(o: OpportunityState, now: Date): KnownBlock {
  const lines = [
    opportunityNameText(o),
    [
      o.reviewStatus && reviewStatusLabel(o.reviewStatus),
      o.stage && stageLabel(o.stage),
      o.targetCloseDate && closeText(o.targetCloseDate, o.stage, now),
      `\`${safeLine(o.id, 40)}\``,
    ]
      .filter(Boolean)
      .join(" · "),
    ...(o.reviewStatus === "Action Required" && o.reviewComments
      ? [`> ${safeLine(o.reviewComments, 250)}`]
      : []),
  ];
  return {
    type: "section",
    text: { type: "mrkdwn", text: lines.join("\n") },
    accessory: viewOpportunityButton(o, "View"),
  };
}

function note(text: string): KnownBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text }] };
}

function part(title: string, list: OpportunityState[], empty: string, more: string, now: Date): KnownBlock[] {
  return [
    { type: "header", text: { type: "plain_text", text: title } },
    ...(list.length === 0 ? [note(empty)] : list.slice(0, SHOWN).map((o) => homeRow(o, now))),
    ...(list.length > SHOWN ? [note(`…and ${list.length - SHOWN} more: ${more}`)] : []),
  ];
}

/** The opportunities one viewer's Home shows, and their e-mail address or why it could not be read. */
export interface ViewerOpportunities {
  list: HomeOpportunityList;
  email?: string;
  problem?: string;
}

/**
 * The Home's opportunities: the viewer's own (matched by their Slack profile's e-mail address), and the
 * team's that need action. `problem` says why the viewer's own cannot be found, if they cannot.
 */
export function renderHomeOpportunities(
  list: HomeOpportunityList,
  viewer: Omit<ViewerOpportunities, "list">,
  now: Date,
): KnownBlock[] {
  if (list.known === 0) {
    return [
      { type: "header", text: { type: "plain_text", text: "Opportunities" } },
      note(`The app has not looked at your opportunities yet. \`${COMMAND} opportunities\` lists them now.`),
    ];
  }
  const yours = viewer.email
    ? part(
        "Your opportunities",
        list.mine,
        `None of the open opportunities has ${safeLine(viewer.email, 80)} on its team.`,
        `\`${COMMAND} opportunities mine\``,
        now,
      )
    : [
        { type: "header" as const, text: { type: "plain_text" as const, text: "Your opportunities" } },
        note(
          `:lock: Your own cannot be found: ${safeLine(viewer.problem ?? "Slack gave no e-mail address", 300)}.`,
        ),
      ];
  return [
    ...yours,
    ...part(
      "Opportunities that need action",
      list.needAction,
      `:white_check_mark: None is Action Required, overdue or closing within ${list.windowDays} days.`,
      `\`${COMMAND} opportunities review=action-required\`, \`${COMMAND} opportunities closing=${list.windowDays}\``,
      now,
    ),
  ];
}
