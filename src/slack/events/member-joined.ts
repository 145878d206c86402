import { slackAlertPoster } from "../channel-poster.ts";
import type { ListenerDeps } from "../deps.ts";
import type { MemberJoinedArgs } from "../listener-args.ts";

/**
 * The app was added to a channel: the new-invitation alerts waiting there because it was not a member are
 * posted at once. Anyone else joining a channel changes nothing.
 */
export function memberJoinedChannel(deps: ListenerDeps) {
  return async ({ event, context, client }: MemberJoinedArgs): Promise<void> => {
    if (!context.botUserId || event.user !== context.botUserId) return;
    await deps.alerts.deliver(slackAlertPoster(client, deps.clock, deps), { channelId: event.channel });
  };
}
