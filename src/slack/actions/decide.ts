import type { WebClient } from "@slack/web-api";
import type { DecisionRequest } from "../../decisions/service.ts";
import type { ActionKind, ActionRecord } from "../../store/index.ts";
import { outcomeText } from "../blocks/outcome.ts";
import type { ListenerDeps } from "../deps.ts";
import { republishAfterDecision } from "../home.ts";
import { type InvitationRef, invitationRefValue, parseButtonValue } from "../ids.ts";
import type { ButtonArgs } from "../listener-args.ts";
import { actorOf, replyToActor } from "../reply.ts";
import { actorAt, type MessageTarget, refreshTarget, showsButton, targetOf } from "./target.ts";

const NOT_OURS =
  ":information_source: That button is no longer part of this message (it was already used, or the message changed since), so nothing more was done.";

const verbFor: Record<ActionKind, string> = { accept: "accept", reject: "reject", cancel: "cancel" };

/**
 * The checks every decision button shares: a reference the message really shows, and an approver.
 * Returns what to act on, or undefined after telling the user why not.
 */
export async function checkDecisionClick(
  deps: ListenerDeps,
  args: ButtonArgs,
  action: ActionKind,
): Promise<{ ref: InvitationRef; target: MessageTarget } | undefined> {
  const { body, action: button, client } = args;
  const parsed = parseButtonValue(button.value);
  const target = parsed ? await targetOf(body, parsed.memoryKey, deps.store) : undefined;
  if (!parsed || !target || !showsButton(target.blocks, button.action_id, invitationRefValue(parsed.ref))) {
    await replyToActor(client, actorOf(body), { text: NOT_OURS });
    return undefined;
  }
  if (!(await deps.approvers.canAct(body.user.id, client))) {
    await replyToActor(client, actorOf(body), { text: deps.approvers.refusal(verbFor[action]) });
    return undefined;
  }
  return { ref: parsed.ref, target };
}

/** What a user who clicked second is told: the decision someone else already made or is making. */
function alreadyDecided(record: ActionRecord): string {
  return `Someone got there first. ${outcomeText(record)}`;
}

/**
 * Claims the decision, shows it as under way, calls AWS once and shows the outcome in place. A user who
 * loses the race sees the winner's outcome instead.
 */
export async function decideAndShow(
  deps: ListenerDeps,
  client: WebClient,
  target: MessageTarget,
  request: DecisionRequest,
): Promise<ActionRecord> {
  const claim = await deps.decisions.claim(request);
  if (!claim.won) {
    await refreshTarget(target, deps, client);
    await replyToActor(client, actorAt(target, request.userId), { text: alreadyDecided(claim.record) });
    return claim.record;
  }
  await refreshTarget(target, deps, client);
  const finished = await deps.decisions.execute(claim.record);
  if (target.kind === "home") await republishAfterDecision(deps, client, target.userId);
  else await refreshTarget(target, deps, client);
  deps.logger.info(
    {
      action: finished.action,
      invitation: finished.key,
      user: finished.userId,
      status: finished.status,
      requestId: finished.awsRequestId,
    },
    "invitation decision",
  );
  return finished;
}

/** Accept and Cancel: Slack already asked the user to confirm, so the click is the decision. */
export function decideAction(deps: ListenerDeps, action: Exclude<ActionKind, "reject">) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const checked = await checkDecisionClick(deps, args, action);
    if (!checked) return;
    const { ref, target } = checked;
    await decideAndShow(deps, args.client, target, {
      kind: ref.kind,
      catalog: ref.catalog,
      invitationId: ref.id,
      action,
      userId: args.body.user.id,
    });
  };
}
