import type { Config } from "../config.ts";
import type { AppLogger } from "../logger.ts";
import type { Store } from "../store/index.ts";
import { invitationKeysIn } from "./blocks/outcome.ts";
import type { SlackMessage } from "./blocks/types.ts";
import { rememberChannelMessage, rememberMessage } from "./message-memory.ts";

/**
 * A place where the app shows invitations in Slack, recorded (as an opaque location in the store) so that a
 * decision made in Partner Central itself can update it: a channel message with the remembered copy it is
 * redrawn from, an answer that its response URL can replace, a user's App Home.
 */
export type Place =
  | { kind: "channel"; channelId: string; ts: string; memoryKey: string }
  | { kind: "answer"; memoryKey: string; responseUrl: string }
  | { kind: "home"; userId: string };

const DAY_SECONDS = 86_400;
/** Invitations expire 15 days after they are sent, so no later decision can concern a channel message. */
const CHANNEL_TTL_SECONDS = 15 * DAY_SECONDS;
/** Slack takes messages at a response URL for 30 minutes. */
const ANSWER_TTL_SECONDS = 30 * 60;
/** Opening the Home publishes it afresh; this covers a tab left open. */
const HOME_TTL_SECONDS = DAY_SECONDS;

// The response URL goes last: it is the only part with colons of its own.
function locationOf(place: Place): string {
  switch (place.kind) {
    case "channel":
      return `channel:${place.channelId}:${place.ts}:${place.memoryKey}`;
    case "answer":
      return `answer:${place.memoryKey}:${place.responseUrl}`;
    case "home":
      return `home:${place.userId}`;
  }
}

/** The place a recorded location names; undefined for anything this version did not record. */
export function placeOf(location: string): Place | undefined {
  const [kind, ...parts] = location.split(":");
  const [first = "", second = "", third = ""] = parts;
  if (kind === "channel" && parts.length === 3 && first && second && third) {
    return { kind, channelId: first, ts: second, memoryKey: third };
  }
  if (kind === "answer" && first && parts.length > 1) {
    return { kind, memoryKey: first, responseUrl: parts.slice(1).join(":") };
  }
  if (kind === "home" && parts.length === 1 && first) return { kind, userId: first };
  return undefined;
}

export interface PlaceDeps {
  store: Pick<Store, "messages" | "invitationMessages">;
  logger: Pick<AppLogger, "warn">;
  /** Places are read only to show decisions that Partner Central's events report; without them, none is kept. */
  config: Pick<Config, "events">;
}

/**
 * Records where invitations are shown. The message is already in Slack by then, so a failure only means
 * a decision made elsewhere will not show there: it is logged, never thrown.
 */
async function record(
  deps: PlaceDeps,
  message: Pick<SlackMessage, "blocks">,
  place: () => Promise<Place>,
  ttlSeconds: number,
): Promise<void> {
  if (!deps.config.events.queueUrl) return;
  const keys = invitationKeysIn(message.blocks);
  if (keys.length === 0) return;
  try {
    await deps.store.invitationMessages.record(keys, locationOf(await place()), ttlSeconds);
  } catch (error) {
    deps.logger.warn(
      { invitations: keys.length, err: error },
      "could not record where invitations are shown; a decision made in Partner Central will not update it",
    );
  }
}

/**
 * A digest or alert just posted: its copy is remembered, since reading a message back from Slack's
 * history is rate-limited, and the redraws start from it.
 */
export function recordChannelMessage(
  deps: PlaceDeps,
  channelId: string,
  ts: string,
  message: SlackMessage,
): Promise<void> {
  return record(
    deps,
    message,
    async () => {
      const memoryKey = await rememberChannelMessage(deps.store, message, CHANNEL_TTL_SECONDS);
      return { kind: "channel", channelId, ts, memoryKey };
    },
    CHANNEL_TTL_SECONDS,
  );
}

/**
 * Remembers an answer as `rememberEphemeral` does and, given the response URL that will show it, records
 * the answer there. Only a command's response URL, or a click's in the message it replaces, names the
 * answer: a click's URL would replace the message clicked in, so an answer posted beside it goes unrecorded.
 */
export async function rememberAnswer(
  deps: PlaceDeps,
  message: SlackMessage & { next?: unknown },
  responseUrl: string | undefined,
): Promise<SlackMessage> {
  const { message: tagged, key } = await rememberMessage(deps.store, message);
  if (key && responseUrl) {
    await record(
      deps,
      message,
      async () => ({ kind: "answer", memoryKey: key, responseUrl }),
      ANSWER_TTL_SECONDS,
    );
  }
  return tagged;
}

/** The App Home just published for a user. */
export function recordHome(deps: PlaceDeps, userId: string, blocks: SlackMessage["blocks"]): Promise<void> {
  return record(deps, { blocks }, async () => ({ kind: "home", userId }), HOME_TTL_SECONDS);
}
