import type { HomeView, KnownBlock } from "@slack/types";
import type { HomeData } from "../../home/service.js";
import { COMMAND } from "../ids.js";
import { invitationBlocks } from "./invitation.js";
import { applyOutcomes } from "./outcome.js";
import { describeSchedule } from "./subscription.js";
import { dateToken, LIMITS, safeText } from "./text.js";

/** Whether the user looking may act, and if not, who may (a sentence). */
export interface HomeViewer {
  mayApprove: boolean;
  approversText: string;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
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
            waiting ? `updated ${dateToken(waiting.at, "{date_short_pretty} at {time}")}` : "looking…"
          }${home.problem ? ` · :warning: ${safeText(home.problem, 300)}` : ""}`,
        },
      ],
    },
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
    const { engagements, connections, byUrgency, soonest } = waiting;
    blocks.push({
      type: "section",
      fields: [
        {
          type: "mrkdwn",
          text: `*Pending invitations*\n${engagements + connections} (${count(engagements, "engagement")}, ${count(connections, "connection")})`,
        },
        {
          type: "mrkdwn",
          text: `*By urgency*\n:rotating_light: ${byUrgency.day} within 24 hours · :warning: ${byUrgency.threeDays} within 3 days · ${byUrgency.later} later`,
        },
      ],
    });
    blocks.push({ type: "header", text: { type: "plain_text", text: "Expiring soonest" } });
    if (soonest.length === 0) {
      blocks.push({
        type: "section",
        text: { type: "mrkdwn", text: ":white_check_mark: Nothing is waiting for an answer." },
      });
    }
    for (const invitation of soonest) blocks.push({ type: "divider" }, ...invitationBlocks(invitation, now));
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
                `• <#${s.channelId}> — ${describeSchedule(s.cron, s.timezone)}${s.nextRun ? ` · next ${dateToken(s.nextRun, "{date_short_pretty} at {time}")}` : ""}`,
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
