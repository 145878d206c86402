import type { KnownBlock } from "@slack/types";
import type { DecisionAttempt, OpportunityActionAttempt } from "../../store/index.ts";
import { type ListPage, navigation, pageContext } from "./lists.ts";
import { opportunityAuditSubject, opportunityOutcomeLine } from "./opportunity-audit.ts";
import { outcomeText } from "./outcome.ts";
import { plural, safeLine, safeText } from "./text.ts";
import type { SlackMessage } from "./types.ts";

const kinds = { engagement: "Engagement invitation", connection: "Connection invitation" } as const;

/**
 * An entry: what (its title as Partner Central named it when acted on, then `subject`), then who did what
 * and when with which result, then what AWS Support would need.
 */
function entryBlocks(attempt: AuditEntry, subject: string, outcome: string): KnownBlock[] {
  const { title } = attempt;
  const what = `${title ? `*${safeLine(title, 200)}* · ` : ""}${subject}`;
  const support = [
    attempt.awsRequestId ? `request id \`${safeText(attempt.awsRequestId, 80)}\`` : undefined,
    attempt.attempt > 1 ? `attempt ${attempt.attempt}` : undefined,
  ].filter(Boolean);
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: `${what}\n${outcome}` } }];
  if (support.length)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: support.join(" · ") }] });
  return blocks;
}

/** An entry of the audit log: an attempt at deciding an invitation, or at changing an opportunity. */
export type AuditEntry = DecisionAttempt | OpportunityActionAttempt;

const isDecision = (entry: AuditEntry): entry is DecisionAttempt => "invitationKind" in entry;

/** The audit log as a timeline of every attempt, newest first, a page at a time. */
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
      text: {
        type: "mrkdwn",
        text: "Nobody accepted, rejected or canceled an invitation, or assigned an opportunity or changed its next steps, from Slack.",
      },
    });
  }
  for (const entry of entries) {
    blocks.push(
      { type: "divider" },
      ...(isDecision(entry)
        ? entryBlocks(
            entry,
            `${kinds[entry.invitationKind]} \`${safeLine(entry.invitationId, 80)}\` · ${entry.catalog}`,
            outcomeText(entry, "log"),
          )
        : entryBlocks(entry, opportunityAuditSubject(entry), opportunityOutcomeLine(entry))),
    );
  }
  blocks.push(...navigation(page));
  return { text: context, blocks };
}
