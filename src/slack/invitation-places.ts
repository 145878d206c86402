import type { Config } from "../config.ts";
import type { AppLogger } from "../logger.ts";
import type { Store } from "../store/index.ts";
import { opportunityKeysIn } from "./blocks/opportunity.ts";
import { invitationKeysIn } from "./blocks/outcome.ts";
import type { SlackMessage } from "./blocks/types.ts";
import { rememberMessage, rememberShownCopy } from "./message-memory.ts";

/**
 * A place where the app shows invitations or an opportunity's details in Slack, recorded (as an opaque
 * location in the store) so that a decision made in Partner Central itself, or one the app finishes later,
 * can update it, and an opportunity's details are redrawn when it changes: a channel message with the
 * remembered copy it is redrawn from, an answer that its response URL can replace, an open modal (Details)
 * with its remembered copy, whose text is the modal's title. App Homes are not recorded: every change that
 * would redraw one republishes the open Homes (`HomeService.changed`).
 */
export type Place =
  | { kind: "channel"; channelId: string; ts: string; memoryKey: string }
  | { kind: "answer"; memoryKey: string; responseUrl: string }
  | { kind: "modal"; userId: string; viewId: string; memoryKey: string };

/** A place as Slack names it, without the copy the app redraws it from. */
export type PlaceId =
  | { kind: "channel"; channelId: string; ts: string }
  | { kind: "answer"; memoryKey: string }
  | { kind: "modal"; userId: string; viewId: string };

const DAY_SECONDS = 86_400;
/** Invitations expire 15 days after they are sent, so no later decision can concern a channel message. */
const CHANNEL_TTL_SECONDS = 15 * DAY_SECONDS;
/** Slack takes messages at a response URL for 30 minutes. */
const ANSWER_TTL_SECONDS = 30 * 60;
/** A modal stays open while someone reads it; one left open longer is no longer looked at. */
const MODAL_TTL_SECONDS = 3600;
/** An accept task Partner Central is still running ends within minutes; a day covers a long one. */
const DECIDED_FROM_TTL_SECONDS = DAY_SECONDS;

/** The start of every location recorded for the place, whichever copy of it was remembered. */
export function locationPrefix(place: PlaceId): string {
  switch (place.kind) {
    case "channel":
      return `channel:${place.channelId}:${place.ts}:`;
    case "answer":
      return `answer:${place.memoryKey}:`;
    case "modal":
      return `modal:${place.userId}:${place.viewId}:`;
  }
}

// The response URL goes last: it is the only part with colons of its own.
function locationOf(place: Place): string {
  switch (place.kind) {
    case "channel":
    case "modal":
      return `${locationPrefix(place)}${place.memoryKey}`;
    case "answer":
      return `${locationPrefix(place)}${place.responseUrl}`;
  }
}

/**
 * The place a recorded location names; undefined for anything this version does not record (an App Home,
 * which earlier versions recorded for a day).
 */
export function placeOf(location: string): Place | undefined {
  const [kind, ...parts] = location.split(":");
  const [first = "", second = "", third = ""] = parts;
  if (kind === "channel" && parts.length === 3 && first && second && third) {
    return { kind, channelId: first, ts: second, memoryKey: third };
  }
  if (kind === "answer" && first && parts.length > 1) {
    return { kind, memoryKey: first, responseUrl: parts.slice(1).join(":") };
  }
  if (kind === "modal" && parts.length === 3 && first && second && third) {
    return { kind, userId: first, viewId: second, memoryKey: third };
  }
  return undefined;
}

export interface PlaceDeps {
  store: Pick<Store, "messages" | "invitationMessages">;
  logger: Pick<AppLogger, "warn">;
  /**
   * Invitations' places are read only to show decisions that Partner Central's events report, so without
   * events none is kept; an opportunity's details are kept either way, as the app's looks see changes too.
   */
  config: Pick<Config, "events">;
}

/**
 * Records where invitations are shown, with Partner Central's events on, and where an opportunity's details
 * are shown, always. The message is already in Slack by then, so a failure only means a decision made
 * elsewhere, or an opportunity's change, will not show there: it is logged, never thrown.
 */
function record(
  deps: PlaceDeps,
  message: Pick<SlackMessage, "blocks">,
  place: () => Promise<Place>,
  ttlSeconds: number,
): Promise<void> {
  // An opportunity's details are redrawn when the app sees it change, by an event or a look alike.
  const keys = [
    ...(deps.config.events.queueUrl ? invitationKeysIn(message.blocks) : []),
    ...opportunityKeysIn(message.blocks),
  ];
  return recordPlace(deps, keys, place, ttlSeconds);
}

async function recordPlace(
  deps: Pick<PlaceDeps, "store" | "logger">,
  keys: string[],
  place: () => Promise<Place>,
  ttlSeconds: number,
): Promise<void> {
  if (keys.length === 0) return;
  try {
    await deps.store.invitationMessages.record(keys, locationOf(await place()), ttlSeconds);
  } catch (error) {
    deps.logger.warn(
      { shown: keys.length, err: error },
      "could not record where invitations or an opportunity are shown; a change made in Partner Central will not update it",
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
      const memoryKey = await rememberShownCopy(deps.store, "channel-message", message, CHANNEL_TTL_SECONDS);
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

/** A modal just filled in (an invitation's Details): its copy keeps the title as its text. */
export function recordModal(
  deps: PlaceDeps,
  where: { userId: string; viewId: string },
  title: string,
  message: SlackMessage,
): Promise<void> {
  return record(
    deps,
    message,
    async () => {
      const memoryKey = await rememberShownCopy(
        deps.store,
        "modal",
        { text: title, blocks: message.blocks },
        MODAL_TTL_SECONDS,
      );
      return { kind: "modal", ...where, memoryKey };
    },
    MODAL_TTL_SECONDS,
  );
}

/** Where a decision was made: an answer with the response URL that replaces it, or any other place. */
export type DecidedFrom = Exclude<PlaceId, { kind: "answer" }> | Extract<Place, { kind: "answer" }>;

/**
 * The place a decision was made from, whose outcome the app will show there later (an accept task still
 * running), events or not: with a copy of what it shows now (an answer's own record holds one already),
 * unless it is recorded already (as a digest is, with events on).
 */
export async function recordDecidedFrom(
  deps: Pick<PlaceDeps, "store" | "logger">,
  place: DecidedFrom,
  message: SlackMessage,
): Promise<void> {
  const prefix = locationPrefix(place);
  const keys = invitationKeysIn(message.blocks);
  const known = await Promise.all(keys.map((key) => deps.store.invitationMessages.find(key)));
  if (known.flat().some((location) => location.startsWith(prefix))) return;
  const ttl = place.kind === "answer" ? ANSWER_TTL_SECONDS : DECIDED_FROM_TTL_SECONDS;
  await recordPlace(
    deps,
    keys,
    async (): Promise<Place> => {
      switch (place.kind) {
        case "answer":
          return place;
        case "channel":
          return {
            ...place,
            memoryKey: await rememberShownCopy(deps.store, "channel-message", message, ttl),
          };
        case "modal":
          return { ...place, memoryKey: await rememberShownCopy(deps.store, "modal", message, ttl) };
      }
    },
    ttl,
  );
}
