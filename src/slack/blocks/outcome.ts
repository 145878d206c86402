import type { ActionsBlock, ContextBlock, KnownBlock, Overflow, SectionBlock } from "@slack/types";
import { STATUS_AFTER, showsAsDecided } from "../../decisions/record.ts";
import { type Catalog, ID_FORMATS } from "../../partnercentral/model.ts";
import { OPPORTUNITY_ID } from "../../partnercentral/opportunity-model.ts";
import type { ActionRecord, ActionStatus } from "../../store/index.ts";
import { ACTION, BLOCK_PREFIX, menuValue, opportunityRefValue, parseMenuValue } from "../ids.ts";
import { recountHeadline } from "./headline.ts";
import { statusLabel } from "./invitation.ts";
import { viewOpportunityButton } from "./opportunity-ref.ts";
import { dateToken, safeText, titleCase } from "./text.ts";

const OUTCOME_PREFIX = "out:";
const STATUS_PREFIX = "sta:";

/** The block of an invitation's details holding its Status field, which an outcome rewrites. */
export const statusBlockId = (invitationKey: string): string => `${STATUS_PREFIX}${invitationKey}`;

const verbs = {
  accept: { doing: "accepting", done: "Accepted", emoji: ":white_check_mark:" },
  reject: { doing: "rejecting", done: "Rejected", emoji: ":x:" },
  cancel: { doing: "canceling", done: "Canceled", emoji: ":no_entry_sign:" },
} as const;

/** A decision as it stands, or one attempt at it as the audit log keeps it. */
export type DecisionLine = Pick<
  ActionRecord,
  | "action"
  | "userId"
  | "invitationKind"
  | "reason"
  | "detail"
  | "resultId"
  | "taskId"
  | "createdAt"
  | "finishedAt"
> & { status: ActionStatus | "abandoned" };

/** What an accept made of the invitation: an opportunity, for a lead its engagement, or a connection. */
function resultText(record: DecisionLine): string {
  if (!record.resultId || record.action !== "accept") return "";
  const kind =
    record.invitationKind === "connection"
      ? "connection"
      : ID_FORMATS.engagement.pattern.test(record.resultId)
        ? "engagement"
        : "opportunity";
  return ` · ${kind} \`${safeText(record.resultId, 40)}\``;
}

/** One line saying who did what to the invitation, and when; `log` for the audit, where nothing is retried. */
export function outcomeText(record: DecisionLine, where: "in place" | "log" = "in place"): string {
  const verb = verbs[record.action];
  const who = `<@${record.userId}>`;
  const when = dateToken(record.finishedAt ?? record.createdAt);
  switch (record.status) {
    case "pending":
      return record.taskId
        ? `:hourglass_flowing_sand: ${who} accepted this invitation; Partner Central is still accepting it · ${when}`
        : `:hourglass_flowing_sand: ${who} is ${verb.doing} this invitation…`;
    case "succeeded": {
      const reason = record.reason ? ` · “${safeText(record.reason, 256)}”` : "";
      return `${verb.emoji} ${verb.done} by ${who} · ${when}${resultText(record)}${reason}`;
    }
    case "conflict":
      return `:information_source: Already ${safeText(titleCase(record.detail ?? "changed"), 40).toLowerCase()} in Partner Central when ${who} tried to ${record.action} it · ${when}`;
    case "failed":
      return `:warning: ${who} could not ${record.action} this invitation: ${safeText(record.detail, 600, "unknown error")} · ${when}${where === "in place" ? ". Try again below." : ""}`;
    case "abandoned":
      return `:warning: ${who} set out to ${record.action} this invitation, but the app stopped before Partner Central answered · ${when}`;
  }
}

/** What is shown for an invitation once someone acted on it: its line, and whether its decision is made. */
export interface Outcome {
  text: string;
  /**
   * Decided, or Partner Central is carrying it out: its buttons go. Otherwise (under way, failed) they
   * stay, so it remains actionable.
   */
  decided: boolean;
  /** The invitation's status now, for a details message's Status field; unchanged when absent. */
  status?: string;
  /** The opportunity accepting it created, which its row and details then open. */
  opportunity?: { catalog: Catalog; id: string };
}

/** The opportunity an accepted engagement invitation became; a lead's engagement or a connection is none. */
function opportunityOf(record: ActionRecord): Outcome["opportunity"] {
  const made =
    record.status === "succeeded" &&
    record.action === "accept" &&
    record.invitationKind === "engagement" &&
    record.resultId !== undefined &&
    OPPORTUNITY_ID.pattern.test(record.resultId);
  return made ? { catalog: record.catalog, id: record.resultId as string } : undefined;
}

const VIEW_OPPORTUNITY = "View opportunity";

/** A row's menu with View opportunity first, unless it has it already. */
function withViewOption(menu: Overflow, opportunity: NonNullable<Outcome["opportunity"]>): Overflow {
  const value = menuValue(ACTION.viewOpportunity, opportunityRefValue(opportunity));
  if (menu.options.some((o) => o.value === value)) return menu;
  return {
    ...menu,
    options: [{ text: { type: "plain_text", text: VIEW_OPPORTUNITY }, value }, ...menu.options],
  };
}

/** Its Status field: what the invitation became, or is becoming; a failure leaves it as it was. */
function statusOf(record: ActionRecord): string | undefined {
  switch (record.status) {
    case "pending":
      return `:hourglass_flowing_sand: ${titleCase(verbs[record.action].doing)}`;
    case "succeeded":
      return statusLabel(STATUS_AFTER[record.action]);
    case "conflict":
      return record.detail ? statusLabel(record.detail.toUpperCase()) : undefined;
    case "failed":
      return undefined;
  }
}

function outcomeOf(record: ActionRecord): Outcome {
  const status = statusOf(record);
  const opportunity = opportunityOf(record);
  return {
    text: outcomeText(record),
    decided: showsAsDecided(record),
    ...(status ? { status } : {}),
    ...(opportunity ? { opportunity } : {}),
  };
}

function outcomeBlock(key: string, outcome: Outcome): ContextBlock {
  return {
    type: "context",
    block_id: `${OUTCOME_PREFIX}${key}`,
    elements: [{ type: "mrkdwn", text: outcome.text }],
  };
}

/** Invitation keys a message shows rows, buttons or outcomes for. */
export function invitationKeysIn(blocks: KnownBlock[]): string[] {
  const keys = new Set<string>();
  for (const block of blocks) {
    const id = block.block_id ?? "";
    for (const prefix of [BLOCK_PREFIX.summary, BLOCK_PREFIX.actions, OUTCOME_PREFIX]) {
      if (id.startsWith(prefix)) keys.add(id.slice(prefix.length));
    }
  }
  return [...keys];
}

/** What a decision ends: the decisions themselves, and asking the approvers for one. */
const DECISIONS: ReadonlySet<string> = new Set([
  ACTION.accept,
  ACTION.reject,
  ACTION.cancel,
  ACTION.askApprover,
]);

type Control = NonNullable<SectionBlock["accessory"]> | ActionsBlock["elements"][number];

/** The control without what decides the invitation (a button, or a menu option standing for one). */
function withoutDecisions<T extends Control>(control: T): T | undefined {
  if (control.type === "button") return DECISIONS.has(control.action_id ?? "") ? undefined : control;
  if (control.type !== "overflow") return control;
  const options = control.options.filter((o) => !DECISIONS.has(parseMenuValue(o.value)?.actionId ?? ""));
  return options.length ? { ...control, options } : undefined;
}

/** A row's summary with its last line, the status, replaced by the outcome; once decided, only its menu. */
function markRow(section: SectionBlock, outcome: Outcome, actions: ActionsBlock | undefined): SectionBlock {
  const lines = (section.text?.text ?? "").split("\n");
  const text = [...lines.slice(0, -1), outcome.text].join("\n");
  const marked: SectionBlock = { ...section, text: { type: "mrkdwn", text } };
  if (!outcome.decided) return marked;
  const menu = [section.accessory, ...(actions?.elements ?? [])]
    .flatMap((c) => (c?.type === "overflow" ? [withoutDecisions(c)] : []))
    .find((c) => c !== undefined);
  const { accessory: _, ...rest } = marked;
  if (!menu) return rest;
  return { ...rest, accessory: outcome.opportunity ? withViewOption(menu, outcome.opportunity) : menu };
}

const STATUS_FIELD = "*Status*\n";

/** A details section with its Status field saying `status`. */
function withStatus(section: SectionBlock, status: string): SectionBlock {
  const fields = section.fields?.map((field) =>
    field.text.startsWith(STATUS_FIELD) ? { ...field, text: `${STATUS_FIELD}${status}` } : field,
  );
  return fields ? { ...section, fields } : section;
}

/**
 * Shows each recorded decision where the invitation is: in a row, the outcome replaces the status line,
 * and once decided the buttons go (its menu keeps Details); in a details message, an outcome line
 * replaces the decision buttons and the Status field says what the invitation became. While pending or after a failure the buttons stay, so the invitation
 * remains actionable. Other invitations in the message are left as they were. Applying it twice gives
 * the same blocks.
 */
export function applyOutcomes(blocks: KnownBlock[], records: Map<string, ActionRecord>): KnownBlock[] {
  return showOutcomes(blocks, new Map([...records].map(([key, record]) => [key, outcomeOf(record)])));
}

/**
 * As `applyOutcomes`, for outcomes however they came about (a decision made in Partner Central too); a
 * digest's or an alert's headline is recounted from the rows as they now read.
 */
export function showOutcomes(blocks: KnownBlock[], outcomes: Map<string, Outcome>): KnownBlock[] {
  const keyOf = (block: KnownBlock, prefix: string) =>
    block.block_id?.startsWith(prefix) ? block.block_id.slice(prefix.length) : undefined;
  const rows = new Set(blocks.flatMap((b) => keyOf(b, BLOCK_PREFIX.summary) ?? []));
  const actionsOf = new Map(
    blocks.flatMap((b) =>
      b.type === "actions" && keyOf(b, BLOCK_PREFIX.actions)
        ? [[keyOf(b, BLOCK_PREFIX.actions), b] as const]
        : [],
    ),
  );
  const withButtons = new Set(actionsOf.keys());
  const result: KnownBlock[] = [];
  for (const block of blocks) {
    const row = keyOf(block, BLOCK_PREFIX.summary);
    if (row !== undefined) {
      const outcome = outcomes.get(row);
      result.push(outcome && block.type === "section" ? markRow(block, outcome, actionsOf.get(row)) : block);
      continue;
    }
    const detailed = keyOf(block, STATUS_PREFIX);
    if (detailed !== undefined) {
      const status = outcomes.get(detailed)?.status;
      result.push(status && block.type === "section" ? withStatus(block, status) : block);
      continue;
    }
    const shown = keyOf(block, OUTCOME_PREFIX);
    if (shown !== undefined) {
      const outcome = outcomes.get(shown);
      if (!withButtons.has(shown)) result.push(outcome ? outcomeBlock(shown, outcome) : block);
      continue;
    }
    const key = keyOf(block, BLOCK_PREFIX.actions);
    const outcome = key === undefined ? undefined : outcomes.get(key);
    if (key === undefined || !outcome || block.type !== "actions") {
      result.push(block);
      continue;
    }
    if (rows.has(key)) {
      if (!outcome.decided) result.push(block);
      continue;
    }
    result.push(outcomeBlock(key, outcome));
    const kept = outcome.decided ? block.elements.flatMap((e) => withoutDecisions(e) ?? []) : block.elements;
    const view = outcome.opportunity
      ? viewOpportunityButton(outcome.opportunity, VIEW_OPPORTUNITY)
      : undefined;
    const elements =
      view && !kept.some((e) => e.type === "button" && e.value === view.value) ? [view, ...kept] : kept;
    if (elements.length) result.push({ ...block, elements });
  }
  return recountHeadline(result);
}
