import type { DigestPoster, PostResult } from "../../digest/run.ts";
import type { DigestService } from "../../digest/subscriptions.ts";
import {
  renderDigestNowAnswer,
  renderDigestStatus,
  renderSubscribeAnswer,
  renderSubscribedLine,
  renderUnsubscribeAnswer,
  renderUnsubscribedLine,
} from "../blocks/subscription.ts";
import type { SlackMessage } from "../blocks/types.ts";
import type { DigestCommand } from "./digest.ts";

export interface DigestAnswerContext {
  digest: { service: DigestService; poster: DigestPoster };
  caller: { userId: string; channelId: string };
  announce: (message: SlackMessage) => Promise<PostResult>;
}

/**
 * `/partnercentral digest …` for the caller's channel. Subscribing and unsubscribing also tell the
 * whole channel, since everyone there gets (or stops getting) the digest.
 */
export async function answerDigest(command: DigestCommand, ctx: DigestAnswerContext): Promise<SlackMessage> {
  const { service, poster } = ctx.digest;
  const { userId, channelId } = ctx.caller;
  switch (command.action) {
    case "subscribe": {
      const { action: _, ...request } = command;
      const { scheduled, replaced } = await service.subscribe({ ...request, channelId, userId });
      const announced = await ctx.announce(renderSubscribedLine({ userId, ...scheduled }));
      return renderSubscribeAnswer({ ...scheduled, replaced, announced });
    }
    case "unsubscribe": {
      const result = await service.unsubscribe(channelId);
      if (result.removed) await ctx.announce(renderUnsubscribedLine(userId));
      return renderUnsubscribeAnswer(result);
    }
    case "status":
      return renderDigestStatus(await service.status(channelId));
    case "now":
      return renderDigestNowAnswer(await service.postNow(channelId, userId, poster));
  }
}
