import type { HomeView, KnownBlock } from "@slack/types";
import type { HomeData } from "../../home/service.ts";
import type { Invitation } from "../../partnercentral/model.ts";
import { COMMAND } from "../ids.ts";
import { renderAlertRefusals } from "./alerts.ts";
import { invitationBlocks } from "./invitation.ts";
import { applyOutcomes } from "./outcome.ts";
import { describeSchedule, nextText } from "./subscription.ts";
import { dateToken, LIMITS, plural, safeText } from "./text.ts";

/** Whether the user looking may act, and if not, who may (a sentence). */
export interface HomeViewer {
  mayApprove: boolean;
  approversText: string;
}

/** The App Home tab: what is waiting, what expires first, the digests, and whether you may act. */
export function renderHome(home: HomeData, viewer: HomeViewer): HomeView & { blocks: KnownBlock[] } {
  const { waiting, now } = home;
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Partner Central" } },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `${home.catalog} catalog · ${
            waiting ? `updated ${dateToken(waiting.at)}` : "looking…"
          }${home.problem ? ` · :warning: ${safeText(home.problem, 300)}` : ""}`,
        },
      ],
    },
    ...(viewer.mayApprove ? renderAlertRefusals(home.alertRefusals ?? []) : []),
  ];
  if (!waiting) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: ":hourglass_flowing_sand: Asking Partner Central what is waiting for you…",
      },
    });
  } else {
    const { engagements, connections, byUrgency, soonest, decided } = waiting;
    blocks.push({
      type: "section",
      fields: [
        {
          type: "mrkdwn",
          text: `*Pending invitations*\n${engagements + connections} (${plural(engagements, "engagement")}, ${plural(connections, "connection")})`,
        },
        {
          type: "mrkdwn",
          text: `*By urgency*\n:rotating_light: ${byUrgency.day} within 24 hours · :warning: ${byUrgency.threeDays} within 3 days · ${byUrgency.later} later`,
        },
      ],
    });
    // What was decided from Slack since the look before stays, marked, among what expires soonest.
    const byExpiry = (a: Invitation, b: Invitation) =>
      (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0);
    const listed = [...soonest, ...decided].sort(byExpiry);
    blocks.push({ type: "header", text: { type: "plain_text", text: "Expiring soonest" } });
    if (listed.length === 0) {
      blocks.push({
        type: "section",
        text: { type: "mrkdwn", text: ":white_check_mark: Nothing is waiting for an answer." },
      });
    }
    for (const invitation of listed) blocks.push(...invitationBlocks(invitation, now, viewer.mayApprove));
  }
  blocks.push({ type: "header", text: { type: "plain_text", text: "Digests" } });
  blocks.push({
    type: "section",
    text: {
      type: "mrkdwn",
      text: home.digests.length
        ? home.digests
            .slice(0, 20)
            .map(
              (s) =>
                `• <#${s.channelId}> — ${describeSchedule(s.cron, s.timezone)}${s.nextRun ? ` · next ${nextText(s.nextRun, s.timezone)}` : ""}`,
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
        text: viewer.mayApprove
          ? ":white_check_mark: You may accept, reject and cancel invitations."
          : `:lock: ${viewer.approversText} You can still see everything.`,
      },
    ],
  });
  return { type: "home", blocks: applyOutcomes(blocks.slice(0, LIMITS.blocksPerView), home.decisions) };
}
