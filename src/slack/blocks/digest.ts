import type { KnownBlock } from "@slack/types";
import type { DigestContent, DigestFailure, ExpiringDigest } from "../../digest/run.ts";
import { expiringHeadline, groupByUrgency, type Urgency, type UrgencyGroup } from "../../digest/select.ts";
import type { Catalog } from "../../partnercentral/model.ts";
import { ACTION, COMMAND } from "../ids.ts";
import { invitationBlocks, invitationPlainLine, type Viewer, whoMayActBlocks } from "./invitation.ts";
import { LIMITS, plural, safeText, textLength, timeLeft } from "./text.ts";
import type { SlackMessage } from "./types.ts";

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

/** A group's heading: "🚨 Expires within 24 hours (3)"; `windowDays` for a digest's window. */
export function urgencyHeading(group: UrgencyGroup, windowDays?: number): KnownBlock {
  return {
    type: "section",
    text: {
      type: "mrkdwn",
      text: `${URGENCY_EMOJI[group.urgency]} *Expires ${urgencyWords(group.urgency, windowDays)}* (${group.invitations.length})`,
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
 * blocks, about 12,000 characters of text) is summarised by group with a Show all button.
 */
export function renderExpiring(
  args: ExpiringDigest & {
    /** Who reads it, when it is one person's answer rather than a channel's digest. */
    viewer?: Viewer;
    /** Left free for what follows the invitations (a digest's opportunities): blocks, and characters of text. */
    reserve?: { blocks: number; text: number };
  },
): SlackMessage {
  const { invitations, now, windowDays, catalog } = args;
  const reserve = args.reserve ?? { blocks: 0, text: 0 };
  if (invitations.length === 0) {
    const pending =
      args.totalPending === undefined ? "" : ` ${plural(args.totalPending, "invitation")} pending in all.`;
    const text = `:white_check_mark: Nothing expires within ${plural(windowDays, "day")}.${pending}`;
    return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
  }
  const headline = expiringHeadline(invitations, now, windowDays);
  const blocks: KnownBlock[] = [
    {
      type: "header",
      text: {
        type: "plain_text",
        text: `:hourglass_flowing_sand: ${headline}`.slice(0, LIMITS.headerText),
        emoji: true,
      },
    },
    {
      type: "context",
      elements: [
        { type: "mrkdwn", text: `Pending invitations you received · ${catalog} catalog · soonest first` },
      ],
    },
    ...whoMayActBlocks(invitations, args.viewer),
  ];
  let used = textLength(blocks);
  const notShown = new Map<Urgency, number>();
  for (const group of groupByUrgency(invitations, now)) {
    const groupHeading = urgencyHeading(group, windowDays);
    let headingShown = false;
    for (const invitation of group.invitations) {
      const item: KnownBlock[] = invitationBlocks(invitation, now, args.viewer?.mayAct);
      const needed = [...(headingShown ? [] : [{ type: "divider" } as KnownBlock, groupHeading]), ...item];
      const size = textLength(needed);
      const fits =
        notShown.size === 0 &&
        blocks.length + needed.length + SUMMARY_BLOCKS + reserve.blocks <= LIMITS.blocksPerMessage &&
        used + size + SUMMARY_TEXT + reserve.text <= LIMITS.blocksText;
      if (!fits) {
        notShown.set(group.urgency, (notShown.get(group.urgency) ?? 0) + 1);
        continue;
      }
      blocks.push(...needed);
      used += size;
      headingShown = true;
    }
  }
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
            text: { type: "plain_text", text: `Show all ${invitations.length}` },
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
