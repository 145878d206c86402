import { renderUsageError } from "../blocks/feedback.ts";
import type { ButtonClickArgs } from "../clicks.ts";
import { answerCommand } from "../commands/answers.ts";
import { quickStartCommand } from "../commands/help.ts";
import { parseCommand } from "../commands/parse.ts";
import { answerContext, type ListenerDeps } from "../deps.ts";
import { rememberAnswer } from "../invitation-places.ts";
import { actorOf, replyToActor } from "../reply.ts";

/** A help button: answers the clicker as if they had typed its command, below the help. */
export function runCommandAction(deps: ListenerDeps) {
  return async ({ ack, click, body, client }: ButtonClickArgs): Promise<void> => {
    await ack();
    const actor = actorOf(body);
    const command = quickStartCommand(click.value);
    const ctx = answerContext(deps, actor, client);
    const message = command
      ? await answerCommand(parseCommand(command, ctx.defaults), ctx)
      : renderUsageError("That button is not one this app made, so nothing was run.");
    await replyToActor(client, actor, await rememberAnswer(deps, message, actor.responseUrl));
  };
}
