import type { HomeView, KnownBlock } from "@slack/types";
import { urgencyOf } from "../../digest/select.js";
import type { Catalog, Invitation } from "../../partnercentral/model.js";
import { COMMAND } from "../ids.js";
import { invitationBlocks } from "./invitation.js";
import { dateToken, LIMITS, plural, safeText } from "./text.js";

export interface HomeSubscription {
  channelId: string;
  /** The schedule in words, as mrkdwn that is already escaped (e.g. "at 09:00 on weekdays (UTC)"). */
  schedule: string;
  nextRun?: Date;
}

export interface HomeModel {
  userId: string;
  catalog: Catalog;
  /** Pending invitations we received; undefined while the first look is still running. */
  pending?: Invitation[];
  /** Invitations decided from Slack since the look before: shown in place, with their outcome. */
  decided?: Invitation[];
  refreshedAt?: Date;
  /** Why the last look failed, if it did. */
  problem?: string;
  subscriptions: HomeSubscription[];
  mayApprove: boolean;
  /** Who may approve (a sentence), for someone who may not. */
  approversText: string;
  now: Date;
}

const SOONEST = 10;

/** The App Home tab: what is waiting, what expires first, the digests, and whether you may act. */
export function renderHome(model: HomeModel): HomeView & { blocks: KnownBlock[] } {
  const { pending, now } = model;
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Partner Central" } },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `${model.catalog} catalog · ${
            model.refreshedAt ? `updated ${dateToken(model.refreshedAt)}` : "looking…"
          }${model.problem ? ` · :warning: ${safeText(model.problem, 300)}` : ""}`,
        },
      ],
    },
  ];
  if (!pending) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: ":hourglass_flowing_sand: Asking Partner Central what is waiting for you…",
      },
    });
  } else {
    const engagements = pending.filter((i) => i.kind === "engagement").length;
    const urgent = pending.filter((i) => urgencyOf(i, now) === "day").length;
    const soon = pending.filter((i) => urgencyOf(i, now) === "threeDays").length;
    blocks.push({
      type: "section",
      fields: [
        {
          type: "mrkdwn",
          text: `*Pending invitations*\n${pending.length} (${plural(engagements, "engagement")}, ${plural(pending.length - engagements, "connection")})`,
        },
        {
          type: "mrkdwn",
          text: `*By urgency*\n:rotating_light: ${urgent} within 24 hours · :warning: ${soon} within 3 days · ${pending.length - urgent - soon} later`,
        },
      ],
    });
    const byExpiry = (a: Invitation, b: Invitation) =>
      (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0);
    const soonest = [
      ...[...pending]
        .filter((i) => i.expiresAt)
        .sort(byExpiry)
        .slice(0, SOONEST),
      ...(model.decided ?? []),
    ].sort(byExpiry);
    blocks.push({ type: "header", text: { type: "plain_text", text: "Expiring soonest" } });
    if (soonest.length === 0) {
      blocks.push({
        type: "section",
        text: { type: "mrkdwn", text: ":white_check_mark: Nothing is waiting for an answer." },
      });
    }
    for (const invitation of soonest) blocks.push(...invitationBlocks(invitation, now, model.mayApprove));
  }
  blocks.push({ type: "header", text: { type: "plain_text", text: "Digests" } });
  blocks.push({
    type: "section",
    text: {
      type: "mrkdwn",
      text: model.subscriptions.length
        ? model.subscriptions
            .slice(0, 20)
            .map(
              (s) =>
                `• <#${s.channelId}> — ${s.schedule}${s.nextRun ? ` · next ${dateToken(s.nextRun)}` : ""}`,
            )
            .join("\n")
        : `No channel gets a digest yet. In a channel, type \`${COMMAND} digest subscribe\`.`,
    },
  });
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: model.mayApprove
          ? ":white_check_mark: You may accept, reject and cancel invitations."
          : `:lock: ${model.approversText} You can still see everything.`,
      },
    ],
  });
  return { type: "home", blocks: blocks.slice(0, LIMITS.blocksPerView) };
}
