import type { ActionsBlock, Button, KnownBlock } from "@slack/types";
import type { Invitation, InvitationStatus } from "../../partnercentral/model.js";
import { ACTION, blockIds, invitationRefValue } from "../ids.js";
import { dateToken, expiryPhrase, plain, safeText, titleCase } from "./text.js";

export const STATUS_EMOJI: Record<InvitationStatus, string> = {
  PENDING: ":hourglass_flowing_sand:",
  ACCEPTED: ":white_check_mark:",
  REJECTED: ":x:",
  EXPIRED: ":heavy_multiplication_x:",
  CANCELED: ":no_entry_sign:",
};

/** A status the app knows, with its emoji; a newer one as AWS wrote it; or that AWS gave none. */
export function statusLabel(status: string | undefined): string {
  if (status === undefined) return ":grey_question: Status not given";
  const emoji = STATUS_EMOJI[status as InvitationStatus];
  return emoji ? `${emoji} ${titleCase(status)}` : `:grey_question: ${safeText(status, 40)}`;
}

const payloadLabels: Record<string, string> = {
  OpportunityInvitation: "Opportunity",
  LeadInvitation: "Lead",
};

/** Who the invitation is with, as one escaped line. */
export function counterpartText(invitation: Invitation): string {
  const { name, awsAccountId, identifier } = invitation.counterpart;
  // An engagement invitation names its sender unless we sent it; a connection invitation names the other side.
  const direction =
    invitation.role === "SENDER"
      ? "to"
      : invitation.role === "RECEIVER" || invitation.kind === "engagement"
        ? "from"
        : "with";
  const who = name
    ? `*${safeText(name, 120)}*${awsAccountId ? ` (\`${safeText(awsAccountId, 20)}\`)` : ""}`
    : awsAccountId || identifier
      ? `\`${safeText(awsAccountId ?? identifier, 70)}\``
      : "an unnamed participant";
  const role =
    invitation.role && invitation.role !== "SENDER" && invitation.role !== "RECEIVER"
      ? ` (our side: ${safeText(invitation.role, 40)})`
      : "";
  return `${direction} ${who}${role}`;
}

/** Time left for a pending invitation, with the absolute time every reader sees in their own zone. */
export function expiryText(invitation: Invitation, now: Date): string | undefined {
  if (!invitation.expiresAt) return invitation.status === "PENDING" ? "no expiry date given" : undefined;
  if (invitation.status !== "PENDING") return undefined;
  const estimate = invitation.expiryDerived ? " (15 days after it was sent)" : "";
  return `:alarm_clock: *${expiryPhrase(invitation.expiresAt, now)}* · ${dateToken(invitation.expiresAt)}${estimate}`;
}

/** The mrkdwn summary of one invitation, as lists, the digest, alerts and App Home show it. */
export function invitationSummaryText(invitation: Invitation, now: Date): string {
  const kindLabel =
    invitation.kind === "engagement"
      ? (payloadLabels[invitation.payloadType ?? ""] ?? "Engagement")
      : "Connection invitation";
  const lines = [
    `*${safeText(invitation.title, 200)}*`,
    `${kindLabel} ${counterpartText(invitation)} · ${statusLabel(invitation.status)}${
      invitation.invitedAt
        ? ` · ${invitation.kind === "engagement" ? "invited" : "sent"} ${dateToken(invitation.invitedAt, "{date_short}")}`
        : ""
    }`,
  ];
  const expiry = expiryText(invitation, now);
  if (expiry) lines.push(expiry);
  return lines.join("\n");
}

/** Whether our side can still act on the invitation, and how: only when AWS said pending, and our side. */
export function availableActions(invitation: Invitation): Array<"accept" | "reject" | "cancel"> {
  if (invitation.status !== "PENDING") return [];
  if (invitation.role === "RECEIVER") return ["accept", "reject"];
  return invitation.role === "SENDER" && invitation.kind === "connection" ? ["cancel"] : [];
}

export function invitationButtons(invitation: Invitation): Button[] {
  const value = invitationRefValue(invitation);
  const title = plain(invitation.title, 120);
  const buttons: Button[] = [];
  for (const action of availableActions(invitation)) {
    if (action === "accept") {
      buttons.push({
        type: "button",
        action_id: ACTION.accept,
        text: { type: "plain_text", text: "Accept" },
        style: "primary",
        value,
        confirm: {
          title: { type: "plain_text", text: "Accept this invitation?" },
          text: {
            type: "mrkdwn",
            text:
              invitation.kind === "engagement"
                ? `Accept *${safeText(invitation.title, 200)}*? Partner Central creates the opportunity for your team.`
                : `Accept the *${safeText(title, 200)}* from \`${safeText(invitation.counterpart.identifier, 70)}\`?`,
          },
          confirm: { type: "plain_text", text: "Accept" },
          deny: { type: "plain_text", text: "Not yet" },
        },
      });
    }
    if (action === "reject") {
      buttons.push({
        type: "button",
        action_id: ACTION.reject,
        text: { type: "plain_text", text: "Reject…" },
        style: "danger",
        value,
      });
    }
    if (action === "cancel") {
      buttons.push({
        type: "button",
        action_id: ACTION.cancel,
        text: { type: "plain_text", text: "Cancel invitation" },
        style: "danger",
        value,
        confirm: {
          title: { type: "plain_text", text: "Cancel this invitation?" },
          text: { type: "mrkdwn", text: `The ${safeText(title, 200)} invitation will be withdrawn.` },
          confirm: { type: "plain_text", text: "Cancel invitation" },
          deny: { type: "plain_text", text: "Keep it" },
        },
      });
    }
  }
  buttons.push({
    type: "button",
    action_id: ACTION.details,
    text: { type: "plain_text", text: "Details" },
    value,
  });
  return buttons;
}

export function invitationActionsBlock(invitation: Invitation): ActionsBlock {
  return { type: "actions", block_id: blockIds.actions(invitation), elements: invitationButtons(invitation) };
}

/** One invitation: its summary and, below it, its buttons. */
export function invitationBlocks(invitation: Invitation, now: Date): KnownBlock[] {
  return [
    {
      type: "section",
      block_id: blockIds.summary(invitation),
      text: { type: "mrkdwn", text: invitationSummaryText(invitation, now) },
    },
    invitationActionsBlock(invitation),
  ];
}

/** A short plain line for fallback text and notifications. */
export function invitationPlainLine(invitation: Invitation, now: Date): string {
  const who =
    invitation.counterpart.name ?? invitation.counterpart.awsAccountId ?? invitation.counterpart.identifier;
  const expiry =
    invitation.status === "PENDING" && invitation.expiresAt
      ? `, ${expiryPhrase(invitation.expiresAt, now)}`
      : "";
  return `${safeText(invitation.title, 100)}${who ? ` (${safeText(who, 60)})` : ""}${expiry}`;
}
