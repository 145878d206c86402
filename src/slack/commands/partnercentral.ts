import { setImmediate } from "node:timers/promises";
import { answerContext, type ListenerDeps } from "../deps.ts";
import { rememberAnswer } from "../invitation-places.ts";
import type { CommandArgs } from "../listener-args.ts";
import { actorOf, replyToActor } from "../reply.ts";
import { answerCommand } from "./answers.ts";
import { parseCommand } from "./parse.ts";

/** `/partnercentral …`: acknowledged at once, answered through the response URL, seen only by the caller. */
export function partnerCentralCommand(deps: ListenerDeps) {
  let lastTurn: Promise<void> = Promise.resolve();
  const nextTurn = (): Promise<void> => {
    lastTurn = lastTurn.then(() => setImmediate());
    return lastTurn;
  };
  return async ({ command, ack, client }: CommandArgs): Promise<void> => {
    await ack();
    // One command's work per turn of the event loop, so commands arriving in a burst are acknowledged
    // between them rather than after all of them.
    await nextTurn();
    const actor = actorOf(command);
    const ctx = answerContext(deps, actor, client);
    const message = await answerCommand(parseCommand(command.text ?? "", ctx.defaults), ctx);
    await replyToActor(client, actor, await rememberAnswer(deps, message, actor.responseUrl));
  };
}
