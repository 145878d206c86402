import { setImmediate } from "node:timers/promises";
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { answerContext, type ListenerDeps } from "../deps.js";
import { rememberEphemeral } from "../message-memory.js";
import { postToResponseUrl } from "../response-url.js";
import { answerCommand } from "./answers.js";
import { parseCommand } from "./parse.js";

/** `/partnercentral …`: acknowledged at once, answered through the response URL, seen only by the caller. */
export function partnerCentralCommand(deps: ListenerDeps) {
  let lastTurn: Promise<void> = Promise.resolve();
  const nextTurn = (): Promise<void> => {
    lastTurn = lastTurn.then(() => setImmediate());
    return lastTurn;
  };
  return async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    // One command's work per turn of the event loop, so commands arriving in a burst are acknowledged
    // between them rather than after all of them.
    await nextTurn();
    const ctx = answerContext(deps, { userId: command.user_id, channelId: command.channel_id, client });
    const message = await answerCommand(parseCommand(command.text ?? "", ctx.defaults), ctx);
    await postToResponseUrl(command.response_url, {
      response_type: "ephemeral",
      ...(await rememberEphemeral(deps.store, message)),
    });
  };
}
