import type { KnownBlock } from "@slack/types";
import type { Invitation } from "../../partnercentral/model.ts";
import type { ActionRecord } from "../../store/index.ts";
import { invitationTitle } from "./invitation.ts";
import { type ListPage, navigation, pageContext } from "./lists.ts";
import { outcomeText } from "./outcome.ts";
import { plural, safeLine, safeText } from "./text.ts";
import type { SlackMessage } from "./types.ts";

/**
 * One decision as the audit shows it; `invitation` when Partner Central still has it, so the entry is
 * named as every other screen names it (customer and project, or partner and connection type).
 */
export interface AuditEntry {
  record: ActionRecord;
  invitation?: Invitation;
}

const kinds = { engagement: "Engagement invitation", connection: "Connection invitation" } as const;

/** What, then who did what and when with which result, then, in small print, what AWS Support would need. */
function entryBlocks({ record, invitation }: AuditEntry): KnownBlock[] {
  const kind = kinds[record.invitationKind];
  const id = `\`${safeLine(record.invitationId, 80)}\``;
  const what = invitation
    ? `${invitationTitle(invitation)} · ${kind} ${id} · ${record.catalog}`
    : `*${kind}* ${id} · ${record.catalog}`;
  const support = [
    record.awsRequestId ? `request id \`${safeText(record.awsRequestId, 80)}\`` : undefined,
    record.attempts > 1 ? `attempt ${record.attempts}` : undefined,
  ].filter(Boolean);
  const blocks: KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: `${what}\n${outcomeText(record, "log")}` } },
  ];
  if (support.length)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: support.join(" · ") }] });
  return blocks;
}

/** The audit log as a timeline, newest first, a page at a time. */
export function renderAudit(entries: AuditEntry[], days: number, page: ListPage): SlackMessage {
  const heading = `Decisions in the last ${plural(days, "day")}`;
  const context = pageContext(heading, "newest first", entries.length, page);
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: heading } },
    { type: "context", elements: [{ type: "mrkdwn", text: context }] },
  ];
  if (entries.length === 0 && page.number === 1) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: "Nobody accepted, rejected or canceled anything from Slack." },
    });
  }
  for (const entry of entries) blocks.push({ type: "divider" }, ...entryBlocks(entry));
  blocks.push(...navigation(page));
  return { text: context, blocks };
}
