import { setImmediate } from "node:timers/promises";
import { answerContext, type ListenerDeps } from "../deps.js";
import { rememberAnswer } from "../invitation-places.js";
import type { CommandArgs } from "../listener-args.js";
import { actorOf, replyToActor } from "../reply.js";
import { answerCommand } from "./answers.js";
import { parseCommand } from "./parse.js";

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
