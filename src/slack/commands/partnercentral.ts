import { setImmediate } from "node:timers/promises";
import { answerContext, type ListenerDeps } from "../deps.ts";
import { rememberAnswer } from "../invitation-places.ts";
import type { CommandArgs } from "../listener-args.ts";
import { actorOf, replyToActor } from "../reply.ts";
import { answerCommand } from "./answers.ts";
import { parseCommand } from "./parse.ts";

/** `/partnercentral …`: acknowledged at once, answered through the response URL, seen only by the caller. */
export function partnerCentralCommand(deps: ListenerDeps) {
  return async ({ command, ack, client }: CommandArgs): Promise<void> => {
    await ack();
    // The rest of this event loop's turn acknowledges the other requests already read; then each command
    // goes on at once, without waiting behind the commands before it (see BENCHMARKS.md, commands).
    await setImmediate();
    const actor = actorOf(command);
    const ctx = answerContext(deps, actor, client);
    const message = await answerCommand(parseCommand(command.text ?? "", ctx.defaults), ctx);
    await replyToActor(client, actor, await rememberAnswer(deps, message, actor.responseUrl));
  };
}
