import type { KnownBlock } from "@slack/types";
import type { OpportunityChange } from "../../opportunities/changes.ts";
import type { OpportunityPost } from "../../opportunities/post.ts";
import { reviewStatusLabel, stageLabel } from "./opportunity.ts";
import { opportunityName, opportunityNameText, viewOpportunityButton } from "./opportunity-ref.ts";
import { fittingLines, LIMITS, safeLine, safeText } from "./text.ts";
import type { SlackMessage } from "./types.ts";

/** A quote of text from AWS, every line of it. */
const quoted = (text: string, max: number) => `> ${safeText(text, max).replace(/\n/g, "\n> ")}`;

/** What the post leads with: the change that matters most, in words. */
function headline(post: OpportunityPost, name: string): string {
  const review = post.changes.find((c) => c.kind === "reviewStatus");
  if (review?.kind === "reviewStatus") {
    switch (review.to) {
      case "Action Required":
        return `:warning: AWS asks for action on ${name}`;
      case "Rejected":
        return `:x: AWS rejected ${name}`;
      case "Approved":
        return `:white_check_mark: AWS approved ${name}`;
      default:
        return `${reviewStatusLabel(review.to ?? "—").split(" ")[0]} AWS's review of ${name} is now ${safeLine(review.to, 60)}`;
    }
  }
  const first = post.changes[0];
  switch (first?.kind) {
    case "reviewComments":
      return `:speech_balloon: AWS's reviewers wrote again about ${name}`;
    case "stage":
      return `${first.to === "Closed Lost" ? ":heavy_multiplication_x:" : first.to === "Launched" ? ":rocket:" : ":chart_with_upwards_trend:"} ${name} moved to ${safeLine(first.to, 60)}`;
    default:
      return `:memo: AWS's next steps changed on ${name}`;
  }
}

const fromTo = (from: string | undefined, to: string | undefined, label: (s: string) => string) =>
  `${from ? `${label(from)} → ` : ""}*${to ? label(to) : "none"}*`;

/** One line (and a quote) per change: what it was, what it is now. */
function changeLines(change: OpportunityChange): string[] {
  switch (change.kind) {
    case "reviewStatus":
      return [
        `*AWS's review:* ${fromTo(change.from, change.to, reviewStatusLabel)}${change.reason ? ` · ${safeLine(change.reason, 150)}` : ""}`,
        ...(change.comments ? [quoted(change.comments, 1500)] : []),
      ];
    case "reviewComments":
      return [
        `*AWS's reviewers* (${safeLine(change.reviewStatus, 40)}${change.reason ? ` · ${safeLine(change.reason, 150)}` : ""}):`,
        ...(change.to ? [quoted(change.to, 1500)] : []),
        ...(change.from ? [`_Before:_ ${safeLine(change.from, 300)}`] : []),
      ];
    case "stage":
      return [`*Stage:* ${fromTo(change.from, change.to, stageLabel)}`];
    case "awsNextSteps":
      return [
        "*AWS's next steps:*",
        ...(change.to ? [quoted(change.to, 1000)] : []),
        ...(change.from ? [`_Before:_ ${safeLine(change.from, 300)}`] : []),
      ];
  }
}

/**
 * An opportunity that changed in a way the team should hear of: what changed, from what to what, with the
 * reviewers' comments, and a button that opens the opportunity as it is now.
 */
export function renderOpportunityChange(post: OpportunityPost): SlackMessage {
  const title = opportunityName(post);
  const name = opportunityNameText(post);
  const lines = [
    `${headline(post, name)} (\`${safeLine(post.id, 40)}\`)`,
    ...post.changes.flatMap(changeLines),
  ];
  const blocks: KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: fittingLines(lines, LIMITS.sectionText) } },
    {
      type: "actions",
      block_id: `oppchg:${post.catalog}:${post.id}`,
      elements: [viewOpportunityButton(post, "View opportunity")],
    },
  ];
  const plainTitle = headline(post, safeLine(title, 150))
    .replace(/^:[a-z_]+: /, "")
    .slice(0, 300);
  return { text: `${plainTitle} (${safeLine(post.id, 40)})`, blocks };
}
