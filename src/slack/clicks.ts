import type { BlockAction } from "@slack/bolt";
import { ACTION, MEMORY_KEY, parseMenuValue, untag } from "./ids.ts";
import type { ActionArgs, ButtonArgs } from "./listener-args.ts";

/**
 * A click as every action listener receives it, read once from what Slack sent: the control (for an
 * overflow menu's option, the button it stands for), its value without the message key, and that key,
 * which names the remembered answer the control sits in.
 */
export interface Click {
  actionId: string;
  /**
   * What the control stands for, as its renderer wrote it: an invitation, an Ask an approver (the
   * invitation and the thread to ask in), a connection, an opportunity, an approver's action on an
   * opportunity (with what was seen), a command to run, or a digest's Show all; empty for Previous and
   * Next, whose value is their answer's key.
   */
  value: string;
  memoryKey?: string;
}

/** What a listener behind the edge is called with. */
export type ButtonClickArgs = ButtonArgs & { click: Click };
export type ActionClickArgs = ActionArgs & { click: Click };

/** The Previous and Next page buttons' value is the key of the answer that holds both pages' requests. */
const PAGE_ACTIONS: ReadonlySet<string> = new Set([ACTION.nextPage, ACTION.previousPage]);

type SlackAction = BlockAction["actions"][number];

export function parseClick(action: SlackAction): Click {
  if (action.type === "overflow") {
    const chosen = parseMenuValue(action.selected_option?.value);
    return chosen
      ? { actionId: chosen.actionId, ...untag(chosen.value) }
      : { actionId: action.action_id, value: "" };
  }
  const raw = "value" in action && typeof action.value === "string" ? action.value : "";
  if (PAGE_ACTIONS.has(action.action_id)) {
    return { actionId: action.action_id, value: "", ...(MEMORY_KEY.test(raw) ? { memoryKey: raw } : {}) };
  }
  return { actionId: action.action_id, ...untag(raw) };
}

/**
 * The edge every action listener is registered behind: it parses the click once and hands it over with
 * Bolt's arguments, so no listener reads a raw value and forgets the message key in it.
 */
export function clicked<A extends ActionArgs>(
  listener: (args: A & { click: Click }) => Promise<void>,
): (args: A) => Promise<void> {
  return (args) => listener({ ...args, click: parseClick(args.action) });
}
