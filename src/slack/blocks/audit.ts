import type { KnownBlock } from "@slack/types";
import type { ActionRecord } from "../../store/index.ts";
import { type ListPage, navigation, pageContext } from "./lists.ts";
import { outcomeText } from "./outcome.ts";
import { plural, safeLine, safeText } from "./text.ts";
import type { SlackMessage } from "./types.ts";

/** One decision as the audit shows it; `title` when Partner Central still has the invitation. */
export interface AuditEntry {
  record: ActionRecord;
  title?: string;
}

const kinds = { engagement: "Engagement invitation", connection: "Connection invitation" } as const;

/** What, then who did what and when with which result, then what AWS Support would need. */
function entryBlocks({ record, title }: AuditEntry): KnownBlock[] {
  const what = `${title ? `*${safeLine(title, 200)}* · ` : ""}${kinds[record.invitationKind]} \`${safeLine(record.invitationId, 80)}\` · ${record.catalog}`;
  const support = [
    record.awsRequestId ? `AWS request \`${safeText(record.awsRequestId, 80)}\`` : undefined,
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
