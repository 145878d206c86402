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

export function statusLabel(status: InvitationStatus): string {
  return `${STATUS_EMOJI[status] ?? ""} ${titleCase(status)}`.trim();
}

const payloadLabels: Record<string, string> = {
  OpportunityInvitation: "Opportunity",
  LeadInvitation: "Lead",
};

/** Who the invitation is with, as one escaped line. */
export function counterpartText(invitation: Invitation): string {
  const { name, awsAccountId, identifier } = invitation.counterpart;
  const direction = invitation.role === "RECEIVER" ? "from" : "to";
  const who = name
    ? `*${safeText(name, 120)}*${awsAccountId ? ` (\`${safeText(awsAccountId, 20)}\`)` : ""}`
    : awsAccountId || identifier
      ? `\`${safeText(awsAccountId ?? identifier, 70)}\``
      : "an unnamed participant";
  return `${direction} ${who}`;
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

/** Whether our side can still act on the invitation, and how. */
export function availableActions(invitation: Invitation): Array<"accept" | "reject" | "cancel"> {
  if (invitation.status !== "PENDING") return [];
  if (invitation.role === "RECEIVER") return ["accept", "reject"];
  return invitation.kind === "connection" ? ["cancel"] : [];
}

const plainText = (text: string) => ({ type: "plain_text", text }) as const;

function button(actionId: string, text: string, value: string, more: Partial<Button> = {}): Button {
  return { type: "button", action_id: actionId, text: plainText(text), ...more, value };
}

/** Slack asks the user to confirm before the click is sent. */
function confirmation(title: string, mrkdwn: string, yes: string, no: string): Button["confirm"] {
  return {
    title: plainText(title),
    text: { type: "mrkdwn", text: mrkdwn },
    confirm: plainText(yes),
    deny: plainText(no),
  };
}

export function invitationButtons(invitation: Invitation): Button[] {
  const value = invitationRefValue(invitation);
  const title = plain(invitation.title, 120);
  const acceptQuestion =
    invitation.kind === "engagement"
      ? `Accept *${safeText(invitation.title, 200)}*? Partner Central creates the opportunity for your team.`
      : `Accept the *${safeText(title, 200)}* from \`${safeText(invitation.counterpart.identifier, 70)}\`?`;
  const buttonFor: Record<ReturnType<typeof availableActions>[number], () => Button> = {
    accept: () =>
      button(ACTION.accept, "Accept", value, {
        style: "primary",
        confirm: confirmation("Accept this invitation?", acceptQuestion, "Accept", "Not yet"),
      }),
    reject: () => button(ACTION.reject, "Reject…", value, { style: "danger" }),
    cancel: () =>
      button(ACTION.cancel, "Cancel invitation", value, {
        style: "danger",
        confirm: confirmation(
          "Cancel this invitation?",
          `The ${safeText(title, 200)} invitation will be withdrawn.`,
          "Cancel invitation",
          "Keep it",
        ),
      }),
  };
  return [
    ...availableActions(invitation).map((action) => buttonFor[action]()),
    button(ACTION.details, "Details", value),
  ];
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
