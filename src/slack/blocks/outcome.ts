import type { ContextBlock, KnownBlock } from "@slack/types";
import type { ActionRecord } from "../../store/index.js";
import { dateToken, safeText, titleCase } from "./text.js";

export const OUTCOME_PREFIX = "out:";
const ACTIONS_PREFIX = "act:";

const verbs = {
  accept: { doing: "accepting", done: "Accepted", emoji: ":white_check_mark:" },
  reject: { doing: "rejecting", done: "Rejected", emoji: ":x:" },
  cancel: { doing: "canceling", done: "Canceled", emoji: ":no_entry_sign:" },
} as const;

/** One line saying who did what to the invitation, and when. */
export function outcomeText(record: ActionRecord): string {
  const verb = verbs[record.action];
  const who = `<@${record.userId}>`;
  const when = dateToken(record.finishedAt ?? record.createdAt);
  switch (record.status) {
    case "pending":
      return `:hourglass_flowing_sand: ${who} is ${verb.doing} this invitation…`;
    case "succeeded": {
      const result =
        record.resultId && record.action === "accept"
          ? ` · ${record.invitationKind === "engagement" ? "opportunity" : "connection"} \`${safeText(record.resultId, 40)}\``
          : "";
      const reason = record.reason ? ` · “${safeText(record.reason, 256)}”` : "";
      return `${verb.emoji} ${verb.done} by ${who} · ${when}${result}${reason}`;
    }
    case "conflict":
      return `:information_source: Already ${safeText(titleCase(record.detail ?? "changed"), 40).toLowerCase()} in Partner Central when ${who} tried to ${record.action} it · ${when}`;
    case "failed":
      return `:warning: ${who} could not ${record.action} this invitation: ${safeText(record.detail, 600, "unknown error")} · ${when}. Try again below.`;
  }
}

export function outcomeBlock(record: ActionRecord): ContextBlock {
  return {
    type: "context",
    block_id: `${OUTCOME_PREFIX}${record.key}`,
    elements: [{ type: "mrkdwn", text: outcomeText(record) }],
  };
}

/** Invitation keys a message shows buttons or outcomes for. */
export function invitationKeysIn(blocks: KnownBlock[]): string[] {
  const keys = new Set<string>();
  for (const block of blocks) {
    const id = block.block_id ?? "";
    if (id.startsWith(ACTIONS_PREFIX)) keys.add(id.slice(ACTIONS_PREFIX.length));
    if (id.startsWith(OUTCOME_PREFIX)) keys.add(id.slice(OUTCOME_PREFIX.length));
  }
  return [...keys];
}

/**
 * Shows each recorded decision under its invitation: an outcome line replaces the buttons once decided;
 * while pending or after a failure the buttons stay, so the invitation remains actionable. Other
 * invitations in the message are left as they were. Applying it twice gives the same blocks.
 */
export function applyOutcomes(blocks: KnownBlock[], records: Map<string, ActionRecord>): KnownBlock[] {
  const withButtons = new Set(
    blocks.flatMap((b) =>
      b.block_id?.startsWith(ACTIONS_PREFIX) ? [b.block_id.slice(ACTIONS_PREFIX.length)] : [],
    ),
  );
  const result: KnownBlock[] = [];
  for (const block of blocks) {
    const id = block.block_id ?? "";
    if (id.startsWith(OUTCOME_PREFIX)) {
      const key = id.slice(OUTCOME_PREFIX.length);
      const record = records.get(key);
      if (!withButtons.has(key)) result.push(record ? outcomeBlock(record) : block);
      continue;
    }
    if (id.startsWith(ACTIONS_PREFIX)) {
      const record = records.get(id.slice(ACTIONS_PREFIX.length));
      if (record) result.push(outcomeBlock(record));
      if (!record || record.status === "pending" || record.status === "failed") result.push(block);
      continue;
    }
    result.push(block);
  }
  return result;
}
