import type { KnownBlock } from "@slack/types";
import type { DigestContent, DigestFailure, ExpiringDigest } from "../../digest/run.ts";
import {
  type ExpiringCounts,
  ExpiringSelection,
  expiringHeadline,
  groupByUrgency,
  type Urgency,
  type UrgencyGroup,
} from "../../digest/select.ts";
import type { Catalog } from "../../partnercentral/model.ts";
import { ACTION, COMMAND } from "../ids.ts";
import { headlineBlock, urgencyBlockId } from "./headline.ts";
import { invitationBlocks, invitationPlainLine, whoMayActBlocks } from "./invitation.ts";
import { LIMITS, plural, safeText, textLength, timeLeft } from "./text.ts";
import type { SlackMessage, Viewer } from "./types.ts";

/** Kept free for the "not shown" summary and its Show all button: blocks, and characters of text. */
const SUMMARY_BLOCKS = 2;
const SUMMARY_TEXT = 300;

const URGENCY_EMOJI: Record<Urgency, string> = {
  day: ":rotating_light:",
  threeDays: ":warning:",
  later: ":calendar:",
};

/**
 * A group's words: within a digest's window the last group ends where the window does; a list has no
 * window, so its last group is everything with more time left.
 */
function urgencyWords(urgency: Urgency, windowDays: number | undefined): string {
  if (urgency === "day") return "within 24 hours";
  if (urgency === "threeDays") return "within 3 days";
  return windowDays === undefined ? "in more than 3 days" : `within ${plural(windowDays, "day")}`;
}

/**
 * A group's heading: "🚨 Expires within 24 hours (3)", with how many the group holds in all (`count`, when
 * only some are shown); `windowDays` for a digest's window.
 */
export function urgencyHeading(
  group: UrgencyGroup,
  windowDays?: number,
  count = group.invitations.length,
): KnownBlock {
  return {
    type: "section",
    block_id: urgencyBlockId(group.urgency),
    text: {
      type: "mrkdwn",
      text: `${URGENCY_EMOJI[group.urgency]} *Expires ${urgencyWords(group.urgency, windowDays)}* (${count})`,
    },
  };
}

/** Value of the Show all button: what to list again, in full. */
export const showAllValue = (catalog: Catalog, windowDays: number) => `${catalog}:${windowDays}`;

export function parseShowAllValue(
  value: string | undefined,
): { catalog: Catalog; windowDays: number } | undefined {
  const match = /^(AWS|Sandbox):(\d{1,2})$/.exec(value ?? "");
  if (!match) return undefined;
  const windowDays = Number(match[2]);
  return windowDays >= 1 && windowDays <= 15 ? { catalog: match[1] as Catalog, windowDays } : undefined;
}

/**
 * Invitations nearing expiry, grouped by urgency, with buttons. What does not fit in one message (50
 * blocks, about 12,000 characters of text) is summarised by group with a Show all button. `invitations`
 * may be only the soonest of `counts` (see fetchExpiring): rows are rendered until the message is full,
 * and the rest are counted, not rendered.
 */
export function renderExpiring(
  args: Omit<ExpiringDigest, "counts"> & {
    /** Every invitation in the window, counted; without it, `invitations` are all of them. */
    counts?: ExpiringCounts;
    /** Who reads it, when it is one person's answer rather than a channel's digest. */
    viewer?: Viewer;
    /** Left free for what follows the invitations (a digest's opportunities): blocks, and characters of text. */
    reserve?: { blocks: number; text: number };
  },
): SlackMessage {
  const { invitations, now, windowDays, catalog } = args;
  const counts = args.counts ?? new ExpiringSelection(now, windowDays).add(invitations).counts;
  const reserve = args.reserve ?? { blocks: 0, text: 0 };
  if (counts.total === 0) {
    const pending =
      args.totalPending === undefined ? "" : ` ${plural(args.totalPending, "invitation")} pending in all.`;
    const text = `:white_check_mark: Nothing expires within ${plural(windowDays, "day")}.${pending}`;
    return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
  }
  const headline = expiringHeadline(counts, windowDays);
  const blocks: KnownBlock[] = [
    headlineBlock({ kind: "expiring", total: counts.total, day: counts.byUrgency.day, windowDays }),
    {
      type: "context",
      elements: [
        { type: "mrkdwn", text: `Pending invitations you received · ${catalog} catalog · soonest first` },
      ],
    },
    ...whoMayActBlocks(invitations, args.viewer),
  ];
  let used = textLength(blocks);
  const shown: Record<Urgency, number> = { day: 0, threeDays: 0, later: 0 };
  rows: for (const group of groupByUrgency(invitations, now)) {
    let heading: KnownBlock[] = [
      { type: "divider" },
      urgencyHeading(group, windowDays, counts.byUrgency[group.urgency]),
    ];
    for (const invitation of group.invitations) {
      const needed = [...heading, ...invitationBlocks(invitation, now, args.viewer?.mayAct)];
      const size = textLength(needed);
      const fits =
        blocks.length + needed.length + SUMMARY_BLOCKS + reserve.blocks <= LIMITS.blocksPerMessage &&
        used + size + SUMMARY_TEXT + reserve.text <= LIMITS.blocksText;
      if (!fits) break rows;
      blocks.push(...needed);
      used += size;
      shown[group.urgency]++;
      heading = [];
    }
  }
  const notShown = new Map(
    (["day", "threeDays", "later"] as const)
      .map((urgency) => [urgency, counts.byUrgency[urgency] - shown[urgency]] as const)
      .filter(([, n]) => n > 0),
  );
  if (notShown.size > 0) {
    const summary = [...notShown.entries()]
      .map(([urgency, n]) => `${plural(n, "invitation")} expiring ${urgencyWords(urgency, windowDays)}`)
      .join(", ");
    blocks.push(
      { type: "section", text: { type: "mrkdwn", text: `:heavy_plus_sign: Not shown here: ${summary}.` } },
      {
        type: "actions",
        block_id: "digest_more",
        elements: [
          {
            type: "button",
            action_id: ACTION.showAll,
            text: { type: "plain_text", text: `Show all ${counts.total}` },
            value: showAllValue(catalog, windowDays),
          },
        ],
      },
    );
  }
  const lines = invitations.slice(0, 3).map((i) => `• ${invitationPlainLine(i, now)}`);
  return { text: [headline, ...lines].join("\n"), blocks };
}

/**
 * Posted instead of a digest that could not be built: the reason, never a partial list presented as
 * complete.
 */
export function renderDigestFailure(args: DigestFailure): SlackMessage {
  const text = `:x: The digest of invitations expiring within ${plural(args.windowDays, "day")} could not be built. ${safeText(args.reason, 1500)}`;
  const tried =
    args.attempts > 1
      ? `Tried ${args.attempts} times over ${timeLeft(new Date(args.overMs), new Date(0))}. `
      : "";
  const context = `${tried}Nothing is listed rather than an incomplete list; \`${COMMAND} digest now\` tries again.`;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      { type: "context", elements: [{ type: "mrkdwn", text: context }] },
    ],
  };
}

/** A digest as its channel sees it. */
export function renderDigest(digest: DigestContent): SlackMessage {
  return digest.kind === "failed" ? renderDigestFailure(digest) : renderExpiring(digest);
}
