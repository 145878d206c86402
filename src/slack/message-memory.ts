import type { KnownBlock } from "@slack/types";
import type { SlackMessage } from "./blocks/types.js";
import { parseButtonValue, taggedValue } from "./ids.js";

/** Ephemeral messages can be updated for half an hour through their response URL; keep them a day. */
const MEMORY_TTL_SECONDS = 24 * 3600;

interface MessageMemoryStore {
  savePageToken(token: string, ttlSeconds: number): Promise<string>;
  loadPageToken(key: string): Promise<string | undefined>;
}

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

/** Adds the message key to every invitation button, so a click can find the message it came from. */
export function tagButtons(message: SlackMessage, memoryKey: string): SlackMessage {
  return {
    ...message,
    blocks: mapButtons(message.blocks, (value) => {
      const parsed = parseButtonValue(value);
      return parsed ? taggedValue(parsed.ref, memoryKey) : value;
    }),
  };
}

/**
 * Slack leaves the message out of a click on an ephemeral message, so the app remembers what it sent
 * (without keys) and tags the buttons with where to find it.
 */
export async function rememberEphemeral(
  store: MessageMemoryStore,
  message: SlackMessage,
): Promise<SlackMessage> {
  const hasInvitationButtons = message.blocks.some(
    (b) => b.type === "actions" && b.elements.some((e) => e.type === "button" && parseButtonValue(e.value)),
  );
  if (!hasInvitationButtons) return message;
  const key = await store.savePageToken(JSON.stringify(message), MEMORY_TTL_SECONDS);
  return tagButtons(message, key);
}

/** The remembered message; undefined for a key that names another kind of record in the same store. */
export async function recallEphemeral(
  store: MessageMemoryStore,
  key: string,
): Promise<SlackMessage | undefined> {
  const saved = await store.loadPageToken(key);
  const message = saved ? (JSON.parse(saved) as Partial<SlackMessage> | null) : undefined;
  return typeof message?.text === "string" && Array.isArray(message.blocks)
    ? (message as SlackMessage)
    : undefined;
}
