import type { KnownBlock, ModalView } from "@slack/types";
import type { SeenOpportunity } from "../../opportunities/actions.ts";
import { PartnerCentralError } from "../../partnercentral/errors.ts";
import { whyNextStepsLocked } from "../../partnercentral/opportunity-model.ts";
import { renderPartnerCentralError } from "../blocks/feedback.ts";
import { OPPORTUNITY_ACTS } from "../blocks/opportunity.ts";
import { actionOutcomeText, assignModal, nextStepsModal } from "../blocks/opportunity-forms.ts";
import { safeLine } from "../blocks/text.ts";
import type { ButtonClickArgs } from "../clicks.ts";
import type { ListenerDeps } from "../deps.ts";
import { parseOpportunityAction } from "../ids.ts";
import { type Actor, replyToActor } from "../reply.ts";
import { assigneeOf } from "../user-profile.ts";
import { actorAt, clickedTarget } from "./target.ts";

interface Checked {
  seen: SeenOpportunity;
  actor: Actor;
  /** What the opportunity is called where it was clicked: the details' title. */
  title?: string;
  /** The click came from a window (Details), on which a form is pushed rather than opened. */
  inModal: boolean;
}

/**
 * The checks every opportunity action shares: a button the message or window really shows, and an
 * approver. Returns what to act on, or undefined after telling the user why not.
 */
async function checkOpportunityClick(
  deps: ListenerDeps,
  args: ButtonClickArgs,
): Promise<Checked | undefined> {
  const { body, client } = args;
  const clicked = await clickedTarget(deps, args, parseOpportunityAction);
  if (!clicked) return undefined;
  const { target, value: seen } = clicked;
  const actor = actorAt(target, body.user.id);
  if (!(await deps.approvers.canAct(body.user.id, client))) {
    await replyToActor(client, actor, {
      text: deps.approvers.refusal(OPPORTUNITY_ACTS.verb, OPPORTUNITY_ACTS.what),
    });
    return undefined;
  }
  const title = headerOf(target.blocks);
  return { seen, actor, ...(title ? { title } : {}), inModal: target.kind === "modal" };
}

function headerOf(blocks: KnownBlock[]): string | undefined {
  const header = blocks.find((b) => b.type === "header");
  return header?.type === "header" ? header.text.text : undefined;
}

/** A form opens over the window it was asked from, or on its own from a message. */
async function openForm(args: ButtonClickArgs, inModal: boolean, view: ModalView): Promise<void> {
  const trigger = { trigger_id: args.body.trigger_id, view };
  if (inModal) await args.client.views.push(trigger);
  else await args.client.views.open(trigger);
}

/** Assign to me: Slack asked to confirm; the approver's Slack profile says who they are to Partner Central. */
export function assignToMeAction(deps: ListenerDeps) {
  return async (args: ButtonClickArgs): Promise<void> => {
    await args.ack();
    const checked = await checkOpportunityClick(deps, args);
    if (!checked) return;
    const { client, body } = args;
    const me = await assigneeOf(client, body.user.id);
    if ("problem" in me) {
      await replyToActor(client, checked.actor, {
        text: `:warning: ${me.problem}, so it cannot be assigned to you. Nothing was sent to AWS.`,
      });
      return;
    }
    try {
      const result = await deps.opportunityActions.assign(checked.seen, body.user.id, me.assignee);
      await replyToActor(client, checked.actor, { text: actionOutcomeText(result, body.user.id) });
    } catch (error) {
      if (!(error instanceof PartnerCentralError)) throw error;
      await replyToActor(client, checked.actor, renderPartnerCentralError(error));
    }
  };
}

/** Assign…: a form to pick the new owner from the workspace. */
export function assignOpportunityAction(deps: ListenerDeps) {
  return async (args: ButtonClickArgs): Promise<void> => {
    await args.ack();
    const checked = await checkOpportunityClick(deps, args);
    if (!checked) return;
    const { seen } = checked;
    await openForm(
      args,
      checked.inModal,
      assignModal({
        catalog: seen.catalog,
        id: seen.id,
        ...(seen.seenModifiedAt ? { seenModifiedAt: seen.seenModifiedAt.getTime() } : {}),
        ...(checked.title ? { title: checked.title } : {}),
      }),
    );
  };
}

/**
 * Update next steps…: the opportunity is read afresh first; in a review status that forbids changing them
 * the approver is told why and no form opens, else the form shows the next steps as just read, and the
 * change will be sent with the LastModifiedDate of that read.
 */
export function updateNextStepsAction(deps: ListenerDeps) {
  return async (args: ButtonClickArgs): Promise<void> => {
    await args.ack();
    const checked = await checkOpportunityClick(deps, args);
    if (!checked) return;
    const { seen, actor } = checked;
    try {
      const current = await deps.partnerCentral.opportunities.get(seen.catalog, seen.id, { fresh: true });
      const title = current.project.title ?? current.customer?.companyName ?? checked.title;
      const locked = whyNextStepsLocked(current.lifeCycle.reviewStatus);
      if (locked) {
        await replyToActor(args.client, actor, {
          text: `:lock: The next steps of *${safeLine(title ?? seen.id, 150)}* cannot be changed now: ${locked}. Nothing was sent to AWS.`,
        });
        return;
      }
      await openForm(
        args,
        checked.inModal,
        nextStepsModal({
          catalog: seen.catalog,
          id: seen.id,
          ...(current.lastModifiedAt ? { seenModifiedAt: current.lastModifiedAt.getTime() } : {}),
          ...(title ? { title } : {}),
          ...(current.lifeCycle.nextSteps ? { nextSteps: current.lifeCycle.nextSteps } : {}),
        }),
      );
    } catch (error) {
      if (!(error instanceof PartnerCentralError)) throw error;
      await replyToActor(args.client, actor, renderPartnerCentralError(error));
    }
  };
}
