import type { KnownBlock, ModalView } from "@slack/types";
import type { ActionResult } from "../../opportunities/actions.ts";
import { CATALOGS, type Catalog } from "../../partnercentral/model.ts";
import type { OpportunityActionKind } from "../../store/index.ts";
import { VIEW } from "../ids.ts";
import { messageModal } from "./modals.ts";
import { opportunityName } from "./opportunity-ref.ts";
import { dateToken, safeLine, safeText } from "./text.ts";

/** Partner Central keeps at most this many characters of next steps. */
export const NEXT_STEPS_MAX = 255;

export const NEXT_STEPS_FIELD = { block: "next_steps", action: "next_steps" } as const;
export const ASSIGNEE_FIELD = { block: "assignee", action: "assignee" } as const;

/**
 * What a form on an opportunity acts on, kept in its private metadata: the opportunity, its
 * LastModifiedDate when shown (ms), its name, and for next steps what they said then.
 */
export interface OpportunityForm {
  catalog: Catalog;
  id: string;
  seenModifiedAt?: number;
  title?: string;
  nextSteps?: string;
}

export function formMetadata(form: OpportunityForm): string {
  return JSON.stringify(form).slice(0, 3000);
}

export function parseFormMetadata(text: string): OpportunityForm | undefined {
  try {
    const value = JSON.parse(text) as Partial<OpportunityForm> | null;
    if (!value || !CATALOGS.includes(value.catalog as Catalog) || !/^O[0-9]{1,19}$/.test(String(value.id))) {
      return undefined;
    }
    return {
      catalog: value.catalog as Catalog,
      id: value.id as string,
      ...(typeof value.seenModifiedAt === "number" ? { seenModifiedAt: value.seenModifiedAt } : {}),
      ...(typeof value.title === "string" ? { title: value.title } : {}),
      ...(typeof value.nextSteps === "string" ? { nextSteps: value.nextSteps } : {}),
    };
  } catch {
    return undefined;
  }
}

const named = (form: OpportunityForm) => `*${safeLine(opportunityName(form), 150)}* (\`${form.id}\`)`;

function section(text: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

/** A form on an opportunity: what it is about, and the one input it asks for. */
function formModal(
  callbackId: string,
  form: OpportunityForm,
  words: { title: string; submit: string; intro: string },
  input: KnownBlock,
): ModalView {
  return {
    type: "modal",
    callback_id: callbackId,
    private_metadata: formMetadata(form),
    title: { type: "plain_text", text: words.title },
    submit: { type: "plain_text", text: words.submit },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [section(words.intro), input],
  };
}

/** Update next steps: the current ones to edit, sent with everything else as it was read. */
export function nextStepsModal(form: OpportunityForm): ModalView {
  return formModal(
    VIEW.nextSteps,
    form,
    {
      title: "Next steps",
      submit: "Save",
      intro: `The next steps of ${named(form)}, as your partner team records them in Partner Central.`,
    },
    {
      type: "input",
      block_id: NEXT_STEPS_FIELD.block,
      label: { type: "plain_text", text: "Next steps" },
      hint: {
        type: "plain_text",
        text: `Up to ${NEXT_STEPS_MAX} characters. Partner Central keeps the earlier ones in their history; nothing else on the opportunity changes.`,
      },
      element: {
        type: "plain_text_input",
        action_id: NEXT_STEPS_FIELD.action,
        multiline: true,
        max_length: NEXT_STEPS_MAX,
        ...(form.nextSteps ? { initial_value: form.nextSteps.slice(0, NEXT_STEPS_MAX) } : {}),
      },
    },
  );
}

/** Assign…: whom, picked from the workspace; their Slack profile says who they are to Partner Central. */
export function assignModal(form: OpportunityForm): ModalView {
  return formModal(
    VIEW.assignOpportunity,
    form,
    {
      title: "Assign opportunity",
      submit: "Assign",
      intro: `Who should own ${named(form)} in Partner Central?`,
    },
    {
      type: "input",
      block_id: ASSIGNEE_FIELD.block,
      label: { type: "plain_text", text: "Owner" },
      hint: {
        type: "plain_text",
        text: "Partner Central takes their name, e-mail address and title from their Slack profile; the e-mail address must be one of your Partner Central users.",
      },
      element: {
        type: "users_select",
        action_id: ASSIGNEE_FIELD.action,
        placeholder: { type: "plain_text", text: "Choose someone" },
      },
    },
  );
}

/** A form's outcome in its own window: what was done, or why not. */
export function formOutcomeModal(title: string, text: string): ModalView {
  return messageModal(title, { text, blocks: [section(text.slice(0, 3000))] });
}

const DONE: Record<OpportunityActionKind, { done: string; failed: string }> = {
  assign: { done: "assigned", failed: "assign" },
  "next-steps": { done: "changed the next steps of", failed: "change the next steps of" },
};

/**
 * What became of an action on an opportunity, for whoever asked: done, refused by Partner Central (with
 * why), changed in Partner Central meanwhile (nothing overwritten), made first by someone else, or
 * nothing to do.
 */
export function actionOutcomeText(result: ActionResult, userId: string): string {
  if (result.kind === "unchanged")
    return `:information_source: ${safeText(result.reason, 300)}; nothing was sent to AWS.`;
  const r = result.record;
  const what = `*${safeLine(r.title ?? `opportunity ${r.opportunityId}`, 150)}*`;
  const to = r.subject ? safeLine(r.subject, 300) : undefined;
  const when = dateToken(r.finishedAt ?? r.createdAt);
  if (result.kind === "taken") {
    const who = r.userId === userId ? "You" : `Someone got there first: <@${r.userId}>`;
    if (r.status === "pending")
      return `:hourglass_flowing_sand: ${who} ${r.userId === userId ? "are" : "is"} already doing this · ${when}`;
    if (r.status === "succeeded") {
      return `:information_source: ${who} ${DONE[r.action].done} ${what}${r.action === "assign" && to ? ` to ${to}` : ""} · ${when}`;
    }
  }
  switch (r.status) {
    case "succeeded":
      return r.action === "assign"
        ? `:white_check_mark: Assigned ${what} to ${to ?? "them"} in Partner Central · ${when}`
        : `:white_check_mark: Saved the next steps of ${what} in Partner Central · ${when}${to ? `\n> ${to}` : ""}`;
    case "conflict":
      return `:information_source: ${what} changed in Partner Central meanwhile, so nothing was overwritten. Open it again to see what it says now, and make your change once more.${to ? `\nWhat you wrote:\n> ${to}` : ""}`;
    default:
      return `:warning: Could not ${DONE[r.action].failed} ${what}: ${safeText(r.detail, 800, "Partner Central gave no reason")}`;
  }
}
