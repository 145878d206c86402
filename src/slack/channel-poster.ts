import { WebAPIPlatformError, type WebClient } from "@slack/web-api";
import type { AlertPoster, AlertPostResult } from "../alerts/watcher.ts";
import type { DigestPoster, PostResult } from "../digest/run.ts";
import { asksTheTeam, type OpportunityPost } from "../opportunities/post.ts";
import { renderNewInvitations } from "./blocks/alerts.ts";
import { renderChannelDigest } from "./blocks/digest-opportunities.ts";
import { renderOpportunityChange } from "./blocks/opportunity-change.ts";
import { renderCannotPost } from "./blocks/subscription.ts";
import type { SlackMessage } from "./blocks/types.ts";
import { type HomeTabDeps, homesPublisher } from "./home.ts";
import { type PlaceDeps, recordChannelMessage } from "./invitation-places.ts";

/** Slack's `event_type` for digest messages; the payload names the occurrence. */
export const DIGEST_EVENT_TYPE = "partnercentral_digest";

function platformError(error: unknown): string | undefined {
  return error instanceof WebAPIPlatformError ? error.data.error : undefined;
}

/** What Slack said when it refused: its error code, else the failure's message. */
function failureDetail(error: unknown): string {
  return platformError(error) ?? (error instanceof Error ? error.message : String(error));
}

function notPosted(error: unknown): PostResult {
  // A private channel the bot is not in looks like it does not exist.
  return {
    posted: false,
    notMember: platformError(error) === "channel_not_found",
    detail: failureDetail(error),
  };
}

/**
 * Posts in a channel as the app, joining it first when it is public; `scheduledFor` tags a digest's
 * occurrence. A Slack 429 is waited out by the client itself: its default retry policy sleeps for
 * Retry-After and sends again, and Slack accepted nothing the first time, so the message is posted once, late.
 */
export async function postInChannel(
  client: WebClient,
  channelId: string,
  message: SlackMessage,
  scheduledFor?: Date,
): Promise<PostResult> {
  const send = async () => {
    const result = await client.chat.postMessage({
      channel: channelId,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(scheduledFor
        ? {
            metadata: {
              event_type: DIGEST_EVENT_TYPE,
              event_payload: { channel_id: channelId, scheduled_for: scheduledFor.toISOString() },
            },
          }
        : {}),
    });
    return { posted: true, ts: result.ts ?? "" } as const;
  };
  try {
    return await send();
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
    return await send();
  } catch (error) {
    return notPosted(error);
  }
}

/** Posts invitations in a channel and records the message, so a decision made elsewhere updates it. */
async function postInvitations(
  client: WebClient,
  places: PlaceDeps,
  channelId: string,
  message: SlackMessage,
  scheduledFor?: Date,
): Promise<PostResult> {
  const result = await postInChannel(client, channelId, message, scheduledFor);
  if (result.posted && result.ts) await recordChannelMessage(places, channelId, result.ts, message);
  return result;
}

/** The digest job's way into Slack: each digest rendered and posted with the app's client. */
export function slackDigestPoster(client: WebClient, places: PlaceDeps): DigestPoster {
  return {
    post: (channelId, digest, scheduledFor) =>
      postInvitations(client, places, channelId, renderChannelDigest(digest), scheduledFor),
    async tellCannotPost(userId, channelId) {
      const message = renderCannotPost(channelId);
      // Posting to a user id writes in the app's direct message with them.
      await client.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks });
    },
  };
}

/** Refusals that only someone in the channel can end: invite the app there, or unarchive it. */
const CHANNEL_REFUSALS: ReadonlySet<string> = new Set(["not_in_channel", "channel_not_found", "is_archived"]);

/** An alert Slack did not take, and whether the channel itself refuses it. */
const refusedAlert = (detail: string): AlertPostResult => ({
  posted: false,
  refused: CHANNEL_REFUSALS.has(detail),
  detail,
});

/**
 * The alert watcher's way into Slack: new invitations rendered as of `clock()` and posted; approvers shown,
 * on their App Home, the channels that refuse them.
 */
export function slackAlertPoster(client: WebClient, clock: () => Date, deps: HomeTabDeps): AlertPoster {
  const publishHomes = homesPublisher(deps, client);
  return {
    async post(channelId, invitations) {
      const message = renderNewInvitations(invitations, clock());
      const result = await postInvitations(client, deps, channelId, message);
      if (result.posted) {
        // New invitations change what every Home counts.
        deps.home.changed();
        return result;
      }
      return refusedAlert(result.detail);
    },
    postOpportunity: (channelId, post, threadTs) => postOpportunityChange(client, channelId, post, threadTs),
    async refusalsChanged() {
      await publishHomes(await deps.approvers.members(client));
    },
  };
}

/** The message a reply was for is gone: the change is posted in the channel itself instead. */
const THREAD_GONE: ReadonlySet<string> = new Set([
  "thread_not_found",
  "message_not_found",
  "invalid_thread_ts",
]);

/**
 * Posts an opportunity's change: in the thread of the invitation's alert when there is one, also shown in
 * the channel when AWS asks the team to act (or rejected it), else in the channel.
 */
export async function postOpportunityChange(
  client: WebClient,
  channelId: string,
  post: OpportunityPost,
  threadTs?: string,
): Promise<AlertPostResult> {
  const message = renderOpportunityChange(post);
  if (threadTs) {
    try {
      const reply = {
        channel: channelId,
        thread_ts: threadTs,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      };
      const result = await client.chat.postMessage(
        asksTheTeam(post) ? { ...reply, reply_broadcast: true as const } : reply,
      );
      return { posted: true, ts: result.ts ?? "" };
    } catch (error) {
      if (!THREAD_GONE.has(platformError(error) ?? "")) return refusedAlert(failureDetail(error));
    }
  }
  const result = await postInChannel(client, channelId, message);
  return result.posted ? result : refusedAlert(result.detail);
}
