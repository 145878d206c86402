import type { ActionsBlock, Button, KnownBlock, SectionBlock } from "@slack/types";
import {
  type Connection,
  type ConnectionInvitationDetails,
  type Contact,
  type EngagementInvitationDetails,
  type ExpectedSpend,
  type Invitation,
  invitationKey,
} from "../../partnercentral/model.ts";
import { invitationPlainName, labelledId } from "../../partnercentral/naming.ts";
import { ACTION, blockIds } from "../ids.ts";
import {
  askable,
  askButton,
  counterpartText,
  decisionButtons,
  expiryText,
  partnerText,
  spendText,
  statusLabel,
} from "./invitation.ts";
import { PARTNER_CENTRAL_LINK, partnerCentralHint } from "./links.ts";
import { connectionCounterpart, connectionTypeLine } from "./lists.ts";
import { statusBlockId } from "./outcome.ts";
import { countryName, dateToken, dayToken, plain, safeLine, safeText, webLink } from "./text.ts";
import type { SlackMessage } from "./types.ts";

/** Expected spend, one line each: "$12,500 a month for AWS". */
export function expectedSpendText(spend: ExpectedSpend[]): string {
  return spend
    .slice(0, 5)
    .map((s) =>
      [spendText(s), s.targetCompany && `for ${safeText(s.targetCompany, 100)}`].filter(Boolean).join(" "),
    )
    .filter(Boolean)
    .join("\n");
}

/** A person on one line: name, title, e-mail and phone, as far as they are known. */
export function contactLine(c: Contact): string {
  return [
    safeText(c.name, 80, "Unnamed"),
    c.title && safeText(c.title, 80),
    c.email && safeText(c.email, 120),
    c.phone && safeText(c.phone, 40),
  ]
    .filter(Boolean)
    .join(" · ");
}

function field(label: string, value: string): { type: "mrkdwn"; text: string } {
  return { type: "mrkdwn", text: `*${label}*\n${value}` };
}

/** Fields ten to a section; the first section, which holds the Status, can be named by `blockId`. */
export function fieldsSection(fields: Array<[string, string | undefined]>, blockId?: string): SectionBlock[] {
  const present = fields.filter((f): f is [string, string] => Boolean(f[1]));
  const sections: SectionBlock[] = [];
  for (let i = 0; i < present.length; i += 10) {
    sections.push({
      type: "section",
      ...(i === 0 && blockId ? { block_id: blockId } : {}),
      fields: present.slice(i, i + 10).map(([l, v]) => field(l, v)),
    });
  }
  return sections;
}

export function textSection(label: string, text: string | undefined, max = 2800): SectionBlock[] {
  if (!text?.trim()) return [];
  return [{ type: "section", text: { type: "mrkdwn", text: `*${label}*\n${safeText(text, max)}` } }];
}

function consoleButton(): Button {
  return {
    type: "button",
    action_id: ACTION.openInPartnerCentral,
    text: { type: "plain_text", text: PARTNER_CENTRAL_LINK.label },
    url: PARTNER_CENTRAL_LINK.url,
  };
}

/**
 * Buttons under a details message: the invitation's decisions for those who may act, Ask an approver for a
 * colleague where it waits for us, and the console link.
 */
function detailsActions(invitation: Invitation, withActions: boolean): ActionsBlock {
  const own = withActions ? decisionButtons(invitation) : askable(invitation) ? [askButton(invitation)] : [];
  return { type: "actions", block_id: blockIds.actions(invitation), elements: [...own, consoleButton()] };
}

/** The small print at the end: ids where they help (labelled), and where the console button goes. */
function smallPrint(parts: Array<string | undefined>): KnownBlock {
  const text = parts.filter(Boolean).join(" · ");
  return { type: "context", elements: [{ type: "mrkdwn", text }] };
}

/** Our side of an invitation; one from a newer model as AWS wrote it. */
function roleLabel(role: string | undefined): string {
  if (role === "RECEIVER") return "Receiver";
  if (role === "SENDER") return "Sender";
  return role ? safeText(role, 40) : "Not given";
}

/** The title, and a line under it saying what this is and where. */
export function titled(title: string, context: string): KnownBlock[] {
  return [
    { type: "header", text: { type: "plain_text", text: plain(title, 150) } },
    { type: "context", elements: [{ type: "mrkdwn", text: context }] },
  ];
}

function whenText(date: Date | undefined): string | undefined {
  return date ? dateToken(date) : undefined;
}

const code = (id: string, max = 80) => `\`${safeLine(id, max)}\``;

export function renderEngagementDetails(
  d: EngagementInvitationDetails,
  now: Date,
  options: { withActions: boolean },
): SlackMessage {
  const spend = expectedSpendText(d.project?.expectedSpend ?? []);
  const contacts = d.senderContacts.slice(0, 5).map(contactLine).join("\n");
  const members = d.existingMembers
    .slice(0, 10)
    .map(
      (m) => `${safeText(m.companyName, 100, "Unnamed")}${m.websiteUrl ? ` (${webLink(m.websiteUrl)})` : ""}`,
    )
    .join("\n");
  const customer = d.customer
    ? [
        `*${safeText(d.customer.companyName, 120, "Unnamed customer")}*`,
        d.customer.industry && safeText(d.customer.industry, 60),
        d.customer.countryCode && countryName(d.customer.countryCode),
        d.customer.websiteUrl && webLink(d.customer.websiteUrl),
      ]
        .filter(Boolean)
        .join(" · ")
    : undefined;
  const kind = d.payloadType === "LeadInvitation" ? "Lead" : "Engagement";
  const blocks: KnownBlock[] = [
    ...titled(
      invitationPlainName(d),
      `${kind} invitation ${counterpartText(d)} · ${code(d.id)} · ${d.catalog} catalog`,
    ),
    ...fieldsSection(
      [
        ["Customer", customer],
        ["Project", d.project?.title ? safeText(d.project.title, 300) : safeText(d.title, 300)],
        ["Expected spend", spend || undefined],
        [
          "Target completion",
          d.project?.targetCompletionDate ? dayToken(d.project.targetCompletionDate) : undefined,
        ],
        ["Status", statusLabel(d.status)],
        ["Expires", d.status === "PENDING" ? expiryText(d, now) : whenText(d.expiresAt)],
        // The other side: who sent it to us, or who we sent it to.
        [d.role === "SENDER" ? "Receiver" : "Sender", partnerText(d.counterpart)],
        ["Sent", whenText(d.invitedAt)],
        ["Rejection reason", d.rejectionReason ? safeText(d.rejectionReason, 300) : undefined],
      ],
      statusBlockId(invitationKey(d)),
    ),
    ...textSection("Business problem", d.project?.businessProblem),
    ...textSection("Message from the sender", d.message),
    ...textSection("Description", d.description),
    ...(contacts
      ? [{ type: "section", text: { type: "mrkdwn", text: `*Sender contacts*\n${contacts}` } } as const]
      : []),
    ...(members
      ? [{ type: "section", text: { type: "mrkdwn", text: `*Existing members*\n${members}` } } as const]
      : []),
    ...(d.receiverResponsibilities.length
      ? textSection("Expected of you", d.receiverResponsibilities.join(", "))
      : []),
    detailsActions(d, options.withActions),
    smallPrint([
      // Named, the sender's account is still what Partner Central's console and its support go by.
      d.counterpart.name && d.counterpart.awsAccountId
        ? `${d.role === "SENDER" ? "Receiver" : "Sender"}: ${safeText(labelledId(d.counterpart.awsAccountId), 60)}`
        : undefined,
      partnerCentralHint("engagement invitation", code(d.id)),
    ]),
  ];
  return {
    text: `Engagement invitation: ${safeText(invitationPlainName(d), 200)} (${statusLabel(d.status)})`,
    blocks,
  };
}

export function renderConnectionInvitationDetails(
  d: ConnectionInvitationDetails,
  now: Date,
  options: { withActions: boolean },
): SlackMessage {
  const inviter = [
    d.inviterName && safeText(d.inviterName, 100),
    d.inviterEmail && safeText(d.inviterEmail, 150),
  ]
    .filter(Boolean)
    .join(" · ");
  const name = invitationPlainName(d);
  const id = d.counterpart.awsAccountId ?? d.counterpart.identifier;
  const blocks: KnownBlock[] = [
    ...titled(name, `${safeLine(d.title, 80)} invitation ${code(d.id)} · ${d.catalog} catalog`),
    ...fieldsSection(
      [
        ["Status", statusLabel(d.status)],
        ["Expires", d.status === "PENDING" ? expiryText(d, now) : whenText(d.expiresAt)],
        [d.role === "SENDER" ? "To" : d.role === "RECEIVER" ? "From" : "With", partnerText(d.counterpart)],
        ["Your side", roleLabel(d.role)],
        ["Inviter", inviter || undefined],
        ["Sent", whenText(d.invitedAt)],
        ["Connection", d.connectionId ? code(d.connectionId) : undefined],
      ],
      statusBlockId(invitationKey(d)),
    ),
    ...textSection("Message", d.message),
    detailsActions(d, options.withActions),
    smallPrint([
      // Named, the partner's id is still what Partner Central's console and its support go by.
      d.counterpart.name && id ? safeText(labelledId(id), 120) : undefined,
      partnerCentralHint("connection invitation", code(d.id)),
    ]),
  ];
  return {
    text: `Connection invitation: ${safeText(name, 200)} (${statusLabel(d.status)})`,
    blocks,
  };
}

/** Who canceled a connection type: its partner, by name, or our own account (a connection has two sides). */
function canceledByText(c: Connection, canceledBy: string, partner: string): string {
  const theirs = [c.otherAccountId, ...c.types.map((t) => t.participant.id)];
  if (theirs.includes(canceledBy)) return ` by ${partner}`;
  return c.otherAccountId ? " by your account" : ` by ${safeText(labelledId(canceledBy), 80)}`;
}

export function renderConnectionDetails(c: Connection): SlackMessage {
  const counterpart = connectionCounterpart(c);
  const name = counterpart.name ?? (c.otherAccountId ? labelledId(c.otherAccountId) : "Unnamed partner");
  const partner = `*${safeLine(name, 120)}*`;
  const typeSections: KnownBlock[] = c.types.slice(0, 10).map((t) => {
    const extra = [
      t.createdAt ? `created ${dateToken(t.createdAt)}` : undefined,
      t.inviterName || t.inviterEmail
        ? `invitation sent by ${[t.inviterName && safeText(t.inviterName, 100), t.inviterEmail && safeText(t.inviterEmail, 120)].filter(Boolean).join(" · ")}`
        : undefined,
      t.canceledAt
        ? `canceled ${dateToken(t.canceledAt)}${t.canceledBy ? canceledByText(c, t.canceledBy, partner) : ""}`
        : undefined,
    ].filter(Boolean);
    return {
      type: "section",
      text: { type: "mrkdwn", text: [connectionTypeLine(t), ...extra.map((e) => `    ${e}`)].join("\n") },
    };
  });
  const profiles = [...new Set(c.types.flatMap((t) => t.participant.id ?? []))].slice(0, 3);
  const blocks: KnownBlock[] = [
    ...titled(
      name,
      `${counterpart.kind} connection ${code(c.id)} · ${c.catalog} catalog${c.updatedAt ? ` · updated ${dateToken(c.updatedAt)}` : ""}`,
    ),
    ...typeSections,
    { type: "actions", elements: [consoleButton()] },
    smallPrint([
      c.otherAccountId && counterpart.name ? safeText(labelledId(c.otherAccountId), 60) : undefined,
      ...profiles.map((id) => safeText(labelledId(id), 100)),
      partnerCentralHint("connection", code(c.id)),
    ]),
  ];
  return { text: `Connection with ${safeText(name, 150)}`, blocks };
}
