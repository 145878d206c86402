import type { KnownBlock } from "@slack/types";
import type { OpportunitiesNeedingAction } from "../../digest/opportunities.ts";
import type { DigestContent, ExpiringDigest } from "../../digest/run.ts";
import { COMMAND } from "../ids.ts";
import { renderDigest, renderExpiring } from "./digest.ts";
import { opportunityRow } from "./opportunity.ts";
import { appendFitting, plural, safeText } from "./text.ts";
import type { SlackMessage } from "./types.ts";

/** Kept for the section in a digest whose invitations would fill it: its heading, three rows and the rest's count. */
const ROOM = { blocks: 9, text: 2_400 };
/** What the heading and the "more" line take. */
const FRAME = { blocks: 3, text: 400 };

/** A channel's digest: the invitations nearing expiry, then the opportunities that need action. */
export function renderChannelDigest(digest: DigestContent): SlackMessage {
  if (digest.kind === "failed") return renderDigest(digest);
  const reserve = opportunitiesRoom(digest.needingAction);
  return withOpportunities(renderExpiring({ ...digest, ...(reserve ? { reserve } : {}) }), digest);
}

/** The room the invitations leave for the opportunities section; none when there is nothing to say. */
function opportunitiesRoom(
  needing: OpportunitiesNeedingAction | undefined,
): { blocks: number; text: number } | undefined {
  return needing && (needing.total > 0 || needing.problem) ? ROOM : undefined;
}

/**
 * A channel's digest with "Opportunities that need action" after its invitations: AWS asks for action on
 * them, or their target close date has passed or is near. What the message has room for is shown, the
 * rest counted with the commands that list them; a failure to list them is said in their place.
 */
function withOpportunities(message: SlackMessage, digest: ExpiringDigest): SlackMessage {
  const needing = digest.needingAction;
  if (!needing || !opportunitiesRoom(needing)) return message;
  const { opportunities, total, actionRequired: asked, problem } = needing;
  const heading: KnownBlock[] = [
    { type: "divider" },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `:briefcase: *Opportunities that need action* (${total})`,
      },
    },
  ];
  if (problem) {
    const text = `:warning: They could not be listed: ${safeText(problem, 500)}`;
    return {
      text: message.text,
      blocks: [...message.blocks, ...heading, { type: "context", elements: [{ type: "mrkdwn", text }] }],
    };
  }
  const blocks = [...message.blocks, ...heading];
  const shown = appendFitting(blocks, opportunities, (o) => opportunityRow(o, digest.now), {
    blocks: 1,
    text: FRAME.text,
  });
  if (shown < total) {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `:heavy_plus_sign: ${total - shown} more not shown here: \`${COMMAND} opportunities review=action-required\` and \`${COMMAND} opportunities closing=${digest.windowDays}\` list them.`,
        },
      ],
    });
  }
  const summary = `${plural(total, "opportunity", "opportunities")} need${total === 1 ? "s" : ""} action${asked ? ` (${asked} Action Required)` : ""}`;
  return { text: `${message.text}\n${summary}`, blocks };
}
