import type { WebClient } from "@slack/web-api";
import { isRunning } from "../../decisions/record.ts";
import type { Claim, DecisionRequest } from "../../decisions/service.ts";
import { PartnerCentralError } from "../../partnercentral/errors.ts";
import type { ActionKind, ActionRecord } from "../../store/index.ts";
import { renderPartnerCentralError } from "../blocks/feedback.ts";
import { askButton } from "../blocks/invitation.ts";
import { outcomeText } from "../blocks/outcome.ts";
import type { ActionClickArgs, ButtonClickArgs } from "../clicks.ts";
import type { ListenerDeps } from "../deps.ts";
import { type InvitationRef, parseInvitationRef } from "../ids.ts";
import { locationPrefix, recordDecidedFrom } from "../invitation-places.ts";
import { rememberMessage } from "../message-memory.ts";
import { actorOf, type Reply, replyToActor } from "../reply.ts";
import {
  actorAt,
  clickedTarget,
  decidedFrom,
  type MessageTarget,
  refreshTarget,
  shownAt,
  threadOf,
} from "./target.ts";

const verbFor: Record<ActionKind, string> = { accept: "accept", reject: "reject", cancel: "cancel" };

/**
 * The checks every decision button shares: a reference the message really shows, and an approver.
 * Returns what to act on, or undefined after telling the user why not.
 */
export async function checkDecisionClick(
  deps: ListenerDeps,
  args: ActionClickArgs,
  action: ActionKind,
): Promise<{ ref: InvitationRef; target: MessageTarget } | undefined> {
  const { body, client } = args;
  const clicked = await clickedTarget(deps, args, parseInvitationRef);
  if (!clicked) return undefined;
  const { target, value: ref } = clicked;
  if (!(await deps.approvers.canAct(body.user.id, client))) {
    await replyToActor(client, actorOf(body), await refusal(deps, action, ref, target, body));
    return undefined;
  }
  return { ref, target };
}

/**
 * Who may act, and that nothing was changed; for an invitation waiting for us, with Ask an approver, which
 * asks in the thread of the channel message clicked in (remembered, so the button can be found again).
 */
async function refusal(
  deps: ListenerDeps,
  action: ActionKind,
  ref: InvitationRef,
  target: MessageTarget,
  body: ActionClickArgs["body"],
): Promise<Reply> {
  const text = deps.approvers.refusal(verbFor[action]);
  if (action === "cancel" || !deps.approvers.configured) return { text };
  const origin = threadOf(target, body);
  const message = {
    text,
    blocks: [
      {
        type: "section" as const,
        text: { type: "mrkdwn" as const, text: `${text} *Ask an approver* asks them for you.` },
        accessory: askButton(ref, origin),
      },
    ],
  };
  return (await rememberMessage(deps.store, message)).message;
}

/** What someone whose click found the decision made or under way is told: that decision. */
function alreadyDecided(record: ActionRecord, userId: string): string {
  return record.userId === userId ? outcomeText(record) : `Someone got there first. ${outcomeText(record)}`;
}

/** Redraws the place, logging instead of throwing: what it shows must never stop or undo a decision. */
async function redrawLogged(deps: ListenerDeps, client: WebClient, target: MessageTarget): Promise<boolean> {
  try {
    await refreshTarget(target, deps, client);
    return true;
  } catch (error) {
    deps.logger.warn({ where: target.kind, err: error }, "could not show a decision where it was made");
    return false;
  }
}

/**
 * Where the decision was made, for an outcome the app shows later (an accept task still running): the
 * place is recorded with what it shows (a Home is republished with every open Home when it ends), and if
 * the task ended meanwhile, it is shown now.
 */
async function followFrom(
  deps: ListenerDeps,
  client: WebClient,
  target: MessageTarget,
  record: ActionRecord,
): Promise<void> {
  try {
    if (target.kind !== "home") await recordDecidedFrom(deps, decidedFrom(target), shownAt(target));
  } catch (error) {
    deps.logger.warn({ invitation: record.key, err: error }, "could not record where a decision was made");
  }
  const now = await deps.store.decisions.get(record.key);
  if (now && !isRunning(now)) await redrawLogged(deps, client, target);
}

/**
 * Claims the decision, calls AWS once and shows the outcome where it was made, and then wherever else the
 * invitation is shown; a user who loses the race sees the decision made or under way instead. Nothing
 * between the claim and the call can keep the call from being made: the redraw that shows it under way
 * runs beside the call, and a failure of it is only logged. An accept still running when the click stops
 * waiting is shown as such, and the app shows its end where it was made.
 */
export async function decideAndShow(
  deps: ListenerDeps,
  client: WebClient,
  target: MessageTarget,
  request: DecisionRequest,
): Promise<ActionRecord | undefined> {
  const actor = actorAt(target, request.userId);
  let claim: Claim;
  try {
    claim = await deps.decisions.claim(request);
  } catch (error) {
    if (!(error instanceof PartnerCentralError)) throw error;
    await replyToActor(client, actor, renderPartnerCentralError(error));
    return undefined;
  }
  if (!claim.won) {
    if ("refused" in claim) {
      await replyToActor(client, actor, { text: `:warning: ${claim.refused} Nothing was sent to AWS.` });
      return undefined;
    }
    await redrawLogged(deps, client, target);
    await replyToActor(client, actor, { text: alreadyDecided(claim.record, request.userId) });
    return claim.record;
  }
  const underWay = redrawLogged(deps, client, target);
  let finished: ActionRecord;
  try {
    finished = await deps.decisions.execute(claim.record, claim.invitation);
  } finally {
    await underWay;
  }
  if (!(await redrawLogged(deps, client, target))) {
    await replyToActor(client, actor, { text: outcomeText(finished) });
  }
  if (isRunning(finished)) await followFrom(deps, client, target, finished);
  // A failure changes nothing elsewhere: there, the invitation still shows its buttons.
  if (finished.status !== "failed") {
    await deps.decisions.publish(
      finished,
      target.kind === "home" ? {} : { except: locationPrefix(decidedFrom(target)) },
    );
  }
  deps.logger.info(
    {
      action: finished.action,
      invitation: finished.key,
      user: finished.userId,
      status: finished.status,
      running: isRunning(finished),
      requestId: finished.awsRequestId,
    },
    "invitation decision",
  );
  return finished;
}

/** Accept and Cancel: Slack already asked the user to confirm, so the click is the decision. */
export function decideAction(deps: ListenerDeps, action: Exclude<ActionKind, "reject">) {
  return async (args: ButtonClickArgs): Promise<void> => {
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
