import type { Button, KnownBlock, Overflow, SectionBlock } from "@slack/types";
import type { Invitation, InvitationStatus } from "../../partnercentral/model.ts";
import { ACTION, blockIds, type InvitationRef, invitationRefValue, menuValue } from "../ids.ts";
import { dateToken, expiryPhrase, safeLine, safeText, titleCase } from "./text.ts";

/**
 * Who reads a message meant for one person: whether they may accept, reject and cancel, and if not,
 * who may (a sentence naming the approvers or their user group).
 */
export interface Viewer {
  mayAct: boolean;
  approversText: string;
}

/** For someone who may not act on invitations the message shows as pending: one line saying who can. */
export function whoMayActBlocks(invitations: Invitation[], viewer: Viewer | undefined): KnownBlock[] {
  if (!viewer || viewer.mayAct || !invitations.some((i) => availableActions(i).length > 0)) return [];
  return [{ type: "context", elements: [{ type: "mrkdwn", text: `:lock: ${viewer.approversText}` }] }];
}

/** Partner Central's console; it has no documented deep links to a single invitation. */
export const PARTNER_CENTRAL_CONSOLE_URL = "https://partnercentral.awspartner.com/";

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
  return emoji ? `${emoji} ${titleCase(status)}` : `:grey_question: ${safeLine(status, 40)}`;
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
    ? `*${safeLine(name, 120)}*`
    : awsAccountId || identifier
      ? `\`${safeLine(awsAccountId ?? identifier, 70)}\``
      : "an unnamed participant";
  const role =
    invitation.role && invitation.role !== "SENDER" && invitation.role !== "RECEIVER"
      ? ` (our side: ${safeLine(invitation.role, 40)})`
      : "";
  return `${direction} ${who}${role}`;
}

/** Time left for a pending invitation, with the absolute time every reader sees in their own zone. */
export function expiryText(invitation: Invitation, now: Date): string | undefined {
  if (invitation.status !== "PENDING") return undefined;
  if (!invitation.expiresAt) return "no expiry date given";
  const estimate = invitation.expiryDerived ? " (15 days after it was sent)" : "";
  return `:alarm_clock: *${expiryPhrase(invitation.expiresAt, now)}* · ${dateToken(invitation.expiresAt)}${estimate}`;
}

/**
 * The mrkdwn summary of one invitation, as lists, the digest, alerts and App Home show it: its title, who
 * it is with, when and its id (to type into `engagement <id>`), and last, on a line of its own, its
 * status, which an outcome replaces (see outcome.ts).
 */
export function invitationSummaryText(invitation: Invitation, now: Date): string {
  const kindLabel =
    invitation.kind === "engagement"
      ? (payloadLabels[invitation.payloadType ?? ""] ?? "Engagement")
      : "Connection invitation";
  const sent = invitation.invitedAt
    ? ` · ${invitation.kind === "engagement" ? "invited" : "sent"} ${dateToken(invitation.invitedAt)}`
    : "";
  const expiry = expiryText(invitation, now);
  return [
    `*${safeLine(invitation.title, 200)}*`,
    `${kindLabel} ${counterpartText(invitation)}${sent} · \`${safeLine(invitation.id, 80)}\``,
    `${statusLabel(invitation.status)}${expiry ? ` · ${expiry}` : ""}`,
  ].join("\n");
}

/** Whether our side can still act on the invitation, and how: only when AWS said pending, and our side. */
export function availableActions(invitation: Invitation): Array<"accept" | "reject" | "cancel"> {
  if (invitation.status !== "PENDING") return [];
  if (invitation.role === "RECEIVER") return ["accept", "reject"];
  return invitation.role === "SENDER" && invitation.kind === "connection" ? ["cancel"] : [];
}

/**
 * What a confirmation names: the invitation's title and its partner's name (else identifier), short
 * enough that the dialog stays within Slack's 300 characters.
 */
function confirmSubject(invitation: Invitation): { title: string; who: string } {
  const { name, awsAccountId, identifier } = invitation.counterpart;
  return {
    title: `*${safeLine(invitation.title, 120)}*`,
    who: name ? `*${safeLine(name, 60)}*` : `\`${safeLine(awsAccountId ?? identifier, 60)}\``,
  };
}

/** The decisions Slack asks the user to confirm before they are sent, and how it asks. */
const CONFIRMED = {
  accept: {
    actionId: ACTION.accept,
    text: "Accept",
    style: "primary",
    title: "Accept this invitation?",
    question: (invitation: Invitation, title: string, who: string) =>
      invitation.kind === "engagement"
        ? `Accept ${title} from ${who}? Partner Central creates the opportunity for your team.`
        : `Accept the ${title} from ${who}?`,
    confirm: "Accept",
    deny: "Not yet",
  },
  cancel: {
    actionId: ACTION.cancel,
    text: "Cancel invitation",
    style: "danger",
    title: "Cancel this invitation?",
    question: (_invitation: Invitation, title: string, who: string) =>
      `Withdraw the ${title} invitation to ${who}?`,
    confirm: "Cancel invitation",
    deny: "Keep it",
  },
} as const;

function confirmedButton(invitation: Invitation, action: keyof typeof CONFIRMED): Button {
  const d = CONFIRMED[action];
  const { title, who } = confirmSubject(invitation);
  return {
    type: "button",
    action_id: d.actionId,
    text: { type: "plain_text", text: d.text },
    style: d.style,
    value: invitationRefValue(invitation),
    confirm: {
      title: { type: "plain_text", text: d.title },
      text: { type: "mrkdwn", text: d.question(invitation, title, who) },
      confirm: { type: "plain_text", text: d.confirm },
      deny: { type: "plain_text", text: d.deny },
    },
  };
}

function rejectButton(invitation: Invitation): Button {
  return {
    type: "button",
    action_id: ACTION.reject,
    text: { type: "plain_text", text: "Reject…" },
    style: "danger",
    value: invitationRefValue(invitation),
  };
}

/** Every decision our side may make on the invitation, as buttons (Details shows them side by side). */
export function decisionButtons(invitation: Invitation): Button[] {
  return availableActions(invitation).map((action) =>
    action === "reject" ? rejectButton(invitation) : confirmedButton(invitation, action),
  );
}

/** Options of an invitation's overflow menu: Reject… (for those who may), Details, and the console. */
export function invitationMenu(ref: InvitationRef, options: { reject: boolean }): Overflow {
  const value = invitationRefValue(ref);
  const option = (text: string, actionId: string) => ({
    text: { type: "plain_text" as const, text },
    value: menuValue(actionId, value),
  });
  return {
    type: "overflow",
    action_id: ACTION.more,
    options: [
      ...(options.reject ? [option("Reject…", ACTION.reject)] : []),
      option("Details", ACTION.details),
      { ...option("View in Partner Central", ACTION.openInPartnerCentral), url: PARTNER_CENTRAL_CONSOLE_URL },
    ],
  };
}

/**
 * An invitation's controls: one primary button (Accept, or Cancel on one we sent) and a menu with the
 * rest, for people who may act; only the menu for anyone else, or once nothing is left to decide.
 */
export function invitationControls(
  invitation: Invitation,
  mayAct: boolean,
): { primary?: Button; menu: Overflow } {
  const actions = mayAct ? availableActions(invitation) : [];
  const primary = actions.includes("accept")
    ? confirmedButton(invitation, "accept")
    : actions.includes("cancel")
      ? confirmedButton(invitation, "cancel")
      : undefined;
  return {
    ...(primary ? { primary } : {}),
    menu: invitationMenu(invitation, { reject: actions.includes("reject") }),
  };
}

/**
 * One invitation as one row: its summary with the menu beside it, and below it, for those who may act,
 * one primary button and the menu, so a 50-block message holds over 20 rows.
 */
export function invitationBlocks(invitation: Invitation, now: Date, mayAct = true): KnownBlock[] {
  const { primary, menu } = invitationControls(invitation, mayAct);
  const summary: SectionBlock = {
    type: "section",
    block_id: blockIds.summary(invitation),
    text: { type: "mrkdwn", text: invitationSummaryText(invitation, now) },
  };
  if (!primary) return [{ ...summary, accessory: menu }];
  return [summary, { type: "actions", block_id: blockIds.actions(invitation), elements: [primary, menu] }];
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
