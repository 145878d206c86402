import type { KnownBlock } from "@slack/types";

/**
 * Who reads a message or view drawn for one person: whether they may act on what it shows, and if not, who
 * may (a sentence naming the approvers or their user group).
 */
export interface Viewer {
  mayAct: boolean;
  approversText: string;
}

/** What every renderer returns: Block Kit plus the fallback text Slack shows in notifications. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}
