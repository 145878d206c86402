import type { KnownBlock } from "@slack/types";
import type { OpportunityActionAttempt } from "../../store/index.ts";
import { dateToken, safeLine, safeText } from "./text.ts";

const DID = {
  assign: { done: "Assigned", doing: "assigning", failed: "assign", subject: "to" },
  "next-steps": {
    done: "Changed the next steps",
    doing: "changing the next steps of",
    failed: "change the next steps of",
    subject: "to",
  },
} as const;

/** Who did what to the opportunity, with what outcome and when, as the audit log keeps it. */
function outcomeLine(a: OpportunityActionAttempt): string {
  const who = `<@${a.userId}>`;
  const when = dateToken(a.finishedAt ?? a.createdAt);
  const did = DID[a.action];
  const to = a.subject ? ` ${did.subject} “${safeLine(a.subject, 300)}”` : "";
  switch (a.status) {
    case "succeeded":
      return `:white_check_mark: ${did.done}${to} by ${who} · ${when}`;
    case "pending":
      return `:hourglass_flowing_sand: ${who} is ${did.doing} it${to} · ${when}`;
    case "conflict":
      return `:information_source: ${who} tried to ${did.failed} it${to}, but it had changed in Partner Central meanwhile; nothing was overwritten · ${when}`;
    case "failed":
      return `:warning: ${who} could not ${did.failed} it${to}: ${safeText(a.detail, 600, "unknown error")} · ${when}`;
    case "abandoned":
      return `:warning: ${who} set out to ${did.failed} it${to}, but the app stopped before Partner Central answered · ${when}`;
  }
}

/** One opportunity action in the audit timeline: what, who did what and when, and what AWS Support needs. */
export function opportunityAuditEntry(a: OpportunityActionAttempt): KnownBlock[] {
  const what = `${a.title ? `*${safeLine(a.title, 200)}* · ` : ""}Opportunity \`${safeLine(a.opportunityId, 40)}\` · ${a.catalog}`;
  const support = [
    a.awsRequestId ? `request id \`${safeText(a.awsRequestId, 80)}\`` : undefined,
    a.attempt > 1 ? `attempt ${a.attempt}` : undefined,
  ].filter(Boolean);
  return [
    { type: "section", text: { type: "mrkdwn", text: `${what}\n${outcomeLine(a)}` } },
    ...(support.length
      ? [{ type: "context" as const, elements: [{ type: "mrkdwn" as const, text: support.join(" · ") }] }]
      : []),
  ];
}
