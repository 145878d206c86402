import { lookUpInvitation } from "../../alerts/watcher.ts";
import { PartnerCentralError } from "../../partnercentral/errors.ts";
import { askApprovers } from "../approver-requests.ts";
import { renderAskAnswer } from "../blocks/ask.ts";
import { renderPartnerCentralError } from "../blocks/feedback.ts";
import type { ButtonClickArgs } from "../clicks.ts";
import type { ListenerDeps } from "../deps.ts";
import { type AskOrigin, parseAskValue } from "../ids.ts";
import { actorOf, replyToActor } from "../reply.ts";
import { NOT_OURS } from "./decide.ts";
import { type MessageTarget, showsButton, targetOf } from "./target.ts";

/**
 * The thread a request goes to: the one the button names (a refusal answered beside a channel message), or
 * the channel message the button is in; none for an answer only the clicker sees, the App Home, Details
 * or a direct message with the app, where the approvers are asked by direct message.
 */
function threadOf(
  named: AskOrigin | undefined,
  target: MessageTarget,
  body: ButtonClickArgs["body"],
): AskOrigin | undefined {
  if (named) return named;
  if (target.kind !== "channel" || target.channel.startsWith("D")) return undefined;
  const message = body.message as { thread_ts?: string } | undefined;
  return { channelId: target.channel, ts: message?.thread_ts ?? target.ts };
}

/**
 * Ask an approver: a colleague who may not decide an invitation asks the approvers to, once per
 * invitation and colleague, and is told where (or that they already asked, and when).
 */
export function askApproverAction(deps: ListenerDeps) {
  return async ({ ack, body, click, client }: ButtonClickArgs): Promise<void> => {
    await ack();
    const actor = actorOf(body);
    const asked = parseAskValue(click.value);
    const target = asked ? await targetOf(body, click.memoryKey, deps.store) : undefined;
    if (!asked || !target || !showsButton(target.blocks, click.actionId, click.value)) {
      await replyToActor(client, actor, { text: NOT_OURS });
      return;
    }
    const now = deps.clock();
    if (!deps.approvers.configured) {
      await replyToActor(client, actor, { text: deps.approvers.refusal("accept or reject") });
      return;
    }
    if (await deps.approvers.canAct(actor.userId, client)) {
      await replyToActor(client, actor, renderAskAnswer({ kind: "may-decide" }, now));
      return;
    }
    let invitation: Awaited<ReturnType<typeof lookUpInvitation>>;
    try {
      invitation = await lookUpInvitation(deps.partnerCentral, asked.ref);
    } catch (error) {
      if (!(error instanceof PartnerCentralError)) throw error;
      await replyToActor(client, actor, renderPartnerCentralError(error));
      return;
    }
    if (invitation?.status !== "PENDING") {
      await replyToActor(
        client,
        actor,
        renderAskAnswer({ kind: "no-longer-waiting", status: invitation?.status ?? "unknown" }, now),
      );
      return;
    }
    const thread = threadOf(asked.origin, target, body);
    const answer = await askApprovers(deps, client, {
      invitation,
      colleagueId: actor.userId,
      ...(thread ? { thread } : {}),
    });
    await replyToActor(client, actor, renderAskAnswer(answer, deps.clock()));
  };
}
