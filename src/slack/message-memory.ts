import type { KnownBlock } from "@slack/types";
import type { Store } from "../store/index.ts";
import type { SlackMessage } from "./blocks/types.ts";
import { PAGE_KEY_PLACEHOLDER, taggedValue } from "./ids.ts";

/** Ephemeral messages can be updated for half an hour through their response URL; keep them a day. */
const MEMORY_TTL_SECONDS = 24 * 3600;

type Control = { type: string; value?: string; options?: Array<{ value?: string }> };

/** A button's value or each of an overflow menu's option values, rewritten; other elements as they are. */
function mapControl<T extends Control>(element: T, rewrite: (value: string) => string): T {
  if (element.type === "button" && element.value) return { ...element, value: rewrite(element.value) };
  if (element.type === "overflow" && element.options) {
    return {
      ...element,
      options: element.options.map((o) => (o.value ? { ...o, value: rewrite(o.value) } : o)),
    };
  }
  return element;
}

/** Every control a click can come from: in actions blocks and as a section's accessory. */
function mapControls(blocks: KnownBlock[], rewrite: (value: string) => string): KnownBlock[] {
  return blocks.map((block) => {
    if (block.type === "actions") {
      return { ...block, elements: block.elements.map((e) => mapControl(e, rewrite)) };
    }
    if (block.type === "section" && block.accessory) {
      return { ...block, accessory: mapControl(block.accessory, rewrite) };
    }
    return block;
  });
}

function hasControls(blocks: KnownBlock[]): boolean {
  const values: string[] = [];
  mapControls(blocks, (value) => {
    values.push(value);
    return value;
  });
  return values.length > 0;
}

/**
 * Adds the message key to every control's value, so a click can find the message it came from, and
 * makes the Previous and Next page buttons name the same record, which holds those pages' requests.
 */
export function tagButtons(message: SlackMessage, memoryKey: string): SlackMessage {
  return {
    text: message.text,
    blocks: mapControls(message.blocks, (value) =>
      value === PAGE_KEY_PLACEHOLDER ? memoryKey : taggedValue(value, memoryKey),
    ),
  };
}

/**
 * Slack leaves the message out of a click on an ephemeral message, so the app remembers what it sent
 * (without keys), with the requests for the pages before and after it, in one store write, and tags the
 * controls with where to find it.
 */
export async function rememberEphemeral(
  store: Pick<Store, "messages">,
  message: SlackMessage & { next?: unknown; previous?: unknown },
): Promise<SlackMessage> {
  return (await rememberMessage(store, message)).message;
}

/** As `rememberEphemeral`, with the key it was remembered under, if it needed remembering. */
export async function rememberMessage(
  store: Pick<Store, "messages">,
  message: SlackMessage & { next?: unknown; previous?: unknown },
  ttlSeconds = MEMORY_TTL_SECONDS,
): Promise<{ message: SlackMessage; key?: string }> {
  if (!hasControls(message.blocks)) return { message: { text: message.text, blocks: message.blocks } };
  const { text, blocks, next, previous } = message;
  const key = await store.messages.remember(JSON.stringify({ text, blocks, next, previous }), ttlSeconds);
  return { message: tagButtons(message, key), key };
}

/** The remembered record when it holds a message (it may hold more, such as the next page's request). */
function parseRemembered(saved: string | undefined): (SlackMessage & Record<string, unknown>) | undefined {
  const record = saved ? (JSON.parse(saved) as Partial<SlackMessage> | null) : undefined;
  return typeof record?.text === "string" && Array.isArray(record.blocks)
    ? (record as SlackMessage & Record<string, unknown>)
    : undefined;
}

/** The remembered message; undefined for a key that names another kind of record in the same store. */
export async function recallEphemeral(
  store: Pick<Store, "messages">,
  key: string,
): Promise<SlackMessage | undefined> {
  const record = parseRemembered(await store.messages.recall(key));
  return record ? { text: record.text, blocks: record.blocks } : undefined;
}

/**
 * The message remembered under `key` was replaced in Slack by another: its record keeps only the rest (the
 * next page's request), so no redraw through an older response URL brings it back over its successor.
 */
export async function forgetShownMessage(store: Pick<Store, "messages">, key: string): Promise<void> {
  const record = parseRemembered(await store.messages.recall(key));
  if (!record) return;
  const { text: _text, blocks: _blocks, ...rest } = record;
  await store.messages.replace(key, JSON.stringify(rest));
}

/**
 * Changes a remembered message as `change` says, keeping the rest of its record (the next page's request),
 * so the next redraw starts from what Slack now shows. Undefined when the message is no longer remembered.
 */
export async function updateRemembered(
  store: Pick<Store, "messages">,
  key: string,
  change: (message: SlackMessage) => Promise<SlackMessage>,
): Promise<SlackMessage | undefined> {
  const record = parseRemembered(await store.messages.recall(key));
  if (!record) return undefined;
  const changed = await change({ text: record.text, blocks: record.blocks });
  const replaced = await store.messages.replace(key, JSON.stringify({ ...record, ...changed }));
  return replaced ? changed : undefined;
}
