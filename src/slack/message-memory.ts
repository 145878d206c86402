import type { KnownBlock } from "@slack/types";
import type { RememberedKind, Store } from "../store/index.ts";
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

/** A remembered answer: the message (until a successor replaced it in Slack) and the requests for its pages. */
export interface RememberedAnswer {
  message?: SlackMessage;
  next?: unknown;
  previous?: unknown;
}

/** The records that hold a message the app may redraw: answers, copies of channel messages and of modals. */
const MESSAGE_KINDS: readonly RememberedKind[] = ["answer", "channel-message", "modal"];

/** How often a change starts over because another process saved one first; more means something is wrong. */
const MAX_ATTEMPTS = 25;

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
  const key = await store.messages.remember(
    "answer",
    JSON.stringify({ text, blocks, next, previous }),
    ttlSeconds,
  );
  return { message: tagButtons(message, key), key };
}

/**
 * The copy of a message just posted in a channel, or of a modal just filled in, which redraws start from;
 * returns its key.
 */
export function rememberShownCopy(
  store: Pick<Store, "messages">,
  kind: "channel-message" | "modal",
  message: SlackMessage,
  ttlSeconds: number,
): Promise<string> {
  return store.messages.remember(
    kind,
    JSON.stringify({ text: message.text, blocks: message.blocks }),
    ttlSeconds,
  );
}

type Fields = Record<string, unknown>;

/** A record's value as an object: answers and copies were written with JSON.stringify. */
function fieldsOf(value: string): Fields | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Fields) : undefined;
  } catch {
    return undefined;
  }
}

/** The message a record holds, if it still holds one. */
function messageIn(fields: Fields): SlackMessage | undefined {
  return typeof fields.text === "string" && Array.isArray(fields.blocks)
    ? { text: fields.text, blocks: fields.blocks as KnownBlock[] }
    : undefined;
}

async function recallFields(
  store: Pick<Store, "messages">,
  key: string,
  kinds: RememberedKind | readonly RememberedKind[],
): Promise<{ fields: Fields; version: number } | undefined> {
  const record = await store.messages.recall(key, kinds);
  const fields = record && fieldsOf(record.value);
  return fields && record ? { fields, version: record.version } : undefined;
}

/** The remembered answer; undefined for a key that names no answer (another kind of record, or none). */
export async function recallAnswer(
  store: Pick<Store, "messages">,
  key: string,
): Promise<RememberedAnswer | undefined> {
  const record = await recallFields(store, key, "answer");
  if (!record) return undefined;
  const { next, previous } = record.fields;
  const message = messageIn(record.fields);
  return { ...(message ? { message } : {}), ...(next ? { next } : {}), ...(previous ? { previous } : {}) };
}

/** The remembered answer's message; undefined for a key that names no answer, or one replaced in Slack. */
export async function recallEphemeral(
  store: Pick<Store, "messages">,
  key: string,
): Promise<SlackMessage | undefined> {
  return (await recallAnswer(store, key))?.message;
}

/**
 * Compare-and-swap on one remembered record: reads it, works out the change from what it read, and saves
 * it only if nobody saved another change since, else starts over from theirs. Undefined when the record
 * is gone or `change` gives nothing to save.
 */
async function changeRecord<T>(
  store: Pick<Store, "messages">,
  key: string,
  kinds: RememberedKind | readonly RememberedKind[],
  change: (fields: Fields) => Promise<{ fields: Fields; result: T } | undefined>,
): Promise<{ result: T; version: number } | undefined> {
  for (let attempt = 1; ; attempt++) {
    const record = await recallFields(store, key, kinds);
    if (!record) return undefined;
    const changed = await change(record.fields);
    if (!changed) return undefined;
    if (await store.messages.replace(key, JSON.stringify(changed.fields), record.version)) {
      return { result: changed.result, version: record.version + 1 };
    }
    if (attempt === MAX_ATTEMPTS) {
      throw new Error(
        `The remembered message ${key} kept changing: ${attempt} attempts lost to other changes.`,
      );
    }
  }
}

/**
 * The message remembered under `key` was replaced in Slack by another: its record keeps only the rest (the
 * next page's request), so no redraw through an older response URL brings it back over its successor.
 */
export async function forgetShownMessage(store: Pick<Store, "messages">, key: string): Promise<void> {
  await changeRecord(store, key, "answer", async (fields) => {
    if (!messageIn(fields)) return undefined;
    const { text: _text, blocks: _blocks, ...rest } = fields;
    return { fields: rest, result: undefined };
  });
}

/**
 * Changes a remembered message as `change` says, keeping the rest of its record (the next page's request),
 * so the next redraw starts from what Slack now shows; a change another process saved first is kept, and
 * `change` runs again on top of it. Undefined when the message is no longer remembered.
 *
 * `show` puts the message in Slack. Two processes may show their versions in either order, so each shows
 * again until the version it last showed is the latest saved: the last to show, shows the latest.
 */
export async function updateRemembered(
  store: Pick<Store, "messages">,
  key: string,
  change: (message: SlackMessage) => Promise<SlackMessage>,
  show?: (message: SlackMessage) => Promise<unknown>,
): Promise<SlackMessage | undefined> {
  const saved = await changeRecord(store, key, MESSAGE_KINDS, async (fields) => {
    const message = messageIn(fields);
    if (!message) return undefined;
    const changed = await change(message);
    return { fields: { ...fields, text: changed.text, blocks: changed.blocks }, result: changed };
  });
  if (!saved || !show) return saved?.result;
  let shown = { message: saved.result, version: saved.version };
  for (let attempt = 1; ; attempt++) {
    await show(shown.message);
    const latest = await recallFields(store, key, MESSAGE_KINDS);
    const message = latest && messageIn(latest.fields);
    if (!latest || !message || latest.version === shown.version || attempt === MAX_ATTEMPTS) {
      return saved.result;
    }
    shown = { message, version: latest.version };
  }
}
