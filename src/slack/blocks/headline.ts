import type { HeaderBlock, KnownBlock } from "@slack/types";
import type { Urgency } from "../../digest/select.ts";
import { BLOCK_PREFIX } from "../ids.ts";
import { LIMITS, plural } from "./text.ts";

/**
 * What a digest's or an alert's headline counts when it is posted: for a digest, the invitations expiring
 * within its window and those of them within 24 hours; for an alert, the new invitations. Kept in the
 * header's block id, so every redraw recounts the headline from what the message shows.
 */
export type HeadlineCounts =
  | { kind: "expiring"; total: number; day: number; windowDays: number }
  | { kind: "new"; total: number };

/** The rows shown no longer waiting for an answer, and of them, those that were due within 24 hours. */
export interface DecidedSince {
  total: number;
  day: number;
}

const HEAD_PREFIX = "head:";
const URGENCY_PREFIX = "urgency:";

/** The block id of a group's heading, so a redraw knows which rows were due within 24 hours. */
export const urgencyBlockId = (urgency: Urgency): string => `${URGENCY_PREFIX}${urgency}`;

function blockIdOf(counts: HeadlineCounts): string {
  return counts.kind === "expiring"
    ? `${HEAD_PREFIX}expiring:${counts.total}:${counts.day}:${counts.windowDays}`
    : `${HEAD_PREFIX}new:${counts.total}`;
}

function countsOf(blockId: string | undefined): HeadlineCounts | undefined {
  const expiring = /^head:expiring:(\d{1,6}):(\d{1,6}):(\d{1,2})$/.exec(blockId ?? "");
  if (expiring) {
    const [total, day, windowDays] = expiring.slice(1).map(Number) as [number, number, number];
    return { kind: "expiring", total, day, windowDays };
  }
  const fresh = /^head:new:(\d{1,6})$/.exec(blockId ?? "");
  return fresh ? { kind: "new", total: Number(fresh[1]) } : undefined;
}

/** "New invitation received", "3 new invitations received". */
export const receivedText = (total: number): string =>
  total === 1 ? "New invitation received" : `${plural(total, "new invitation")} received`;

/** "11 invitations expire within 5 days — 5 within 24 hours — 2 decided since". */
export function headlineText(counts: HeadlineCounts, decided: DecidedSince = { total: 0, day: 0 }): string {
  const since = decided.total > 0 ? ` — ${decided.total} decided since` : "";
  if (counts.kind === "new") {
    const received = receivedText(counts.total);
    const all = counts.total === 1 && decided.total > 0 ? " — decided since" : since;
    return `:new: ${received}${all}`;
  }
  const waiting = Math.max(0, counts.total - decided.total);
  if (waiting === 0 && decided.total > 0) return `:white_check_mark: Nothing left to answer${since}`;
  const urgent = Math.max(0, counts.day - decided.day);
  const verb = waiting === 1 ? "expires" : "expire";
  return `:hourglass_flowing_sand: ${plural(waiting, "invitation")} ${verb} within ${plural(counts.windowDays, "day")}${urgent ? ` — ${urgent} within 24 hours` : ""}${since}`;
}

/** The header of a digest or an alert, as posted and as every redraw recounts it. */
export function headlineBlock(counts: HeadlineCounts, decided?: DecidedSince): HeaderBlock {
  return {
    type: "header",
    block_id: blockIdOf(counts),
    text: {
      type: "plain_text",
      text: headlineText(counts, decided).slice(0, LIMITS.headerText),
      emoji: true,
    },
  };
}

/**
 * The message with its headline recounted from what it shows: a row whose decision buttons are gone (every
 * row of a digest or an alert has them while it waits) counts as decided since, and as due within 24 hours
 * when it sits under that group's heading. Messages without such a headline are returned as they are.
 */
export function recountHeadline(blocks: KnownBlock[]): KnownBlock[] {
  const at = blocks.findIndex((b) => b.type === "header" && countsOf(b.block_id) !== undefined);
  const counts = at === -1 ? undefined : countsOf(blocks[at]?.block_id);
  if (!counts) return blocks;
  const waiting = new Set(
    blocks.flatMap((b) =>
      b.block_id?.startsWith(BLOCK_PREFIX.actions) ? [b.block_id.slice(BLOCK_PREFIX.actions.length)] : [],
    ),
  );
  const decided: DecidedSince = { total: 0, day: 0 };
  let group: string | undefined;
  for (const block of blocks) {
    if (block.block_id?.startsWith(URGENCY_PREFIX)) group = block.block_id.slice(URGENCY_PREFIX.length);
    const row = block.block_id?.startsWith(BLOCK_PREFIX.summary)
      ? block.block_id.slice(BLOCK_PREFIX.summary.length)
      : undefined;
    if (row === undefined || waiting.has(row)) continue;
    decided.total++;
    if (group === "day") decided.day++;
  }
  return blocks.map((block, n) => (n === at ? headlineBlock(counts, decided) : block));
}
