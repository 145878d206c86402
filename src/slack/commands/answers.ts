import { fetchExpiring } from "../../digest/fetch.ts";
import type { DigestPoster, PostResult } from "../../digest/run.ts";
import type { DigestService } from "../../digest/subscriptions.ts";
import { PartnerCentralError } from "../../partnercentral/errors.ts";
import type { PartnerCentral } from "../../partnercentral/index.ts";
import type { Catalog, Invitation } from "../../partnercentral/model.ts";
import { fillPage, type PagePosition } from "../../partnercentral/pages.ts";
import type { Store } from "../../store/index.ts";
import { type Approvers, INVITATION_ACTS, viewerFor } from "../approvers.ts";
import { renderAudit } from "../blocks/audit.ts";
import {
  renderConnectionDetails,
  renderConnectionInvitationDetails,
  renderEngagementDetails,
} from "../blocks/details.ts";
import { renderExpiring } from "../blocks/digest.ts";
import {
  renderHelp,
  renderHelpTopic,
  renderNotice,
  renderPartnerCentralError,
  renderUsageError,
} from "../blocks/feedback.ts";
import { type ListPage, renderConnectionList, renderInvitationList } from "../blocks/lists.ts";
import { plural } from "../blocks/text.ts";
import type { SlackMessage, Viewer } from "../blocks/types.ts";
import { MEMORY_KEY, PAGE_KEY_PLACEHOLDER } from "../ids.ts";
import { recallAnswer } from "../message-memory.ts";
import type { EmailLookup } from "../user-profile.ts";
import { type AlertsContext, answerAlerts } from "./alerts.ts";
import { answerDigest } from "./digest-answers.ts";
import { HELP_TOPICS, helpTopic, QUICK_STARTS } from "./help.ts";
import { answerOpportunity, opportunityListPage } from "./opportunity-answers.ts";
import type { CommandDefaults } from "./options.ts";
import type { ParsedCommand, ParseResult } from "./parse.ts";

export const PAGE_SIZE = 10;
export interface AnswerContext {
  partnerCentral: PartnerCentral;
  store: Store;
  defaults: CommandDefaults;
  now: Date;
  caller: { userId: string; channelId: string };
  mayApprove: () => Promise<boolean>;
  /** The caller's e-mail address from their Slack profile, for `opportunities mine`. */
  callerEmail: () => Promise<EmailLookup>;
  approvers: Approvers;
  /** `digest now` posts through the poster. */
  digest: { service: DigestService; poster: DigestPoster };
  /** Posts in the caller's channel, for everyone there (who subscribed, who turned alerts on). */
  announce: (message: SlackMessage) => Promise<PostResult>;
  alerts: Omit<AlertsContext, "store" | "caller">;
}

type ListCommand = Extract<ParsedCommand, { kind: "connections" | "invitations" | "engagements" }>;
type ListRequest =
  | ListCommand
  | Extract<ParsedCommand, { kind: "audit" | "opportunities" }>
  | { kind: "expiring-all"; catalog: Catalog; withinDays: number };

/** Everything needed to show one page of a list again: the list, and where each page so far started. */
export interface PageState {
  list: ListRequest;
  /** The last is where this page starts; the ones before it, the pages before it. */
  starts: PagePosition[];
}

export const firstPage = (list: ListRequest): PageState => ({ list, starts: [{ skip: 0, shown: 0 }] });

/**
 * A message for the caller and, for a list, the requests for the pages before and after it: remembered
 * together in one store write when the message is sent (see message-memory), and the Previous and Next
 * page buttons then name that record.
 */
export type Answer = SlackMessage & { next?: PageState; previous?: PageState };

/** Turns any command into the message the caller sees; Partner Central failures become a clear sentence. */
export async function answerCommand(parsed: ParseResult, ctx: AnswerContext): Promise<Answer> {
  try {
    switch (parsed.kind) {
      case "error":
        return renderUsageError(parsed.message);
      case "help": {
        const topic = parsed.topic ? helpTopic(parsed.topic) : undefined;
        return topic
          ? renderHelpTopic(topic, ctx.defaults)
          : renderHelp(QUICK_STARTS, HELP_TOPICS, ctx.defaults);
      }
      case "connections":
      case "invitations":
      case "engagements":
        return await answerPage(firstPage(parsed), ctx);
      case "connection":
        return renderConnectionDetails(await ctx.partnerCentral.connections.get(parsed.catalog, parsed.id));
      case "invitation":
        return renderConnectionInvitationDetails(
          await ctx.partnerCentral.connections.getInvitation(parsed.catalog, parsed.id),
          ctx.now,
          { withActions: await ctx.mayApprove() },
        );
      case "engagement":
        return renderEngagementDetails(
          await ctx.partnerCentral.engagements.getWithSide(parsed.catalog, parsed.id),
          ctx.now,
          { withActions: await ctx.mayApprove() },
        );
      case "audit":
      case "opportunities":
        return await answerPage(firstPage(parsed), ctx);
      case "opportunity":
        return await answerOpportunity(parsed, ctx);
      case "expiring": {
        const found = await fetchExpiring(ctx.partnerCentral, parsed.catalog, ctx.now, parsed.withinDays);
        return renderExpiring({
          ...found,
          now: ctx.now,
          windowDays: parsed.withinDays,
          catalog: parsed.catalog,
          viewer: await viewerOf(ctx),
        });
      }
      case "digest":
        return await answerDigest(parsed.command, ctx);
      case "alerts": {
        const { answer, announce } = await answerAlerts(parsed.command, {
          ...ctx.alerts,
          store: ctx.store,
          caller: ctx.caller,
        });
        if (announce) await ctx.announce(renderNotice(announce));
        return answer;
      }
    }
  } catch (error) {
    if (error instanceof PartnerCentralError) return renderPartnerCentralError(error);
    throw error;
  }
}

/** One page of a list, with the request for the page after it. */
export async function answerPage(state: PageState, ctx: AnswerContext): Promise<Answer> {
  try {
    return await renderPage(state, ctx);
  } catch (error) {
    if (error instanceof PartnerCentralError) return renderPartnerCentralError(error);
    throw error;
  }
}

async function renderPage(state: PageState, ctx: AnswerContext): Promise<Answer> {
  const { list, starts } = state;
  const start = starts.at(-1) ?? { skip: 0, shown: 0 };
  const previous = starts.length > 1 ? { list, starts: starts.slice(0, -1) } : undefined;
  const answer = (message: SlackMessage, next: PagePosition | undefined): Answer => ({
    ...message,
    ...(next ? { next: { list, starts: [...starts, next] } } : {}),
    ...(previous ? { previous } : {}),
  });
  const pageOf = (next: PagePosition | undefined): ListPage => ({
    number: starts.length,
    shownBefore: start.shown,
    ...(next ? { nextPageKey: PAGE_KEY_PLACEHOLDER } : {}),
    ...(previous ? { previousPageKey: PAGE_KEY_PLACEHOLDER } : {}),
  });
  const viewer = await viewerOf(ctx);
  const invitationPage = (
    heading: string,
    filter: string,
    page: { items: Invitation[]; next?: PagePosition },
    byUrgency = false,
  ): Answer =>
    answer(
      renderInvitationList({
        heading,
        filter,
        invitations: page.items,
        page: pageOf(page.next),
        now: ctx.now,
        viewer,
        byUrgency,
      }),
      page.next,
    );
  /** A page of a list Partner Central gives a page at a time, from where this one starts. */
  const fill = <T>(pagesFrom: Parameters<typeof fillPage<T>>[0]) => fillPage(pagesFrom, start, PAGE_SIZE);
  /** A page of a list the app has in full. */
  const slice = <T>(items: T[]) => {
    const end = start.skip + PAGE_SIZE;
    return {
      items: items.slice(start.skip, end),
      ...(end < items.length ? { next: { skip: end, shown: end } } : {}),
    };
  };
  switch (list.kind) {
    case "connections": {
      const page = await fill((request) => ctx.partnerCentral.connections.pages(list.query, request));
      return answer(
        renderConnectionList({
          filter: describeConnections(list),
          connections: page.items,
          page: pageOf(page.next),
        }),
        page.next,
      );
    }
    case "invitations":
      // AWS cannot sort connection invitations, and the pending ones are few: all of them, soonest first, so
      // what expires in hours is not on the last page.
      if (list.query.status === "PENDING") {
        const all = await ctx.partnerCentral.connections.listAllInvitations(list.query);
        return invitationPage(
          "Connection invitations",
          describeInvitations(list),
          slice(soonestFirst(all)),
          true,
        );
      }
      return invitationPage(
        "Connection invitations",
        describeInvitations(list),
        await fill((request) => ctx.partnerCentral.connections.invitationPages(list.query, request)),
      );
    case "engagements":
      return invitationPage(
        "Engagement invitations",
        describeEngagements(list),
        await fill((request) => ctx.partnerCentral.engagements.pages(list.query, request)),
        isPendingReceived(list) && list.query.sort === "ASCENDING",
      );
    case "audit": {
      if (!viewer.mayAct) return renderNotice(ctx.approvers.refusal("see the audit log of"));
      const since = new Date(ctx.now.getTime() - list.days * 86_400_000);
      // One more than the page shows says whether there is a page after it.
      const limit = start.skip + PAGE_SIZE + 1;
      const [decisions, opportunityActions] = await Promise.all([
        ctx.store.decisions.history(since, limit),
        ctx.store.opportunityActions.history(since, limit),
      ]);
      const newestFirst = [...decisions, ...opportunityActions].sort(
        (a, b) => b.createdAt.getTime() - a.createdAt.getTime(),
      );
      const { items, next } = slice(newestFirst);
      return answer(renderAudit(items, list.days, pageOf(next)), next);
    }
    case "opportunities": {
      const page = await opportunityListPage(list.query, start, PAGE_SIZE, ctx);
      return "refusal" in page ? page.refusal : answer(page.render(pageOf(page.next)), page.next);
    }
    case "expiring-all": {
      // Only as many as this page and the ones before it show are kept; the rest are counted.
      const end = start.skip + PAGE_SIZE;
      const { invitations, counts } = await fetchExpiring(
        ctx.partnerCentral,
        list.catalog,
        ctx.now,
        list.withinDays,
        end,
      );
      return invitationPage(
        "Invitations nearing expiry",
        `pending · received · expiring within ${plural(list.withinDays, "day")} · soonest first · ${counts.total} in all · ${list.catalog}`,
        {
          items: invitations.slice(start.skip, end),
          ...(end < counts.total ? { next: { skip: end, shown: end } } : {}),
        },
        true,
      );
    }
  }
}

/** Whether someone who asked may act, and who may if not. */
async function viewerOf(ctx: AnswerContext): Promise<Viewer> {
  return viewerFor(ctx.approvers, await ctx.mayApprove(), INVITATION_ACTS);
}

/** Only pending invitations we received: the ones waiting for an answer, shown by urgency. */
function isPendingReceived(list: Extract<ListCommand, { kind: "engagements" }>): boolean {
  const { statuses } = list.query;
  return list.query.role === "RECEIVER" && statuses?.length === 1 && statuses[0] === "PENDING";
}

function soonestFirst(invitations: Invitation[]): Invitation[] {
  const at = (i: Invitation) => i.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...invitations].sort((a, b) => at(a) - at(b) || a.id.localeCompare(b.id));
}

const lower = (s: string) => s.toLowerCase().replace(/_/g, " ");
/** A list's filter in words: the parts that apply, in order. */
const described = (parts: Array<string | undefined>) => parts.filter(Boolean).join(" · ");

function describeConnections({ query }: Extract<ListCommand, { kind: "connections" }>): string {
  return described([
    query.connectionType ? lower(query.connectionType) : "all types",
    query.participantIds ? `participants ${query.participantIds.join(", ")}` : undefined,
    query.catalog,
  ]);
}

function describeInvitations({ query }: Extract<ListCommand, { kind: "invitations" }>): string {
  return described([
    query.status ? lower(query.status) : "any status",
    query.role ? (query.role === "RECEIVER" ? "received" : "sent") : "received and sent",
    query.connectionType ? lower(query.connectionType) : undefined,
    query.participantIds ? `participants ${query.participantIds.join(", ")}` : undefined,
    query.status === "PENDING" ? "soonest to expire first" : undefined,
    query.catalog,
  ]);
}

function describeEngagements({ query }: Extract<ListCommand, { kind: "engagements" }>): string {
  return described([
    query.statuses ? query.statuses.map(lower).join(", ") : "any status",
    query.role === "RECEIVER" ? "received" : "sent",
    query.payloadTypes
      ? query.payloadTypes.map((p) => lower(p.replace("Invitation", ""))).join(", ")
      : undefined,
    query.senderAccountIds ? `senders ${query.senderAccountIds.join(", ")}` : undefined,
    query.engagementIds ? `engagements ${query.engagementIds.join(", ")}` : undefined,
    query.sort === "DESCENDING"
      ? "newest first"
      : isPendingReceived({ kind: "engagements", query })
        ? "soonest to expire first"
        : "oldest first",
    query.catalog,
  ]);
}

const PAGE_KINDS: ReadonlySet<string> = new Set([
  "audit",
  "opportunities",
  "connections",
  "invitations",
  "engagements",
  "expiring-all",
]);

/**
 * Reads back the page before or after a remembered answer; undefined when it expired, never existed,
 * or the key names another kind of record (their keys show in values too).
 */
export async function loadPageState(
  pages: Pick<Store, "messages">,
  key: string,
  which: "next" | "previous",
): Promise<PageState | undefined> {
  if (!MEMORY_KEY.test(key)) return undefined;
  const state = (await recallAnswer(pages, key))?.[which] as Partial<PageState> | undefined;
  return Array.isArray(state?.starts) &&
    state.starts.length > 0 &&
    state.starts.every((s) => typeof s?.skip === "number" && typeof s.shown === "number") &&
    PAGE_KINDS.has(String(state.list?.kind))
    ? (state as PageState)
    : undefined;
}
