import type { Button, KnownBlock, Overflow, SectionBlock } from "@slack/types";
import type { Counterpart, ExpectedSpend, Invitation, InvitationStatus } from "../../partnercentral/model.ts";
import {
  invitationName,
  invitationPlainName,
  labelledId,
  partnerPlain,
} from "../../partnercentral/naming.ts";
import {
  ACTION,
  type AskOrigin,
  askValue,
  blockIds,
  type InvitationRef,
  invitationRefValue,
  menuValue,
} from "../ids.ts";
import { PARTNER_CENTRAL_LINK } from "./links.ts";
import { dateToken, expiryPhrase, formatMoney, safeLine, safeText, titleCase } from "./text.ts";
import type { Viewer } from "./types.ts";

/**
 * For someone who may not act on invitations the message shows as pending: one line saying who can, and,
 * where an invitation waits for us, how to ask them.
 */
export function whoMayActBlocks(invitations: Invitation[], viewer: Viewer | undefined): KnownBlock[] {
  if (!viewer || viewer.mayAct || !invitations.some((i) => availableActions(i).length > 0)) return [];
  const ask = invitations.some(askable) ? " *Ask an approver* on an invitation asks them for you." : "";
  return [{ type: "context", elements: [{ type: "mrkdwn", text: `:lock: ${viewer.approversText}${ask}` }] }];
}

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

/** The other side as mrkdwn: its name in bold, else its labelled id with the id as code. */
export function partnerText(counterpart: Counterpart, max = 120): string {
  if (counterpart.name?.trim()) return `*${safeLine(counterpart.name, max)}*`;
  const id = counterpart.awsAccountId ?? counterpart.identifier;
  if (!id) return "an unnamed partner";
  const label = labelledId(id);
  const kind = label.slice(0, label.length - id.length);
  return `${kind}\`${safeLine(id, 70)}\``;
}

/** Who the invitation is with, as one escaped line ("from *Bluepeak*", "to AWS account `1234…`"). */
export function counterpartText(invitation: Invitation): string {
  // An engagement invitation names its sender unless we sent it; a connection invitation names the other side.
  const direction =
    invitation.role === "SENDER"
      ? "to"
      : invitation.role === "RECEIVER" || invitation.kind === "engagement"
        ? "from"
        : "with";
  const role =
    invitation.role && invitation.role !== "SENDER" && invitation.role !== "RECEIVER"
      ? ` (our side: ${safeLine(invitation.role, 40)})`
      : "";
  return `${direction} ${partnerText(invitation.counterpart)}${role}`;
}

const frequencies: Record<string, string> = { Monthly: "a month", Yearly: "a year", Annually: "a year" };

/** "$25,000 a month": one expected spend, money as money. */
export function spendText(spend: ExpectedSpend): string | undefined {
  if (!spend.amount) return undefined;
  const frequency = spend.frequency
    ? (frequencies[spend.frequency] ?? safeLine(spend.frequency.toLowerCase(), 30))
    : "";
  return [formatMoney(spend.amount, spend.currencyCode), frequency].filter(Boolean).join(" ");
}

/** The expected spend of an engagement invitation, as far as its brief says: the first, and how many more. */
function expectedSpendText(invitation: Invitation): string | undefined {
  const spends = (invitation.brief?.expectedSpend ?? []).flatMap((s) => spendText(s) ?? []);
  if (spends.length === 0) return undefined;
  return `expected *${spends[0]}*${spends.length > 1 ? ` (+${spends.length - 1} more)` : ""}`;
}

/** The invitation's name as one mrkdwn line: "*Acme Health* · Data lake modernization". */
export function invitationTitle(invitation: Invitation, max = 200): string {
  const { lead, rest } = invitationName(invitation);
  const leadMax = rest ? Math.min(120, max) : max;
  return `*${safeLine(lead, leadMax)}*${rest ? ` · ${safeLine(rest, Math.max(20, max - leadMax))}` : ""}`;
}

/** Time left for a pending invitation, with the absolute time every reader sees in their own zone. */
export function expiryText(invitation: Invitation, now: Date): string | undefined {
  if (invitation.status !== "PENDING") return undefined;
  if (!invitation.expiresAt) return "no expiry date given";
  const estimate = invitation.expiryDerived ? " (15 days after it was sent)" : "";
  return `:alarm_clock: *${expiryPhrase(invitation.expiresAt, now)}* · ${dateToken(invitation.expiresAt)}${estimate}`;
}

/** Who sent it, and when: "Sent to you", "Sent by you". */
function sentText(invitation: Invitation): string | undefined {
  const when = invitation.invitedAt ? ` ${dateToken(invitation.invitedAt)}` : "";
  if (invitation.role === "RECEIVER") return `Sent to you${when}`;
  if (invitation.role === "SENDER") return `Sent by you${when}`;
  return when ? `Sent${when}` : undefined;
}

/**
 * The mrkdwn summary of one invitation, as lists, the digest, alerts and App Home show it: what it is (the
 * customer and project, or the partner and connection type), then who sent it, the expected spend, when
 * and its id (to type into `engagement <id>`), and last, on a line of its own, its status, which an
 * outcome replaces (see outcome.ts).
 */
export function invitationSummaryText(invitation: Invitation, now: Date): string {
  const expiry = expiryText(invitation, now);
  const second =
    invitation.kind === "engagement"
      ? [
          `${payloadLabels[invitation.payloadType ?? ""] ?? "Engagement"} ${counterpartText(invitation)}`,
          expectedSpendText(invitation),
          invitation.invitedAt ? `sent ${dateToken(invitation.invitedAt)}` : undefined,
        ]
      : [
          sentText(invitation),
          invitation.role !== "SENDER" && invitation.role !== "RECEIVER" && invitation.role
            ? `our side: ${safeLine(invitation.role, 40)}`
            : undefined,
        ];
  return [
    invitationTitle(invitation),
    [...second.filter(Boolean), `\`${safeLine(invitation.id, 80)}\``].join(" · "),
    `${statusLabel(invitation.status)}${expiry ? ` · ${expiry}` : ""}`,
  ].join("\n");
}

/** Whether our side can still act on the invitation, and how: only when AWS said pending, and our side. */
export function availableActions(invitation: Invitation): Array<"accept" | "reject" | "cancel"> {
  if (invitation.status !== "PENDING") return [];
  if (invitation.role === "RECEIVER") return ["accept", "reject"];
  return invitation.role === "SENDER" && invitation.kind === "connection" ? ["cancel"] : [];
}

/** A pending invitation we received: a colleague who may not decide it may ask the approvers to. */
export function askable(invitation: Invitation): boolean {
  return availableActions(invitation).includes("accept");
}

/** Ask an approver: a colleague's way to the approvers, in the thread of `origin` when given. */
export function askButton(ref: InvitationRef, origin?: AskOrigin): Button {
  return {
    type: "button",
    action_id: ACTION.askApprover,
    text: { type: "plain_text", text: "Ask an approver" },
    value: askValue(ref, origin),
  };
}

/** The decisions Slack asks the user to confirm before they are sent, and how it asks (within 300 characters). */
const CONFIRMED = {
  accept: {
    actionId: ACTION.accept,
    text: "Accept",
    style: "primary",
    title: "Accept this invitation?",
    question: (invitation: Invitation) =>
      invitation.kind === "engagement"
        ? `Accept ${invitationTitle(invitation, 150)} from ${partnerText(invitation.counterpart, 60)}? Partner Central creates the opportunity for your team.`
        : `Accept the ${safeLine(invitation.title.toLowerCase(), 80)} with ${partnerText(invitation.counterpart, 100)}?`,
    confirm: "Accept",
    deny: "Not yet",
  },
  cancel: {
    actionId: ACTION.cancel,
    text: "Cancel invitation",
    style: "danger",
    title: "Cancel this invitation?",
    question: (invitation: Invitation) =>
      `Withdraw your ${safeLine(invitation.title.toLowerCase(), 80)} invitation to ${partnerText(invitation.counterpart, 100)}?`,
    confirm: "Cancel invitation",
    deny: "Keep it",
  },
} as const;

function confirmedButton(invitation: Invitation, action: keyof typeof CONFIRMED): Button {
  const d = CONFIRMED[action];
  return {
    type: "button",
    action_id: d.actionId,
    text: { type: "plain_text", text: d.text },
    style: d.style,
    value: invitationRefValue(invitation),
    confirm: {
      title: { type: "plain_text", text: d.title },
      text: { type: "mrkdwn", text: d.question(invitation) },
      confirm: { type: "plain_text", text: d.confirm },
      deny: { type: "plain_text", text: d.deny },
      style: d.style,
    },
  };
}

/** Reject…, a danger action: it opens the form asking why, and cannot be undone once sent. */
function rejectButton(invitation: Invitation): Button {
  return {
    type: "button",
    action_id: ACTION.reject,
    text: { type: "plain_text", text: "Reject…" },
    style: "danger",
    value: invitationRefValue(invitation),
  };
}

/** Every decision our side may make on the invitation, as buttons: Accept, Reject… or Cancel invitation. */
export function decisionButtons(invitation: Invitation): Button[] {
  return availableActions(invitation).map((action) =>
    action === "reject" ? rejectButton(invitation) : confirmedButton(invitation, action),
  );
}

/** An invitation's overflow menu: Details, Ask an approver (`withAsk`), and Partner Central's own page. */
export function invitationMenu(ref: InvitationRef, withAsk = false): Overflow {
  const value = invitationRefValue(ref);
  const option = (text: string, actionId: string) => ({
    text: { type: "plain_text" as const, text },
    value: menuValue(actionId, value),
  });
  return {
    type: "overflow",
    action_id: ACTION.more,
    options: [
      option("Details", ACTION.details),
      ...(withAsk ? [option("Ask an approver", ACTION.askApprover)] : []),
      {
        ...option(PARTNER_CENTRAL_LINK.label, ACTION.openInPartnerCentral),
        url: PARTNER_CENTRAL_LINK.url,
      },
    ],
  };
}

/**
 * An invitation's controls, by who reads it: `mayAct` true, an approver's answer: its decisions as buttons
 * (Accept in green, Reject… in red, or Cancel invitation on one we sent) and a menu with the rest; false, a
 * colleague's: Ask an approver where it waits for us, and the menu; undefined, a channel's message read by
 * both: the decisions, and Ask an approver in the menu.
 */
export function invitationControls(
  invitation: Invitation,
  mayAct: boolean | undefined,
): { buttons: Button[]; menu: Overflow } {
  if (mayAct === false) {
    return { buttons: askable(invitation) ? [askButton(invitation)] : [], menu: invitationMenu(invitation) };
  }
  const withAsk = mayAct === undefined && askable(invitation);
  return { buttons: decisionButtons(invitation), menu: invitationMenu(invitation, withAsk) };
}

/**
 * One invitation as one row: its summary with the menu beside it, and below it, where there are any, its
 * buttons and the menu, so a 50-block message holds over 20 rows. `mayAct` as invitationControls reads it.
 */
export function invitationBlocks(invitation: Invitation, now: Date, mayAct?: boolean): KnownBlock[] {
  const { buttons, menu } = invitationControls(invitation, mayAct);
  const summary: SectionBlock = {
    type: "section",
    block_id: blockIds.summary(invitation),
    text: { type: "mrkdwn", text: invitationSummaryText(invitation, now) },
  };
  if (buttons.length === 0) return [{ ...summary, accessory: menu }];
  return [summary, { type: "actions", block_id: blockIds.actions(invitation), elements: [...buttons, menu] }];
}

/** A short plain line for fallback text and notifications. */
export function invitationPlainLine(invitation: Invitation, now: Date): string {
  const who =
    invitation.kind === "engagement" ? ` (${safeText(partnerPlain(invitation.counterpart), 60)})` : "";
  const expiry =
    invitation.status === "PENDING" && invitation.expiresAt
      ? `, ${expiryPhrase(invitation.expiresAt, now)}`
      : "";
  return `${safeText(invitationPlainName(invitation), 160)}${who}${expiry}`;
}
