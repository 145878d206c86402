import type { ActionsBlock, Button, KnownBlock } from "@slack/types";
import { groupByUrgency } from "../../digest/select.ts";
import { connectionTypeTitle } from "../../partnercentral/connections.ts";
import type { Connection, ConnectionTypeInfo, Invitation } from "../../partnercentral/model.ts";
import { ACTION, connectionRefValue } from "../ids.ts";
import { urgencyHeading } from "./digest.ts";
import { invitationBlocks, invitationPlainLine, whoMayActBlocks } from "./invitation.ts";
import { dateToken, plain, safeText, titleCase } from "./text.ts";
import type { SlackMessage, Viewer } from "./types.ts";

export interface ListPage {
  /** 1-based page number. */
  number: number;
  /** How many items the pages before this one showed. */
  shownBefore: number;
  /** Store key of the record holding the next and previous pages' requests, when there are such pages. */
  nextPageKey?: string;
  previousPageKey?: string;
}

export function pageContext(heading: string, filter: string, count: number, page: ListPage): string {
  const first = page.shownBefore + 1;
  const range =
    count === 0
      ? page.number > 1
        ? "nothing more"
        : "none found"
      : `${first}–${page.shownBefore + count}${page.nextPageKey ? ", more on the next page" : ""}`;
  return `${heading} · ${filter} · ${range}`;
}

/** Nothing to list: on the first page the filter matches nothing; later, the pages before had it all. */
function emptyNotice(page: ListPage): KnownBlock {
  const text =
    page.number > 1 ? "Nothing more: the pages before showed everything." : "Nothing matches this filter.";
  return { type: "section", text: { type: "mrkdwn", text } };
}

export function navigation(page: ListPage): ActionsBlock[] {
  const buttons: Button[] = [];
  if (page.previousPageKey) {
    buttons.push({
      type: "button",
      action_id: ACTION.previousPage,
      text: { type: "plain_text", text: `← Previous page (${page.number - 1})` },
      value: page.previousPageKey,
    });
  }
  if (page.nextPageKey) {
    buttons.push({
      type: "button",
      action_id: ACTION.nextPage,
      text: { type: "plain_text", text: `Next page (${page.number + 1}) →` },
      value: page.nextPageKey,
    });
  }
  return buttons.length ? [{ type: "actions", block_id: "list_navigation", elements: buttons }] : [];
}

/** A list's heading, what it shows, any notes, and a line when it shows nothing. */
export function listTop(
  heading: string,
  context: string,
  page: ListPage,
  notes: KnownBlock[],
  count: number,
): KnownBlock[] {
  return [
    { type: "header", text: { type: "plain_text", text: plain(heading, 150), emoji: true } },
    { type: "context", elements: [{ type: "mrkdwn", text: safeText(context, 2000) }] },
    ...notes,
    ...(count === 0 ? [emptyNotice(page)] : []),
  ];
}

export function renderInvitationList(args: {
  heading: string;
  filter: string;
  invitations: Invitation[];
  page: ListPage;
  now: Date;
  /** Who asked; without one, the buttons are for whoever may act. */
  viewer?: Viewer;
  /** Soonest to expire first, under the digest's urgency headings. */
  byUrgency?: boolean;
}): SlackMessage {
  const { heading, filter, invitations, page, now, viewer } = args;
  const context = pageContext(heading, filter, invitations.length, page);
  const blocks = listTop(heading, context, page, whoMayActBlocks(invitations, viewer), invitations.length);
  const rows = (some: Invitation[]) => some.flatMap((i) => invitationBlocks(i, now, viewer?.mayAct ?? true));
  if (!args.byUrgency) blocks.push(...rows(invitations));
  else
    for (const group of groupByUrgency(invitations, now))
      blocks.push(urgencyHeading(group), ...rows(group.invitations));
  blocks.push(...navigation(page));
  const lines = invitations.slice(0, 5).map((i) => `• ${invitationPlainLine(i, now)}`);
  return { text: [safeText(context, 500), ...lines].join("\n"), blocks };
}

const participantKinds: Record<string, string> = {
  partner: "Partner",
  seller: "Seller",
  account: "AWS account",
  unknown: "Participant",
};

/** The other side of a connection, as its first connection type names it. */
export function connectionCounterpart(connection: Connection): { name?: string; kind: string } {
  const withName = connection.types.find((t) => t.participant.name) ?? connection.types[0];
  return {
    ...(withName?.participant.name ? { name: withName.participant.name } : {}),
    kind: participantKinds[withName?.participant.kind ?? "unknown"] ?? "Participant",
  };
}

export function connectionTypeLine(type: ConnectionTypeInfo): string {
  const status =
    type.status === "ACTIVE" ? ":large_green_circle: Active" : `:white_circle: ${titleCase(type.status)}`;
  const since = type.createdAt ? ` since ${dateToken(type.createdAt)}` : "";
  const canceled = type.canceledAt ? ` · canceled ${dateToken(type.canceledAt)}` : "";
  return `• ${safeText(connectionTypeTitle(type.type), 80)}: ${status}${type.status === "ACTIVE" ? since : canceled}`;
}

export function renderConnectionList(args: {
  filter: string;
  connections: Connection[];
  page: ListPage;
}): SlackMessage {
  const { filter, connections, page } = args;
  const heading = "Partner connections";
  const context = pageContext(heading, filter, connections.length, page);
  const blocks = listTop(heading, context, page, [], connections.length);
  for (const connection of connections) {
    const counterpart = connectionCounterpart(connection);
    // The account id only where no name says who it is.
    const account =
      connection.otherAccountId && !counterpart.name
        ? ` · AWS account \`${safeText(connection.otherAccountId, 20)}\``
        : "";
    blocks.push(
      { type: "divider" },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: [
            `*${safeText(counterpart.name, 150, "Unnamed partner")}* · ${counterpart.kind}${account}`,
            ...connection.types.slice(0, 10).map(connectionTypeLine),
          ].join("\n"),
        },
        accessory: {
          type: "button",
          action_id: ACTION.connectionDetails,
          text: { type: "plain_text", text: "Details" },
          value: connectionRefValue(connection),
        },
      },
    );
  }
  blocks.push(...navigation(page));
  const lines = connections
    .slice(0, 5)
    .map((c) => `• ${safeText(connectionCounterpart(c).name, 80, "Unnamed partner")}`);
  return { text: [safeText(context, 500), ...lines].join("\n"), blocks };
}
