import type { KnownBlock } from "@slack/types";
import type { Decision, InvitationRef } from "../../events/model.ts";
import { invitationKey } from "../../partnercentral/model.ts";
import { STATUS_EMOJI, statusLabel } from "./invitation.ts";
import { showOutcomes } from "./outcome.ts";
import { dateToken, safeText, titleCase } from "./text.ts";

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
 * Shows a decision made in Partner Central where the invitation is, as `applyOutcomes` shows one made in
 * Slack: its line replaces the status (or the outcome shown before), Details say it in their Status, and
 * the buttons go; the rest of the message is left as it was. Applying it twice gives the same blocks.
 */
export function showDecidedElsewhere(
  blocks: KnownBlock[],
  invitation: InvitationRef,
  decision: Decision,
): KnownBlock[] {
  return showOutcomes(
    blocks,
    new Map([
      [
        invitationKey(invitation),
        { text: decidedElsewhereText(decision), decided: true, status: statusLabel(decision.status) },
      ],
    ]),
  );
}
