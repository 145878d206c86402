import type { KnownBlock } from "@slack/types";
import type { Store } from "../store/index.js";
import type { SlackMessage } from "./blocks/types.js";
import { NEXT_PAGE_PLACEHOLDER, parseButtonValue, taggedValue } from "./ids.js";

/** Ephemeral messages can be updated for half an hour through their response URL; keep them a day. */
const MEMORY_TTL_SECONDS = 24 * 3600;

function mapButtons(blocks: KnownBlock[], rewrite: (value: string) => string): KnownBlock[] {
  return blocks.map((block) => {
    if (block.type !== "actions") return block;
    return {
      ...block,
      elements: block.elements.map((element) =>
        element.type === "button" && element.value ? { ...element, value: rewrite(element.value) } : element,
      ),
    };
  });
}

/**
 * Adds the message key to every invitation button, so a click can find the message it came from, and
 * makes the Next page button name the same record, which holds the next page's request.
 */
export function tagButtons(message: SlackMessage, memoryKey: string): SlackMessage {
  return {
    text: message.text,
    blocks: mapButtons(message.blocks, (value) => {
      if (value === NEXT_PAGE_PLACEHOLDER) return memoryKey;
      const parsed = parseButtonValue(value);
      return parsed ? taggedValue(parsed.ref, memoryKey) : value;
    }),
  };
}

/**
 * Slack leaves the message out of a click on an ephemeral message, so the app remembers what it sent
 * (without keys), with the next page's request if there is one, in one store write, and tags the buttons
 * with where to find it.
 */
export async function rememberEphemeral(
  store: Pick<Store, "messages">,
  message: SlackMessage & { next?: unknown },
): Promise<SlackMessage> {
  const hasInvitationButtons = message.blocks.some(
    (b) => b.type === "actions" && b.elements.some((e) => e.type === "button" && parseButtonValue(e.value)),
  );
  if (!hasInvitationButtons && message.next === undefined)
    return { text: message.text, blocks: message.blocks };
  const key = await store.messages.remember(
    JSON.stringify({ text: message.text, blocks: message.blocks, next: message.next }),
    MEMORY_TTL_SECONDS,
  );
  return tagButtons(message, key);
}

/** The remembered message; undefined for a key that names another kind of record in the same store. */
export async function recallEphemeral(
  store: Pick<Store, "messages">,
  key: string,
): Promise<SlackMessage | undefined> {
  const saved = await store.messages.recall(key);
  const message = saved ? (JSON.parse(saved) as Partial<SlackMessage> | null) : undefined;
  return typeof message?.text === "string" && Array.isArray(message.blocks)
    ? { text: message.text, blocks: message.blocks }
    : undefined;
}
