import { lookUpInvitation } from "../../alerts/watcher.ts";
import { PartnerCentralError } from "../../partnercentral/errors.ts";
import { askApprovers } from "../approver-requests.ts";
import { renderAskAnswer } from "../blocks/ask.ts";
import { renderPartnerCentralError } from "../blocks/feedback.ts";
import type { ActionClickArgs } from "../clicks.ts";
import type { ListenerDeps } from "../deps.ts";
import { parseAskValue } from "../ids.ts";
import { actorOf, replyToActor } from "../reply.ts";
import { clickedTarget, threadOf } from "./target.ts";

/**
 * Ask an approver: a colleague who may not decide an invitation asks the approvers to, once per
 * invitation and colleague, and is told where (or that they already asked, and when).
 */
export function askApproverAction(deps: ListenerDeps) {
  return async (args: ActionClickArgs): Promise<void> => {
    const { ack, body, client } = args;
    await ack();
    const actor = actorOf(body);
    const clicked = await clickedTarget(deps, args, parseAskValue);
    if (!clicked) return;
    const { target, value: asked } = clicked;
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
    // The thread the button names (a refusal answered beside a channel message), else the one clicked in;
    // with none, the approvers are asked by direct message.
    const thread = asked.origin ?? threadOf(target, body);
    const answer = await askApprovers(deps, client, {
      invitation,
      colleagueId: actor.userId,
      ...(thread ? { thread } : {}),
    });
    await replyToActor(client, actor, renderAskAnswer(answer, deps.clock()));
  };
}
