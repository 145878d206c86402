import type { KnownBlock } from "@slack/types";
import type { PartnerCentralError } from "../../partnercentral/errors.ts";
import { ACTION, COMMAND } from "../ids.ts";
import { escapeMrkdwn, safeText } from "./text.ts";
import type { SlackMessage } from "./types.ts";

export const HELP_HINT = `Type \`${COMMAND} help\` for usage.`;

/** One of the three commands help starts with: an example, what it does, and a button that runs one. */
export interface QuickStart {
  title: string;
  example: string;
  description: string;
  /** `run` is what the button runs, as if typed after the command. */
  button: { text: string; run: string };
  /** The title where no channel is at hand (the App Home), when it differs. */
  homeTitle?: string;
}

/** `help <topic>`: one subcommand (or two, a list and its single item) in full. */
export interface HelpTopic {
  topic: string;
  subcommands: string[];
  summary: string;
  usage: string[];
  /** App-written mrkdwn, one paragraph each. */
  details: string[];
  examples: string[];
  /** The examples' ids are placeholders; this list shows real ones. */
  placeholderFrom?: string;
}

// Placeholders such as <id> would be read as links: Slack parses <…> even inside code.
const commandCode = (text: string) => `\`${COMMAND} ${escapeMrkdwn(text)}\``;

/** What works everywhere, said once at the foot of each help. */
function generalNote(defaults: { catalog: string }): string {
  return `Subcommands, options, values and ids work in any case; lists are comma-separated; every subcommand takes \`catalog=AWS|Sandbox\` (default ${defaults.catalog}).`;
}

/** A quick start as one section: `text` beside the button that runs its command. */
export function quickStartBlock(quickStart: QuickStart, text: string): KnownBlock {
  return {
    type: "section",
    text: { type: "mrkdwn", text },
    accessory: {
      type: "button",
      action_id: ACTION.runCommand,
      text: { type: "plain_text", text: quickStart.button.text },
      value: quickStart.button.run,
    },
  };
}

/** Help that fits on a screen: three commands to start with, each with a button, and the topics for the rest. */
export function renderHelp(
  quickStarts: QuickStart[],
  topics: HelpTopic[],
  defaults: { catalog: string },
): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Partner Central for Slack" } },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: "See and answer AWS Partner Central invitations without leaving Slack. Three places to start:",
      },
    },
    ...quickStarts.map((q) =>
      quickStartBlock(q, `*${q.title}*\n${commandCode(q.example)}\n${q.description}`),
    ),
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `*More:* ${commandCode("help <topic>")} for ${topics.map((t) => t.topic).join(", ")}. ${generalNote(defaults)}`,
        },
      ],
    },
  ];
  const text = `${COMMAND} help: ${quickStarts.map((q) => `${COMMAND} ${q.example}`).join(", ")}; more with help ${topics.map((t) => t.topic).join(", help ")}.`;
  return { text, blocks };
}

/** `help <topic>`: its syntax, what each part does, and examples. */
export function renderHelpTopic(topic: HelpTopic, defaults: { catalog: string }): SlackMessage {
  const placeholder = topic.placeholderFrom
    ? ` (ids are placeholders: copy a real one from ${commandCode(topic.placeholderFrom)})`
    : "";
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: `${COMMAND} ${topic.subcommands.join(", ")}` } },
    { type: "section", text: { type: "mrkdwn", text: topic.summary } },
    { type: "section", text: { type: "mrkdwn", text: topic.usage.map(commandCode).join("\n") } },
    { type: "section", text: { type: "mrkdwn", text: topic.details.join("\n") } },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*Examples*${placeholder}\n${topic.examples.map(commandCode).join("\n")}`,
      },
    },
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: `${generalNote(defaults)} \`${COMMAND} help\` lists the rest.` }],
    },
  ];
  return { text: `${COMMAND} ${topic.topic}: ${topic.summary}`, blocks };
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
