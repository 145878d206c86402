import type { KnownBlock } from "@slack/types";
import type { PartnerCentralError } from "../../partnercentral/errors.ts";
import { COMMAND } from "../ids.ts";
import { escapeMrkdwn, safeText } from "./text.ts";
import type { SlackMessage } from "./types.ts";

export const HELP_HINT = `Type \`${COMMAND} help\` for usage.`;

export interface HelpEntry {
  usage: string;
  description: string;
  example: string;
  /** The example's id is a placeholder; this list shows real ones. */
  placeholderFrom?: string;
}

/** An entry's usage, what it does and its example, as mrkdwn. */
function helpText(entry: HelpEntry): string {
  // Placeholders such as <id> would be read as links: Slack parses <…> even inside code.
  const placeholder = entry.placeholderFrom
    ? ` (the id is a placeholder: copy a real one from \`${COMMAND} ${entry.placeholderFrom}\`)`
    : "";
  return `\`${COMMAND} ${escapeMrkdwn(entry.usage)}\`\n${entry.description}\n_Example:_ \`${COMMAND} ${escapeMrkdwn(entry.example)}\`${placeholder}`;
}

/** Usage: the `first` most useful subcommands under "Start here", then the rest. */
export function renderHelp(
  entries: HelpEntry[],
  defaults: { catalog: string; windowDays: number },
  first: number,
): SlackMessage {
  const section = (entry: HelpEntry): KnownBlock => ({
    type: "section",
    text: { type: "mrkdwn", text: helpText(entry) },
  });
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Partner Central for Slack" } },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: "See and answer AWS Partner Central invitations, and keep an eye on your connections, without leaving Slack.",
      },
    },
    { type: "header", text: { type: "plain_text", text: "Start here" } },
    ...entries.slice(0, first).map(section),
    { type: "header", text: { type: "plain_text", text: "Everything else" } },
    ...entries.slice(first).map(section),
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `Every subcommand also takes \`catalog=AWS|Sandbox\` (default ${defaults.catalog}); keys and values are case-insensitive; lists are comma-separated.`,
        },
      ],
    },
  ];
  return { text: `${COMMAND} usage: ${entries.map((e) => e.usage.split(" ")[0]).join(", ")}`, blocks };
}

/** A mistake in what the user typed: what was wrong, what is allowed, and where to find help. */
export function renderUsageError(message: string): SlackMessage {
  const text = `:warning: ${safeText(message, 2500)}\n${HELP_HINT}`;
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

export function renderPartnerCentralError(error: PartnerCentralError): SlackMessage {
  const headline = `:x: ${safeText(error.userMessage, 2500)}`;
  // Something that does not exist is an answer, not a failure to take to AWS Support.
  const support =
    error.requestId && error.code !== "NotFound"
      ? `AWS request id \`${safeText(error.requestId, 100)}\` (quote it to AWS Support)`
      : undefined;
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: headline } }];
  if (support) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: support }] });
  return { text: headline, blocks };
}

export function renderNotice(text: string): SlackMessage {
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
