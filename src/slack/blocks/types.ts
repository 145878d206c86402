import type { KnownBlock } from "@slack/types";

/** What every renderer returns: Block Kit plus the fallback text Slack shows in notifications. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}
