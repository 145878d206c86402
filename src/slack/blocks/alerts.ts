import type { KnownBlock } from "@slack/types";
import type { Invitation } from "../../partnercentral/model.ts";
import type { WaitingAlerts } from "../../store/index.ts";
import { COMMAND } from "../ids.ts";
import { headlineBlock, receivedText } from "./headline.ts";
import { invitationBlocks, invitationPlainLine } from "./invitation.ts";
import { INVITE_HINT } from "./subscription.ts";
import { appendFitting, dateToken, plural, safeText } from "./text.ts";
import type { SlackMessage } from "./types.ts";

/** New invitations, several at once in one message; what does not fit is counted with where to find it. */
export function renderNewInvitations(invitations: Invitation[], now: Date): SlackMessage {
  const count = invitations.length;
  const blocks: KnownBlock[] = [headlineBlock({ kind: "new", total: count })];
  // One block is kept for the line counting what did not fit.
  const shown = appendFitting(blocks, invitations, (i) => invitationBlocks(i, now), { blocks: 1, text: 0 });
  if (count > shown) {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `…and ${count - shown} more. \`${COMMAND} engagements\` and \`${COMMAND} invitations\` list them all.`,
        },
      ],
    });
  }
  const lines = invitations.slice(0, 3).map((i) => `• ${invitationPlainLine(i, now)}`);
  return { text: [receivedText(count), ...lines].join("\n"), blocks };
}

/** Why a channel refuses alerts, and what someone there can do about it; `channel` names it. */
export function refusalAdvice(channel: string, refusal: string): string {
  switch (refusal) {
    case "not_in_channel":
    case "channel_not_found":
      return `I am not a member of ${channel}. Type \`${INVITE_HINT}\` in it and they are posted at once, or \`${COMMAND} alerts off\` in it to stop its alerts.`;
    case "is_archived":
      return `${channel} is archived. Unarchive it and they are posted at the next look, or turn its alerts off (\`${COMMAND} alerts off\` in it, or \`ALERT_CHANNEL\` if the configuration names it).`;
    default:
      return `Slack refuses posts in ${channel} (\`${safeText(refusal, 80)}\`).`;
  }
}

/** "3 new invitations wait to be announced there since …", "1 new invitation and 2 opportunity updates wait …" */
export function waitingLine(waiting: WaitingAlerts, where: string): string {
  const what = [
    waiting.count > 0 ? plural(waiting.count, "new invitation") : undefined,
    waiting.updates > 0 ? plural(waiting.updates, "opportunity update") : undefined,
  ].filter(Boolean);
  const one = waiting.count + waiting.updates === 1;
  return `${what.join(" and ")} ${one ? "waits" : "wait"} to be ${waiting.count > 0 ? "announced" : "posted"} ${where} since ${dateToken(waiting.since)}`;
}

/**
 * For approvers, on the App Home: each channel that refuses new-invitation alerts, what waits there and
 * since when, and what to do. Nothing when every channel takes its alerts.
 */
export function renderAlertRefusals(refusals: WaitingAlerts[]): KnownBlock[] {
  return refusals.slice(0, 10).map((waiting) => {
    const channel = `<#${waiting.channelId}>`;
    return {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `:warning: *New-invitation alerts cannot be posted in ${channel}*: ${waitingLine(waiting, "there")}. ${refusalAdvice(channel, waiting.refusal ?? "")}`,
      },
    };
  });
}
