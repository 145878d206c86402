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
export function opportunityOutcomeLine(a: OpportunityActionAttempt): string {
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

/** What an audit entry is about, after its title: the opportunity's id and catalog. */
export const opportunityAuditSubject = (a: OpportunityActionAttempt): string =>
  `Opportunity \`${safeLine(a.opportunityId, 40)}\` · ${a.catalog}`;
