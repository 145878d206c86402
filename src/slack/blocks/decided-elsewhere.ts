import type { ContextBlock, KnownBlock } from "@slack/types";
import type { Decision, InvitationRef } from "../../events/model.js";
import { invitationKey } from "../../partnercentral/model.js";
import { blockIds } from "../ids.js";
import { STATUS_EMOJI } from "./invitation.js";
import { OUTCOME_PREFIX } from "./outcome.js";
import { dateToken, safeText, titleCase } from "./text.js";

/** A decision made in Partner Central itself: what, when and, as far as its event says, by which account. */
export function decidedElsewhereText(decision: Decision): string {
  const { accountId, profileId } = decision.actor ?? {};
  const by = accountId
    ? ` · by account \`${safeText(accountId, 20)}\``
    : profileId
      ? ` · by partner profile \`${safeText(profileId, 60)}\``
      : "";
  return `${STATUS_EMOJI[decision.status]} ${titleCase(decision.status)} in Partner Central · ${dateToken(decision.at)}${by}`;
}

/**
 * Shows a decision made in Partner Central in place of the invitation's buttons, or of the outcome line
 * shown for it; the rest of the message is left as it was. Applying it twice gives the same blocks.
 */
export function showDecidedElsewhere(
  blocks: KnownBlock[],
  invitation: InvitationRef,
  decision: Decision,
): KnownBlock[] {
  const line: ContextBlock = {
    type: "context",
    block_id: `${OUTCOME_PREFIX}${invitationKey(invitation)}`,
    elements: [{ type: "mrkdwn", text: decidedElsewhereText(decision) }],
  };
  const buttons = blockIds.actions(invitation);
  let shown = false;
  return blocks.flatMap((block) => {
    if (block.block_id !== buttons && block.block_id !== line.block_id) return [block];
    if (shown) return [];
    shown = true;
    return [line];
  });
}
