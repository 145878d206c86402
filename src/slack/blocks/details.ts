import type { ActionsBlock, Button, KnownBlock, SectionBlock } from "@slack/types";
import {
  type Connection,
  type ConnectionInvitationDetails,
  type EngagementInvitationDetails,
  type Invitation,
  invitationKey,
} from "../../partnercentral/model.ts";
import { ACTION, blockIds } from "../ids.ts";
import {
  counterpartText,
  decisionButtons,
  expiryText,
  PARTNER_CENTRAL_CONSOLE_URL,
  statusLabel,
} from "./invitation.ts";
import { connectionCounterpart, connectionTypeLine } from "./lists.ts";
import { statusBlockId } from "./outcome.ts";
import { countryName, dateToken, dayToken, formatMoney, plain, safeText, webLink } from "./text.ts";
import type { SlackMessage } from "./types.ts";

function field(label: string, value: string): { type: "mrkdwn"; text: string } {
  return { type: "mrkdwn", text: `*${label}*\n${value}` };
}

/** Fields ten to a section; the first section, which holds the Status, can be named by `blockId`. */
function fieldsSection(fields: Array<[string, string | undefined]>, blockId?: string): SectionBlock[] {
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

function textSection(label: string, text: string | undefined, max = 2800): SectionBlock[] {
  if (!text?.trim()) return [];
  return [{ type: "section", text: { type: "mrkdwn", text: `*${label}*\n${safeText(text, max)}` } }];
}

function consoleButton(): Button {
  return {
    type: "button",
    action_id: ACTION.openInPartnerCentral,
    text: { type: "plain_text", text: "View in Partner Central" },
    url: PARTNER_CENTRAL_CONSOLE_URL,
  };
}

/** Buttons under a details message: the invitation's decisions, for those who may act, and the console link. */
function detailsActions(invitation: Invitation, withActions: boolean): ActionsBlock {
  const own = withActions ? decisionButtons(invitation) : [];
  return { type: "actions", block_id: blockIds.actions(invitation), elements: [...own, consoleButton()] };
}

/** Our side of an invitation; one from a newer model as AWS wrote it. */
function roleLabel(role: string | undefined): string {
  if (role === "RECEIVER") return "Receiver";
  if (role === "SENDER") return "Sender";
  return role ? safeText(role, 40) : "Not given";
}

/** The title, and a line under it saying what this is and where. */
function titled(title: string, context: string): KnownBlock[] {
  return [
    { type: "header", text: { type: "plain_text", text: plain(title, 150) } },
    { type: "context", elements: [{ type: "mrkdwn", text: context }] },
  ];
}

function whenText(date: Date | undefined): string | undefined {
  return date ? dateToken(date) : undefined;
}

export function renderEngagementDetails(
  d: EngagementInvitationDetails,
  now: Date,
  options: { withActions: boolean },
): SlackMessage {
  const spend = d.project?.expectedSpend
    .slice(0, 5)
    .map((s) =>
      [
        s.amount && formatMoney(s.amount, s.currencyCode),
        s.frequency && safeText(s.frequency.toLowerCase(), 40),
        s.targetCompany && `for ${safeText(s.targetCompany, 100)}`,
      ]
        .filter(Boolean)
        .join(" "),
    )
    .join("\n");
  const contacts = d.senderContacts
    .slice(0, 5)
    .map((c) =>
      [
        safeText(c.name, 80, "Unnamed"),
        c.title && safeText(c.title, 80),
        c.email && safeText(c.email, 120),
        c.phone && safeText(c.phone, 40),
      ]
        .filter(Boolean)
        .join(" · "),
    )
    .join("\n");
  const members = d.existingMembers
    .slice(0, 10)
    .map(
      (m) => `${safeText(m.companyName, 100, "Unnamed")}${m.websiteUrl ? ` (${webLink(m.websiteUrl)})` : ""}`,
    )
    .join("\n");
  const customer = d.customer
    ? [
        safeText(d.customer.companyName, 120, "Unnamed customer"),
        d.customer.industry && safeText(d.customer.industry, 60),
        d.customer.countryCode && countryName(d.customer.countryCode),
        d.customer.websiteUrl && webLink(d.customer.websiteUrl),
      ]
        .filter(Boolean)
        .join(" · ")
    : undefined;
  const blocks: KnownBlock[] = [
    ...titled(d.title, `Engagement invitation \`${safeText(d.id, 80)}\` · ${d.catalog} catalog`),
    ...fieldsSection(
      [
        ["Status", statusLabel(d.status)],
        // The other side: who sent it to us, or who we sent it to.
        [d.role === "SENDER" ? "Receiver" : "Sender", counterpartText(d).replace(/^(?:from|to) /, "")],
        ["Invited", whenText(d.invitedAt)],
        ["Expires", d.status === "PENDING" ? expiryText(d, now) : whenText(d.expiresAt)],
        ["Customer", customer],
        ["Project", d.project?.title ? safeText(d.project.title, 300) : undefined],
        [
          "Target completion",
          d.project?.targetCompletionDate ? dayToken(d.project.targetCompletionDate) : undefined,
        ],
        ["Expected spend", spend || undefined],
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
  ];
  return { text: `Engagement invitation: ${safeText(d.title, 200)} (${statusLabel(d.status)})`, blocks };
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
  const blocks: KnownBlock[] = [
    ...titled(d.title, `Connection invitation \`${safeText(d.id, 80)}\` · ${d.catalog} catalog`),
    ...fieldsSection(
      [
        ["Status", statusLabel(d.status)],
        [
          d.role === "SENDER" ? "To" : d.role === "RECEIVER" ? "From" : "With",
          d.counterpart.name
            ? `*${safeText(d.counterpart.name, 120)}* (\`${safeText(d.counterpart.identifier, 80)}\`)`
            : `\`${safeText(d.counterpart.identifier, 80)}\``,
        ],
        ["Your side", roleLabel(d.role)],
        ["Inviter", inviter || undefined],
        ["Sent", whenText(d.invitedAt)],
        ["Expires", d.status === "PENDING" ? expiryText(d, now) : whenText(d.expiresAt)],
        ["Connection", d.connectionId ? `\`${safeText(d.connectionId, 80)}\`` : undefined],
      ],
      statusBlockId(invitationKey(d)),
    ),
    ...textSection("Message", d.message),
    detailsActions(d, options.withActions),
  ];
  return { text: `Connection invitation ${safeText(d.id, 80)} (${statusLabel(d.status)})`, blocks };
}

export function renderConnectionDetails(c: Connection): SlackMessage {
  const counterpart = connectionCounterpart(c);
  const name = counterpart.name ?? "Unnamed participant";
  const typeSections: KnownBlock[] = c.types.slice(0, 10).map((t) => {
    const extra = [
      t.participant.name
        ? `${safeText(t.participant.name, 120)} (${t.participant.kind}${t.participant.id ? ` \`${safeText(t.participant.id, 60)}\`` : ""})`
        : undefined,
      t.createdAt ? `created ${dateToken(t.createdAt)}` : undefined,
      t.inviterName || t.inviterEmail
        ? `invited by ${[t.inviterName && safeText(t.inviterName, 100), t.inviterEmail && safeText(t.inviterEmail, 120)].filter(Boolean).join(" · ")}`
        : undefined,
      t.canceledAt
        ? `canceled ${dateToken(t.canceledAt)}${t.canceledBy ? ` by \`${safeText(t.canceledBy, 40)}\`` : ""}`
        : undefined,
    ].filter(Boolean);
    return {
      type: "section",
      text: { type: "mrkdwn", text: [connectionTypeLine(t), ...extra.map((e) => `    ${e}`)].join("\n") },
    };
  });
  const blocks: KnownBlock[] = [
    ...titled(
      name,
      `${counterpart.kind} connection \`${safeText(c.id, 80)}\`${c.otherAccountId ? ` · account \`${safeText(c.otherAccountId, 20)}\`` : ""} · ${c.catalog} catalog${c.updatedAt ? ` · updated ${dateToken(c.updatedAt)}` : ""}`,
    ),
    ...typeSections,
    { type: "actions", elements: [consoleButton()] },
  ];
  return { text: `Connection with ${safeText(name, 150)}`, blocks };
}
