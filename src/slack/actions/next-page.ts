import { renderNotice } from "../blocks/feedback.ts";
import type { ButtonClickArgs } from "../clicks.ts";
import { answerPage, loadPageState } from "../commands/answers.ts";
import { answerContext, type ListenerDeps } from "../deps.ts";
import { ACTION } from "../ids.ts";
import { rememberAnswer } from "../invitation-places.ts";
import { forgetShownMessage } from "../message-memory.ts";
import { actorOf, replyToActor } from "../reply.ts";

/** "Next page" and "Previous page": both name the shown page's remembered record, which holds their requests. */
export function nextPageAction(deps: ListenerDeps) {
  return async ({ ack, click, body, client }: ButtonClickArgs): Promise<void> => {
    await ack();
    const actor = actorOf(body);
    const which = click.actionId === ACTION.previousPage ? "previous" : "next";
    const { memoryKey } = click;
    const state = memoryKey ? await loadPageState(deps.store, memoryKey, which) : undefined;
    if (!state || !memoryKey) {
      await replyToActor(
        client,
        actor,
        renderNotice(":hourglass: This list has expired. Run the command again to see the latest."),
      );
      return;
    }
    const page = await answerPage(state, answerContext(deps, actor, client));
    // The page replaces the message clicked in, so the click's response URL can replace it again.
    await replyToActor(client, actor, await rememberAnswer(deps, page, actor.responseUrl), {
      replaceOriginal: true,
    });
    await forgetShownMessage(deps.store, memoryKey);
  };
}
