import type { KnownBlock } from "@slack/types";
import type { ActionRecord } from "../../store/index.js";
import { dateToken, LIMITS, plural, safeText } from "./text.js";
import type { SlackMessage } from "./types.js";

const statusWords: Record<ActionRecord["status"], string> = {
  pending: "in progress",
  succeeded: "done",
  failed: "failed",
  conflict: "already decided elsewhere",
};

export function auditLine(record: ActionRecord): string {
  const what = `${record.action} ${record.invitationKind} invitation \`${safeText(record.invitationId, 80)}\` (${record.catalog})`;
  const result = record.resultId ? ` → \`${safeText(record.resultId, 40)}\`` : "";
  const detail = record.detail ? ` — ${safeText(record.detail, 200)}` : "";
  const reason = record.reason ? ` · reason “${safeText(record.reason, 256)}”` : "";
  const request = record.awsRequestId ? ` · request \`${safeText(record.awsRequestId, 80)}\`` : "";
  const attempts = record.attempts > 1 ? ` · attempt ${record.attempts}` : "";
  return `${dateToken(record.finishedAt ?? record.createdAt)} <@${record.userId}> ${what}: *${statusWords[record.status]}*${result}${detail}${reason}${request}${attempts}`;
}

export function renderAudit(records: ActionRecord[], days: number): SlackMessage {
  const heading = `Actions in the last ${plural(days, "day")}`;
  const blocks: KnownBlock[] = [{ type: "header", text: { type: "plain_text", text: heading } }];
  if (records.length === 0) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: "Nobody accepted, rejected or canceled anything from Slack." },
    });
  }
  // Several lines per section keep long logs within the 50-block limit.
  let section = "";
  for (const line of records.map(auditLine)) {
    if (section && section.length + line.length + 1 > LIMITS.sectionText) {
      blocks.push({ type: "section", text: { type: "mrkdwn", text: section } });
      section = "";
    }
    section = section ? `${section}\n${line}` : line;
  }
  if (section) blocks.push({ type: "section", text: { type: "mrkdwn", text: section } });
  return { text: `${heading}: ${records.length}`, blocks };
}
