import type { ViewStateValues } from "./types.ts";
import { isRecord } from "./workspace.ts";

/** Every interactive element in a list of blocks, with the block it sits in. */
function* interactiveElements(
  blocks: unknown[],
): Generator<{ blockId: string; block: Record<string, unknown>; element: Record<string, unknown> }> {
  for (const block of blocks) {
    if (!isRecord(block) || typeof block.block_id !== "string") continue;
    const candidates = [
      ...(block.type === "actions" && Array.isArray(block.elements) ? block.elements : []),
      block.accessory,
      block.element,
    ];
    for (const element of candidates) {
      if (isRecord(element) && typeof element.action_id === "string") {
        yield { blockId: block.block_id, block, element };
      }
    }
  }
}

export function findElement(
  blocks: unknown[],
  actionId: string,
  blockId?: string,
): { blockId: string; element: Record<string, unknown> } | undefined {
  for (const found of interactiveElements(blocks)) {
    if (found.element.action_id === actionId && (blockId === undefined || found.blockId === blockId))
      return found;
  }
  return undefined;
}

/** All options of a select, overflow, radio or checkbox group, option groups flattened. */
export function optionsOf(element: Record<string, unknown>): Record<string, unknown>[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g) => (isRecord(g) && Array.isArray(g.options) ? g.options : []))
    : [];
  return [...direct, ...grouped].filter(isRecord);
}

function option(element: Record<string, unknown>, value: unknown): Record<string, unknown> | null {
  if (typeof value !== "string") return null;
  const found = optionsOf(element).find((o) => o.value === value);
  return found ? { text: found.text, value: found.value } : null;
}

const asList = (input: unknown): unknown[] => (Array.isArray(input) ? input : input == null ? [] : [input]);
const asText = (input: unknown): string | null =>
  typeof input === "string" && input !== "" ? input : typeof input === "number" ? String(input) : null;

/**
 * One element's entry in `view.state.values`, in the shape Slack sends for its type.
 * `input` is what the user chose: a string (option value, text, date) or a list for multi-selects;
 * an object with a `type` is taken as already in Slack's shape.
 */
export function stateValue(element: Record<string, unknown>, input: unknown): Record<string, unknown> {
  if (isRecord(input) && typeof input.type === "string") return input;
  const type = String(element.type);
  switch (type) {
    case "static_select":
    case "external_select":
    case "radio_buttons":
      return { type, selected_option: option(element, input) };
    case "multi_static_select":
    case "checkboxes":
      return {
        type,
        selected_options: asList(input)
          .map((v) => option(element, v))
          .filter((o) => o !== null),
      };
    case "datepicker":
      return { type, selected_date: asText(input) };
    case "timepicker":
      return { type, selected_time: asText(input) };
    case "users_select":
      return { type, selected_user: asText(input) };
    case "multi_users_select":
      return { type, selected_users: asList(input).filter((v) => typeof v === "string") };
    case "conversations_select":
      return { type, selected_conversation: asText(input) };
    case "channels_select":
      return { type, selected_channel: asText(input) };
    default:
      return { type, value: asText(input) };
  }
}

/** What the user sees before touching an element: its initial_* value. */
function initialInput(element: Record<string, unknown>): unknown {
  const initialOption = isRecord(element.initial_option) ? element.initial_option.value : undefined;
  const initialOptions = Array.isArray(element.initial_options)
    ? element.initial_options.flatMap((o) => (isRecord(o) ? [o.value] : []))
    : undefined;
  return (
    element.initial_value ??
    initialOption ??
    initialOptions ??
    element.initial_date ??
    element.initial_time ??
    element.initial_user ??
    element.initial_users ??
    element.initial_conversation ??
    element.initial_channel ??
    null
  );
}

/**
 * `view.state.values` as Slack sends it on submission: every input block is present (untouched
 * ones with their initial value or null), plus any other element the user set.
 */
export function buildStateValues(
  blocks: unknown[],
  given: Record<string, Record<string, unknown>>,
): ViewStateValues {
  const values: ViewStateValues = {};
  for (const { blockId, block, element } of interactiveElements(blocks)) {
    const actionId = String(element.action_id);
    const input = given[blockId]?.[actionId];
    if (block.type !== "input" && input === undefined) continue;
    values[blockId] ??= {};
    values[blockId][actionId] = stateValue(element, input === undefined ? initialInput(element) : input);
  }
  return values;
}
