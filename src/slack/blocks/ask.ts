import type { Invitation } from "../../partnercentral/model.ts";
import { invitationPlainName } from "../../partnercentral/naming.ts";
import type { ApproverRequest } from "../../store/index.ts";
import { invitationBlocks, invitationTitle } from "./invitation.ts";
import { dateToken, expiryPhrase, safeText } from "./text.ts";
import type { SlackMessage } from "./types.ts";

/** "before it expires in 2 days (Mar 3 at 9:00 AM)", or nothing when AWS gave no expiry. */
function beforeExpiry(invitation: Invitation, now: Date): string {
  return invitation.expiresAt
    ? ` before it ${expiryPhrase(invitation.expiresAt, now)} (${dateToken(invitation.expiresAt)})`
    : "";
}

/**
 * A colleague's request that the approvers decide an invitation: who asks whom, the invitation named with
 * its expiry, and its row with Accept and Reject…, which decide it as anywhere else. `approvers` mentions
 * them in a channel's thread; in their direct messages it is "you".
 */
export function renderApproverRequest(args: {
  invitation: Invitation;
  colleagueId: string;
  approvers: string;
  now: Date;
}): SlackMessage {
  const { invitation, colleagueId, approvers, now } = args;
  const expiry = invitation.expiresAt ? `, ${expiryPhrase(invitation.expiresAt, now)}` : "";
  const ask = `:raising_hand: <@${colleagueId}> asks ${approvers} to accept or reject this invitation${beforeExpiry(invitation, now)}.`;
  return {
    text: `${ask.replace(":raising_hand: ", "")} ${safeText(invitationPlainName(invitation), 160)}${expiry}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: ask } },
      ...invitationBlocks(invitation, now, true),
    ],
  };
}

/** What a colleague who asked is told. */
export type AskAnswer =
  | { kind: "asked"; invitation: Invitation; approvers: string; where: "thread" | "direct" }
  | { kind: "already"; invitation: Invitation; request: ApproverRequest }
  | { kind: "failed"; invitation: Invitation; detail: string }
  | { kind: "no-longer-waiting"; status: string | undefined }
  | { kind: "may-decide" };

/** Where a request was posted, as its record says: a channel's thread, or the approvers' direct messages. */
function whereAsked(request: ApproverRequest): string {
  if (!request.channelId || request.channelId.startsWith("D")) return "by direct message";
  return `in the thread of the message in <#${request.channelId}>`;
}

export function renderAskAnswer(answer: AskAnswer, now: Date): SlackMessage {
  const name = (invitation: Invitation) => invitationTitle(invitation, 150);
  const text = (() => {
    switch (answer.kind) {
      case "asked":
        return `:raising_hand: Asked ${answer.approvers} ${answer.where === "thread" ? "in this message's thread" : "by direct message"} to decide ${name(answer.invitation)}${beforeExpiry(answer.invitation, now)}. They can accept it there.`;
      case "already":
        return `:information_source: You already asked the approvers about ${name(answer.invitation)} ${dateToken(answer.request.askedAt)}, ${whereAsked(answer.request)}. Nothing more was sent.`;
      case "failed":
        return `:warning: The approvers could not be asked about ${name(answer.invitation)} (${safeText(answer.detail, 200)}). Nothing was sent; try again.`;
      case "no-longer-waiting":
        return `:information_source: This invitation no longer waits for an answer (${safeText(answer.status?.toLowerCase(), 40, "status not given")} in Partner Central), so nobody was asked.`;
      case "may-decide":
        return ":information_source: You may decide this invitation yourself: use its Accept or Reject… buttons.";
    }
  })();
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
