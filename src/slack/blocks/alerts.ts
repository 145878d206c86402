import type { KnownBlock } from "@slack/types";
import type { Invitation } from "../../partnercentral/model.js";
import { COMMAND } from "../ids.js";
import { invitationBlocks, invitationPlainLine } from "./invitation.js";
import { LIMITS, plural } from "./text.js";
import type { SlackMessage } from "./types.js";

/** Each invitation takes a divider, its summary and its buttons. */
const BLOCKS_PER_INVITATION = 3;

/** New invitations, several at once in one message; what does not fit is counted with where to find it. */
export function renderNewInvitations(invitations: Invitation[], now: Date): SlackMessage {
  const count = invitations.length;
  const headline = count === 1 ? "New invitation received" : `${plural(count, "new invitation")} received`;
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: `:new: ${headline}`, emoji: true } },
  ];
  const room = Math.floor((LIMITS.blocksPerMessage - blocks.length - 1) / BLOCKS_PER_INVITATION);
  for (const invitation of invitations.slice(0, room)) {
    blocks.push({ type: "divider" }, ...invitationBlocks(invitation, now));
  }
  if (count > room) {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `…and ${count - room} more. \`${COMMAND} engagements\` and \`${COMMAND} invitations\` list them all.`,
        },
      ],
    });
  }
  const lines = invitations.slice(0, 3).map((i) => `• ${invitationPlainLine(i, now)}`);
  return { text: [headline, ...lines].join("\n"), blocks };
}
