import type { SlashCommand } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { postToResponseUrl } from "./response-url.ts";

/** Whoever acted, and where Slack lets the app answer them. */
export interface Actor {
  userId: string;
  /** The channel they acted in; none in the App Home or a modal. */
  channelId?: string;
  /** Given with slash commands, clicks in messages and message shortcuts. */
  responseUrl?: string;
}

/** A message for the actor alone. */
export interface Reply {
  text: string;
  blocks?: KnownBlock[];
}

/** What Slack's payloads say about who acted and where. */
interface ActedPayload {
  user_id?: string;
  channel_id?: string;
  user?: { id?: string } | string;
  channel?: { id?: string };
  container?: { channel_id?: string };
  response_url?: string;
}

/**
 * The actor of a slash command, a click (in a message, the App Home or a modal), a form submission or a
 * shortcut; undefined for a payload that names no user, such as an event's.
 */
export function actorOf(body: SlashCommand | { user: { id: string } }): Actor;
export function actorOf(body: unknown): Actor | undefined;
export function actorOf(body: unknown): Actor | undefined {
  const payload = (typeof body === "object" && body !== null ? body : {}) as ActedPayload;
  const userId = payload.user_id ?? (typeof payload.user === "object" ? payload.user.id : undefined);
  if (!userId) return undefined;
  const channelId = payload.channel_id ?? payload.channel?.id ?? payload.container?.channel_id;
  return {
    userId,
    ...(channelId ? { channelId } : {}),
    ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
  };
}

/**
 * Answers whoever acted, visibly to them alone: through the response URL when Slack gave one, else
 * ephemerally in their channel, else (App Home, modals) in the app's direct message with them.
 * `replaceOriginal` replaces the message acted on where the response URL allows it.
 */
export async function replyToActor(
  client: WebClient,
  actor: Actor,
  reply: Reply,
  options: { replaceOriginal?: boolean } = {},
): Promise<void> {
  if (actor.responseUrl) {
    await postToResponseUrl(actor.responseUrl, {
      response_type: "ephemeral",
      replace_original: options.replaceOriginal ?? false,
      ...reply,
    });
    return;
  }
  const content = { text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) };
  if (actor.channelId) {
    await client.chat.postEphemeral({ channel: actor.channelId, user: actor.userId, ...content });
  } else {
    // Posting to a user id writes in the app's direct message with them.
    await client.chat.postMessage({ channel: actor.userId, ...content });
  }
}
