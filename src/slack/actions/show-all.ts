import { parseShowAllValue } from "../blocks/digest.ts";
import { renderUsageError } from "../blocks/feedback.ts";
import type { ButtonClickArgs } from "../clicks.ts";
import { answerPage, firstPage } from "../commands/answers.ts";
import { answerContext, type ListenerDeps } from "../deps.ts";
import { rememberEphemeral } from "../message-memory.ts";
import { actorOf, replyToActor } from "../reply.ts";

/** "Show all" under a digest: the clicker alone gets the full list, a page at a time. */
export function showAllAction(deps: ListenerDeps) {
  return async ({ ack, click, body, client }: ButtonClickArgs): Promise<void> => {
    await ack();
    const actor = actorOf(body);
    const target = parseShowAllValue(click.value);
    const message = target
      ? await answerPage(
          firstPage({ kind: "expiring-all", catalog: target.catalog, withinDays: target.windowDays }),
          answerContext(deps, actor, client),
        )
      : renderUsageError("That button is not one this app made.");
    await replyToActor(client, actor, await rememberEphemeral(deps.store, message));
  };
}
