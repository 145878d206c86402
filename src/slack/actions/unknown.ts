import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { postToResponseUrl } from "../response-url.js";

export const UNKNOWN_BUTTON =
  ":warning: That button is not one this app knows (it may come from an older version), so nothing was done.";

/**
 * Any action id no listener handles: acknowledged, so Slack does not show a failure after three
 * seconds, and answered, so the user knows nothing happened.
 */
export async function unknownAction({
  ack,
  body,
}: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs): Promise<void> {
  await ack();
  if (body.response_url)
    await postToResponseUrl(body.response_url, {
      response_type: "ephemeral",
      replace_original: false,
      text: UNKNOWN_BUTTON,
    });
}
