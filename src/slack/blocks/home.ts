import type { HomeView, KnownBlock } from "@slack/types";
import type { HomeData } from "../../home/service.ts";
import type { Invitation } from "../../partnercentral/model.ts";
import { QUICK_STARTS } from "../commands/help.ts";
import { COMMAND } from "../ids.ts";
import { renderAlertRefusals } from "./alerts.ts";
import { quickStartBlock } from "./feedback.ts";
import { renderHomeOpportunities, type ViewerOpportunities } from "./home-opportunities.ts";
import { invitationBlocks } from "./invitation.ts";
import { applyOutcomes } from "./outcome.ts";
import { describeSchedule, nextText } from "./subscription.ts";
import { dateToken, LIMITS, plural, safeText } from "./text.ts";
import type { Viewer } from "./types.ts";

/** Whoever looks at the Home, with their opportunities when the app follows opportunities. */
export interface HomeViewer extends Viewer {
  opportunities?: ViewerOpportunities;
}

/** One part of the App Home: its blocks for this viewer, none when it has nothing to show. */
export type HomeSection = (home: HomeData, viewer: HomeViewer) => KnownBlock[];

/** How many invitations decided since the look before are shown, the soonest to expire first. */
const DECIDED_SHOWN = 10;

const byExpiry = (a: Invitation, b: Invitation) =>
  (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0);

const heading = (text: string): KnownBlock => ({ type: "header", text: { type: "plain_text", text } });

/** For approvers: the channels that refuse new-invitation alerts, and what to do there. */
export const alertRefusalsSection: HomeSection = (home, viewer) =>
  viewer.mayAct ? renderAlertRefusals(home.alertRefusals ?? []) : [];

/** How many invitations wait, by kind and urgency; while the first look runs, that it runs, and no number. */
export const pendingSection: HomeSection = ({ waiting }) => {
  if (!waiting) {
    return [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: ":hourglass_flowing_sand: Asking Partner Central what is waiting for you…",
        },
      },
    ];
  }
  const { engagements, connections, byUrgency } = waiting;
  return [
    {
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
    },
  ];
};

/** The help's three places to start, each with its button; their answers come in the app's messages. */
export const quickActionsSection: HomeSection = () => [
  ...QUICK_STARTS.map((q) => quickStartBlock(q, `*${q.homeTitle ?? q.title}*`)),
  {
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: `Their answers arrive in the app's Messages tab. In a channel, \`${COMMAND} digest subscribe\` sets up its digest.`,
      },
    ],
  },
];

/** The ten invitations that expire first, each with what the viewer may do with it. */
export const expiringSoonestSection: HomeSection = ({ waiting, now }, viewer) => {
  if (!waiting) return [];
  const rows = [...waiting.soonest].sort(byExpiry);
  return [
    heading("Expiring soonest"),
    ...(rows.length === 0
      ? [
          {
            type: "section",
            text: { type: "mrkdwn", text: ":white_check_mark: Nothing is waiting for an answer." },
          } as KnownBlock,
        ]
      : rows.flatMap((invitation) => invitationBlocks(invitation, now, viewer.mayAct))),
  ];
};

/** What the app decided in the last quarter of an hour, marked with its outcome. */
export const decidedSection: HomeSection = ({ waiting, now }) => {
  const decided = [...(waiting?.decided ?? [])].sort(byExpiry).slice(0, DECIDED_SHOWN);
  if (decided.length === 0) return [];
  return [heading("Decided just now"), ...decided.flatMap((invitation) => invitationBlocks(invitation, now))];
};

/** The viewer's own opportunities and the team's that need action. */
export const opportunitiesSection: HomeSection = ({ now }, { opportunities }) =>
  opportunities ? renderHomeOpportunities(opportunities.list, opportunities, now) : [];

/** Every channel's digest with its next run, or how to set one up. */
export const digestsSection: HomeSection = ({ digests }) => [
  heading("Digests"),
  {
    type: "section",
    text: {
      type: "mrkdwn",
      text: digests.length
        ? digests
            .slice(0, 20)
            .map(
              (s) =>
                `• <#${s.channelId}> — ${describeSchedule(s.cron, s.timezone)}${s.nextRun ? ` · next ${nextText(s.nextRun, s.timezone)}` : ""}`,
            )
            .join("\n")
        : `No channel gets a digest yet. In a channel, type \`${COMMAND} digest subscribe\`.`,
    },
  },
];

/**
 * The App Home's parts, top to bottom, between its title and the line saying whether the viewer may act.
 * A new part is a `HomeSection` over `HomeData` placed here.
 */
export const HOME_SECTIONS: readonly HomeSection[] = [
  alertRefusalsSection,
  pendingSection,
  quickActionsSection,
  expiringSoonestSection,
  decidedSection,
  opportunitiesSection,
  digestsSection,
];

/** The App Home tab: its sections for this viewer, with every decision recorded on what they list. */
export function renderHome(
  home: HomeData,
  viewer: HomeViewer,
  sections: readonly HomeSection[] = HOME_SECTIONS,
): HomeView & { blocks: KnownBlock[] } {
  const { waiting } = home;
  const blocks: KnownBlock[] = [
    heading("Partner Central"),
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
    ...sections.flatMap((section) => section(home, viewer)),
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: viewer.mayAct
            ? ":white_check_mark: You may accept, reject and cancel invitations."
            : `:lock: ${viewer.approversText} You can still see everything.`,
        },
      ],
    },
  ];
  const fitting =
    blocks.length > LIMITS.blocksPerView
      ? [...blocks.slice(0, LIMITS.blocksPerView - 1), ...blocks.slice(-1)]
      : blocks;
  return { type: "home", blocks: applyOutcomes(fitting, home.decisions) };
}
