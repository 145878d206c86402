import type { WebClient } from "@slack/web-api";
import type { AppLogger } from "../logger.ts";
import { type Invitation, invitationKey } from "../partnercentral/model.ts";
import type { Store } from "../store/index.ts";
import type { Approvers } from "./approvers.ts";
import { type AskAnswer, renderApproverRequest } from "./blocks/ask.ts";
import type { SlackMessage } from "./blocks/types.ts";
import type { AskOrigin } from "./ids.ts";
import { type PlaceDeps, recordChannelMessage } from "./invitation-places.ts";

/** A request whose process died before posting it may be made again after this long. */
const STALE_REQUEST_MS = 5 * 60_000;
/** Direct messages sent for one request at most: the listed approvers first, then the group's members. */
const DIRECT_MESSAGES_MAX = 10;

export interface AskDeps extends PlaceDeps {
  store: PlaceDeps["store"] & Pick<Store, "approverRequests">;
  logger: Pick<AppLogger, "warn" | "info">;
  approvers: Approvers;
  clock: () => Date;
}

type Posted = { channelId: string; ts: string; message: SlackMessage };

/**
 * Asks the approvers, for a colleague, to decide an invitation: once per invitation and colleague across
 * replicas (a claim in the store first), in the thread of `thread` when given and Slack takes it there,
 * else by direct message to each approver. A claim whose post Slack took nowhere is released, so the
 * colleague may try again.
 */
export async function askApprovers(
  deps: AskDeps,
  client: WebClient,
  request: { invitation: Invitation; colleagueId: string; thread?: AskOrigin },
): Promise<AskAnswer> {
  const { invitation, colleagueId } = request;
  const key = invitationKey(invitation);
  const claim = await deps.store.approverRequests.claim(key, colleagueId, STALE_REQUEST_MS);
  if (!claim.won) return { kind: "already", invitation, request: claim.request };
  let posted: { where: "thread" | "direct"; posts: Posted[] } | { detail: string } = {
    detail: "interrupted",
  };
  try {
    posted = await post(deps, client, request);
  } finally {
    if (!("posts" in posted)) {
      await deps.store.approverRequests.release(key, colleagueId, claim.token).catch((error: unknown) => {
        deps.logger.warn({ invitation: key, err: error }, "could not release a request nobody received");
      });
    }
  }
  if (!("posts" in posted)) return { kind: "failed", invitation, detail: posted.detail };
  const [first] = posted.posts;
  if (first) {
    // Slack has it: a failure to record where only means the colleague could ask again after a while.
    await deps.store.approverRequests
      .posted(key, colleagueId, claim.token, { channelId: first.channelId, messageTs: first.ts })
      .catch((error: unknown) => {
        deps.logger.warn({ invitation: key, err: error }, "could not record where the approvers were asked");
      });
  }
  for (const p of posted.posts) await recordChannelMessage(deps, p.channelId, p.ts, p.message);
  deps.logger.info({ invitation: key, user: colleagueId, where: posted.where }, "asked the approvers");
  return { kind: "asked", invitation, approvers: deps.approvers.mention(), where: posted.where };
}

async function post(
  deps: AskDeps,
  client: WebClient,
  { invitation, colleagueId, thread }: { invitation: Invitation; colleagueId: string; thread?: AskOrigin },
): Promise<{ where: "thread" | "direct"; posts: Posted[] } | { detail: string }> {
  const now = deps.clock();
  if (thread) {
    const message = renderApproverRequest({
      invitation,
      colleagueId,
      approvers: deps.approvers.mention(),
      now,
    });
    try {
      const result = await client.chat.postMessage({
        channel: thread.channelId,
        thread_ts: thread.ts,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
      });
      return {
        where: "thread",
        posts: [{ channelId: result.channel ?? thread.channelId, ts: result.ts ?? "", message }],
      };
    } catch (error) {
      deps.logger.warn(
        { channelId: thread.channelId, err: error },
        "could not ask the approvers in the thread; asking them by direct message",
      );
    }
  }
  const message = renderApproverRequest({ invitation, colleagueId, approvers: "you", now });
  const approvers = (await deps.approvers.members(client)).slice(0, DIRECT_MESSAGES_MAX);
  if (approvers.length === 0) return { detail: "no approver is named in the app's configuration" };
  // Posting to a user id writes in the app's direct message with them.
  const results = await Promise.allSettled(
    approvers.map((userId) =>
      client.chat.postMessage({
        channel: userId,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
      }),
    ),
  );
  const posts = results.flatMap((r, n) =>
    r.status === "fulfilled"
      ? [{ channelId: r.value.channel ?? approvers[n] ?? "", ts: r.value.ts ?? "", message }]
      : [],
  );
  if (posts.length > 0) return { where: "direct", posts };
  const [failure] = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
  return { detail: failure instanceof Error ? failure.message : String(failure) };
}
