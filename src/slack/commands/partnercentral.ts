import { setImmediate } from "node:timers/promises";
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { answerContext, type ListenerDeps } from "../deps.js";
import { rememberEphemeral } from "../message-memory.js";
import { postToResponseUrl } from "../response-url.js";
import { answerCommand } from "./answers.js";
import { parseCommand } from "./parse.js";

/** `/partnercentral …`: acknowledged at once, answered through the response URL, seen only by the caller. */
export function partnerCentralCommand(deps: ListenerDeps) {
  return async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    // Let commands that arrived meanwhile be acknowledged before this one's work takes the event loop.
    await setImmediate();
    const ctx = answerContext(deps, { userId: command.user_id, channelId: command.channel_id, client });
    const message = await answerCommand(parseCommand(command.text ?? "", ctx.defaults), ctx);
    await postToResponseUrl(command.response_url, {
      response_type: "ephemeral",
      ...(await rememberEphemeral(deps.store, message)),
    });
  };
}
