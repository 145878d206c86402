import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { renderNotice } from "../blocks/feedback.js";
import { answerPage, loadPageState } from "../commands/answers.js";
import { answerContext, type ListenerDeps } from "../deps.js";
import { ACTION } from "../ids.js";
import { rememberEphemeral } from "../message-memory.js";
import { postToResponseUrl } from "../response-url.js";

/** "Next page" and "Previous page": both name the shown page's remembered record, which holds their requests. */
export function nextPageAction(deps: ListenerDeps) {
  return async ({
    ack,
    action,
    body,
    client,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const which = action.action_id === ACTION.previousPage ? "previous" : "next";
    const state = await loadPageState(deps.store, action.value ?? "", which);
    if (!state) {
      await postToResponseUrl(body.response_url, {
        response_type: "ephemeral",
        replace_original: false,
        ...renderNotice(":hourglass: This list has expired. Run the command again to see the latest."),
      });
      return;
    }
    await postToResponseUrl(body.response_url, {
      response_type: "ephemeral",
      replace_original: true,
      ...(await rememberEphemeral(
        deps.store,
        await answerPage(
          state,
          answerContext(deps, { userId: body.user.id, channelId: body.channel?.id ?? "", client }),
        ),
      )),
    });
  };
}
