import type { KnownBlock, ModalView } from "@slack/types";
import type { InvitationKind } from "../../partnercentral/model.ts";
import { blockIds, type InvitationRef, VIEW } from "../ids.ts";
import { escapeMrkdwn, LIMITS, plain, safeLine } from "./text.ts";
import type { SlackMessage } from "./types.ts";

/** The reasons Partner Central documents for rejecting an engagement invitation. */
export const ENGAGEMENT_REJECTION_REASONS = [
  "Customer problem unclear",
  "Next steps unclear",
  "Unable to support",
  "Duplicate of partner referral",
  "Other",
] as const;

export const ENGAGEMENT_REASON_MAX = 80;
export const CONNECTION_REASON_MAX = 256;

export const REJECT_FIELDS = {
  choice: { block: "reason_choice", action: "reason_choice" },
  text: { block: "reason_text", action: "reason_text" },
} as const;

/**
 * What the reject form names, as the message the button was in shows it: a row's first line (the
 * invitation's name, already escaped mrkdwn), else the title of its Details, else its id.
 */
export function rejectSubject(blocks: KnownBlock[], ref: InvitationRef): string {
  const row = blocks.find((b) => b.block_id === blockIds.summary(ref));
  const firstLine = row?.type === "section" ? row.text?.text.split("\n")[0] : undefined;
  if (firstLine) return firstLine;
  const header = blocks.find((b) => b.type === "header");
  if (header?.type === "header") return `*${escapeMrkdwn(header.text.text)}*`;
  return `invitation \`${safeLine(ref.id, 80)}\``;
}

/** What rejecting means, said before it is done: the sender is told, and it cannot be taken back. */
const CONSEQUENCES: Record<InvitationKind, string> = {
  engagement:
    "The sender is told you declined, and you lose access to this opportunity. This cannot be undone.",
  connection: "The partner is told you declined. This cannot be undone.",
};

/** `subject` is mrkdwn that is already safe (taken from the app's own message, see `rejectSubject`). */
export function rejectModal(args: { kind: InvitationKind; subject: string; metadata: string }): ModalView {
  const intro: KnownBlock = {
    type: "section",
    text: {
      type: "mrkdwn",
      text: `:warning: You are about to reject\n>${args.subject.slice(0, 2000)}\n${CONSEQUENCES[args.kind]}`,
    },
  };
  const blocks: KnownBlock[] =
    args.kind === "engagement"
      ? [
          intro,
          {
            type: "input",
            block_id: REJECT_FIELDS.choice.block,
            label: { type: "plain_text", text: "Reason" },
            element: {
              type: "static_select",
              action_id: REJECT_FIELDS.choice.action,
              placeholder: { type: "plain_text", text: "Choose a reason" },
              options: ENGAGEMENT_REJECTION_REASONS.map((reason) => ({
                text: { type: "plain_text", text: reason },
                value: reason,
              })),
            },
          },
          {
            type: "input",
            block_id: REJECT_FIELDS.text.block,
            // Optional for Slack, which adds “(optional)” to the label; the hint says when it is needed,
            // and the submit checks it.
            optional: true,
            label: { type: "plain_text", text: "In your own words" },
            hint: {
              type: "plain_text",
              text: `Needed when you choose “Other”, and sent in its place: up to ${ENGAGEMENT_REASON_MAX} characters.`,
            },
            element: {
              type: "plain_text_input",
              action_id: REJECT_FIELDS.text.action,
              max_length: ENGAGEMENT_REASON_MAX,
            },
          },
        ]
      : [
          intro,
          {
            type: "input",
            block_id: REJECT_FIELDS.text.block,
            // Slack adds “(optional)” to the label itself.
            optional: true,
            label: { type: "plain_text", text: "Reason" },
            hint: { type: "plain_text", text: `Up to ${CONNECTION_REASON_MAX} characters.` },
            element: {
              type: "plain_text_input",
              action_id: REJECT_FIELDS.text.action,
              multiline: true,
              max_length: CONNECTION_REASON_MAX,
            },
          },
        ];
  return {
    type: "modal",
    callback_id: VIEW.reject,
    private_metadata: args.metadata,
    title: { type: "plain_text", text: "Reject invitation" },
    // Slack draws a form's submit button green whatever it does; the words above say it is final.
    submit: { type: "plain_text", text: "Reject" },
    close: { type: "plain_text", text: "Don’t reject" },
    blocks,
  };
}

/**
 * Checks what was entered; returns the reason to send, or the inline errors keyed by block id.
 */
export function validateRejection(
  kind: InvitationKind,
  choice: string | undefined,
  text: string | undefined,
): { reason?: string } | { errors: Record<string, string> } {
  const trimmed = text?.trim() ?? "";
  if (kind === "connection") {
    if (trimmed.length > CONNECTION_REASON_MAX) {
      return {
        errors: {
          [REJECT_FIELDS.text.block]:
            `Keep it to ${CONNECTION_REASON_MAX} characters (this is ${trimmed.length}).`,
        },
      };
    }
    return trimmed ? { reason: trimmed } : {};
  }
  if (
    !choice ||
    !ENGAGEMENT_REJECTION_REASONS.includes(choice as (typeof ENGAGEMENT_REJECTION_REASONS)[number])
  ) {
    return { errors: { [REJECT_FIELDS.choice.block]: "Choose one of the reasons." } };
  }
  if (trimmed.length > ENGAGEMENT_REASON_MAX) {
    return {
      errors: {
        [REJECT_FIELDS.text.block]:
          `Partner Central takes at most ${ENGAGEMENT_REASON_MAX} characters (this is ${trimmed.length}).`,
      },
    };
  }
  if (choice === "Other") {
    return trimmed
      ? { reason: trimmed }
      : { errors: { [REJECT_FIELDS.text.block]: "Say why, since you chose “Other”." } };
  }
  return { reason: choice };
}

export function messageModal(title: string, message: SlackMessage): ModalView {
  return {
    type: "modal",
    callback_id: VIEW.details,
    title: { type: "plain_text", text: plain(title, 24) },
    close: { type: "plain_text", text: "Close" },
    blocks: message.blocks.slice(0, LIMITS.blocksPerView),
  };
}

export function loadingModal(title: string): ModalView {
  return messageModal(title, {
    text: "Loading…",
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: ":hourglass_flowing_sand: Asking Partner Central…" } },
    ],
  });
}
