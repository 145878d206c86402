import { WebAPIPlatformError, type WebClient } from "@slack/web-api";
import type { DigestPoster, PostResult } from "../digest/run.js";
import type { SlackMessage } from "./blocks/types.js";

/** Slack's `event_type` for digest messages; the payload names the occurrence. */
export const DIGEST_EVENT_TYPE = "partnercentral_digest";

function platformError(error: unknown): string | undefined {
  return error instanceof WebAPIPlatformError ? error.data.error : undefined;
}

function notPosted(error: unknown): PostResult {
  // A private channel the bot is not in looks like it does not exist.
  const code = platformError(error);
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return { posted: false, notMember: code === "channel_not_found", detail };
}

/**
 * Posts digests with the app's Bolt client. A Slack 429 is waited out by the client itself: its default
 * retry policy sleeps for Retry-After and sends again, and Slack accepted nothing the first time, so the
 * message is posted once, late.
 */
export function slackDigestPoster(client: WebClient): DigestPoster {
  const send = async (channel: string, message: SlackMessage, scheduledFor?: Date) => {
    const result = await client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(scheduledFor
        ? {
            metadata: {
              event_type: DIGEST_EVENT_TYPE,
              event_payload: { channel_id: channel, scheduled_for: scheduledFor.toISOString() },
            },
          }
        : {}),
    });
    return { posted: true, ts: result.ts ?? "" } as const;
  };

  return {
    async post(channelId, message, scheduledFor) {
      try {
        return await send(channelId, message, scheduledFor);
      } catch (error) {
        if (platformError(error) !== "not_in_channel") return notPosted(error);
      }
      try {
        await client.conversations.join({ channel: channelId });
      } catch (error) {
        if (platformError(error) === "method_not_supported_for_channel_type") {
          return { posted: false, notMember: true, detail: "not_in_channel" };
        }
        return notPosted(error);
      }
      try {
        return await send(channelId, message, scheduledFor);
      } catch (error) {
        return notPosted(error);
      }
    },

    async tellUser(userId, message) {
      // Posting to a user id writes in the bot's direct message with them.
      await client.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks });
    },
  };
}
