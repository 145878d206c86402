import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { parseShowAllValue } from "../blocks/digest.js";
import { renderUsageError } from "../blocks/feedback.js";
import { answerPage, firstPage } from "../commands/answers.js";
import { answerContext, type ListenerDeps } from "../deps.js";
import { rememberEphemeral } from "../message-memory.js";
import { postToResponseUrl } from "../response-url.js";

/** "Show all" under a digest: the clicker alone gets the full list, a page at a time. */
export function showAllAction(deps: ListenerDeps) {
  return async ({
    ack,
    action,
    body,
    client,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const target = parseShowAllValue(action.value);
    const message = target
      ? await answerPage(
          firstPage({ kind: "expiring-all", catalog: target.catalog, withinDays: target.windowDays }),
          answerContext(deps, { userId: body.user.id, channelId: body.channel?.id ?? "", client }),
        )
      : renderUsageError("That button is not one this app made.");
    await postToResponseUrl(body.response_url, {
      response_type: "ephemeral",
      replace_original: false,
      ...(await rememberEphemeral(deps.store, message)),
    });
  };
}
