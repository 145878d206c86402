import type { KnownBlock } from "@slack/types";
import type { Invitation } from "../../partnercentral/model.ts";
import { COMMAND } from "../ids.ts";
import { invitationBlocks, invitationPlainLine } from "./invitation.ts";
import { LIMITS, plural, textLength } from "./text.ts";
import type { SlackMessage } from "./types.ts";

/** New invitations, several at once in one message; what does not fit is counted with where to find it. */
export function renderNewInvitations(invitations: Invitation[], now: Date): SlackMessage {
  const count = invitations.length;
  const headline = count === 1 ? "New invitation received" : `${plural(count, "new invitation")} received`;
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: `:new: ${headline}`, emoji: true } },
  ];
  // One block is kept for the line counting what did not fit.
  let shown = 0;
  for (const invitation of invitations) {
    const row = invitationBlocks(invitation, now);
    const fits =
      blocks.length + row.length < LIMITS.blocksPerMessage &&
      textLength(blocks) + textLength(row) <= LIMITS.blocksText;
    if (!fits) break;
    blocks.push(...row);
    shown++;
  }
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
  return { text: [headline, ...lines].join("\n"), blocks };
}
