import type { ActionArgs } from "../listener-args.ts";
import { actorOf, replyToActor } from "../reply.ts";

export const UNKNOWN_BUTTON =
  ":warning: That button is not one this app knows (it may come from an older version), so nothing was done.";

/**
 * Any action id no listener handles: acknowledged, so Slack does not show a failure after three
 * seconds, and answered, so the user knows nothing happened.
 */
export async function unknownAction({ ack, body, client }: ActionArgs): Promise<void> {
  await ack();
  await replyToActor(client, actorOf(body), { text: UNKNOWN_BUTTON });
}
