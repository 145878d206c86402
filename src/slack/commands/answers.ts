import { fetchExpiring } from "../../digest/fetch.js";
import type { DigestPoster } from "../../digest/run.js";
import type { DigestService } from "../../digest/subscriptions.js";
import { PartnerCentralError } from "../../partnercentral/errors.js";
import type { PartnerCentral } from "../../partnercentral/index.js";
import type { Catalog, Invitation, Page } from "../../partnercentral/model.js";
import type { ActionRecord, Store } from "../../store/index.js";
import type { Approvers } from "../approvers.js";
import { renderAudit } from "../blocks/audit.js";
import {
  renderConnectionDetails,
  renderConnectionInvitationDetails,
  renderEngagementDetails,
} from "../blocks/details.js";
import { renderExpiring } from "../blocks/digest.js";
import { renderHelp, renderNotice, renderPartnerCentralError, renderUsageError } from "../blocks/feedback.js";
import type { Viewer } from "../blocks/invitation.js";
import { type ListPage, renderConnectionList, renderInvitationList } from "../blocks/lists.js";
import { plural } from "../blocks/text.js";
import type { SlackMessage } from "../blocks/types.js";
import { PAGE_KEY_PLACEHOLDER } from "../ids.js";
import { type AlertsContext, answerAlerts } from "./alerts.js";
import { answerDigest } from "./digest-answers.js";
import { HELP_ENTRIES, HELP_FIRST } from "./help.js";
import type { CommandDefaults, ParsedCommand, ParseResult } from "./parse.js";

export const PAGE_SIZE = 10;
export interface PageKeyStore {
  loadPageToken(key: string): Promise<string | undefined>;
}

export interface AnswerContext {
  partnerCentral: PartnerCentral;
  store: Store;
  defaults: CommandDefaults;
  now: Date;
  caller: { userId: string; channelId: string };
  mayApprove: () => Promise<boolean>;
  approvers: Approvers;
  /** The poster writes in Slack as the bot (subscription lines, `digest now`). */
  digest: { service: DigestService; poster: DigestPoster };
  alerts: Omit<AlertsContext, "store" | "caller">;
}

type ListCommand = Extract<ParsedCommand, { kind: "connections" | "invitations" | "engagements" }>;
type ListRequest =
  | ListCommand
  | Extract<ParsedCommand, { kind: "audit" }>
  | { kind: "expiring-all"; catalog: Catalog; withinDays: number };

/**
 * Where a page starts: at the AWS page `token` names (the first without one), after `skip` of its items,
 * and after `shown` items on the pages before. AWS may return fewer items than asked for with a token to
 * go on, so a page of ten may take several AWS pages, and end inside one.
 */
export interface PageStart {
  token?: string;
  skip: number;
  shown: number;
}

/** Everything needed to show one page of a list again: the list, and where each page so far started. */
export interface PageState {
  list: ListRequest;
  /** The last is where this page starts; the ones before it, the pages before it. */
  starts: PageStart[];
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
      case "help":
        return renderHelp(HELP_ENTRIES, ctx.defaults, HELP_FIRST);
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
          await ctx.partnerCentral.engagements.get(parsed.catalog, parsed.id),
          ctx.now,
          { withActions: await ctx.mayApprove() },
        );
      case "audit":
        return await answerPage(firstPage(parsed), ctx);
      case "expiring": {
        const found = await fetchExpiring(ctx.partnerCentral, parsed.catalog, ctx.now, parsed.withinDays);
        return (
          renderExpiring({
            ...found,
            now: ctx.now,
            windowDays: parsed.withinDays,
            catalog: parsed.catalog,
            viewer: await viewerOf(ctx),
          }) ?? renderUsageError("Nothing to show.")
        );
      }
      case "digest":
        return await answerDigest(parsed.command, ctx);
      case "alerts": {
        const { answer, announce } = await answerAlerts(parsed.command, {
          ...ctx.alerts,
          store: ctx.store,
          caller: ctx.caller,
        });
        if (announce) await ctx.digest.poster.post(ctx.caller.channelId, renderNotice(announce));
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

/** AWS pages one page of the list may read, so AWS answering with empty pages cannot keep it busy. */
const MAX_CALLS_PER_PAGE = 10;

/** One page of PAGE_SIZE items from as many AWS pages as it takes, and where the page after it starts. */
async function fill<T>(
  start: PageStart,
  fetch: (request: { nextToken?: string; maxResults: number }) => Promise<Page<T>>,
): Promise<{ items: T[]; next?: PageStart }> {
  const items: T[] = [];
  let { token, skip } = start;
  for (let call = 0; call < MAX_CALLS_PER_PAGE; call++) {
    const page = await fetch({ maxResults: PAGE_SIZE, ...(token ? { nextToken: token } : {}) });
    const unread = page.items.slice(skip);
    const room = PAGE_SIZE - items.length;
    items.push(...unread.slice(0, room));
    const shown = start.shown + items.length;
    if (unread.length > room)
      return { items, next: { ...(token ? { token } : {}), skip: skip + room, shown } };
    if (!page.nextToken) return { items };
    token = page.nextToken;
    skip = 0;
    if (items.length === PAGE_SIZE) return { items, next: { token, skip, shown } };
  }
  return { items, next: { ...(token ? { token } : {}), skip, shown: start.shown + items.length } };
}

async function renderPage(state: PageState, ctx: AnswerContext): Promise<Answer> {
  const { list, starts } = state;
  const start = starts.at(-1) ?? { skip: 0, shown: 0 };
  const previous = starts.length > 1 ? { list, starts: starts.slice(0, -1) } : undefined;
  const answer = (message: SlackMessage, next: PageStart | undefined): Answer => ({
    ...message,
    ...(next ? { next: { list, starts: [...starts, next] } } : {}),
    ...(previous ? { previous } : {}),
  });
  const pageOf = (next: PageStart | undefined): ListPage => ({
    number: starts.length,
    shownBefore: start.shown,
    ...(next ? { nextPageKey: PAGE_KEY_PLACEHOLDER } : {}),
    ...(previous ? { previousPageKey: PAGE_KEY_PLACEHOLDER } : {}),
  });
  const viewer = await viewerOf(ctx);
  const invitationPage = (
    heading: string,
    filter: string,
    page: { items: Invitation[]; next?: PageStart },
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
      const page = await fill(start, (request) =>
        ctx.partnerCentral.connections.listPage(list.query, request),
      );
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
      // AWS cannot sort connection invitations, and the ones waiting for us are few: all of them, soonest first.
      if (isPendingReceived(list)) {
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
        await fill(start, (request) =>
          ctx.partnerCentral.connections.listInvitationsPage(list.query, request),
        ),
      );
    case "engagements":
      return invitationPage(
        "Engagement invitations",
        describeEngagements(list),
        await fill(start, (request) => ctx.partnerCentral.engagements.listPage(list.query, request)),
        isPendingReceived(list) && list.query.sort === "ASCENDING",
      );
    case "audit": {
      if (!viewer.mayAct) return renderNotice(ctx.approvers.refusal("see the audit log of"));
      const since = new Date(ctx.now.getTime() - list.days * 86_400_000);
      // One more than the page shows says whether there is a page after it.
      const records = await ctx.store.listActions(since, start.skip + PAGE_SIZE + 1);
      const { items, next } = slice(records);
      const entries = await Promise.all(
        items.map(async (record) => ({ record, title: await titleOf(ctx.partnerCentral, record) })),
      );
      return answer(renderAudit(entries, list.days, pageOf(next)), next);
    }
    case "expiring-all": {
      const { invitations } = await fetchExpiring(ctx.partnerCentral, list.catalog, ctx.now, list.withinDays);
      return invitationPage(
        "Invitations nearing expiry",
        `pending · received · expiring within ${plural(list.withinDays, "day")} · soonest first · ${invitations.length} in all · ${list.catalog}`,
        slice(invitations),
        true,
      );
    }
  }
}

/**
 * What a decision was about, as Partner Central names it now; undefined when it cannot say (the audit
 * then shows the invitation's kind and id alone).
 */
async function titleOf(partnerCentral: PartnerCentral, record: ActionRecord): Promise<string | undefined> {
  const { catalog, invitationId } = record;
  try {
    if (record.invitationKind === "engagement") {
      return (await partnerCentral.engagements.get(catalog, invitationId)).title;
    }
    const invitation = await partnerCentral.connections.getInvitation(catalog, invitationId);
    const who = invitation.counterpart.name ?? invitation.counterpart.identifier;
    return who ? `${invitation.title} with ${who}` : invitation.title;
  } catch (error) {
    if (error instanceof PartnerCentralError) return undefined;
    throw error;
  }
}

/** Whether someone who asked may act, and who may if not. */
async function viewerOf(ctx: AnswerContext): Promise<Viewer> {
  return {
    mayAct: await ctx.mayApprove(),
    approversText: ctx.approvers.describe("accept, reject or cancel"),
  };
}

/** Only pending invitations we received: the ones waiting for an answer, shown by urgency. */
function isPendingReceived(list: Extract<ListCommand, { kind: "engagements" | "invitations" }>): boolean {
  const statuses = list.kind === "engagements" ? list.query.statuses : [list.query.status];
  return list.query.role === "RECEIVER" && statuses?.length === 1 && statuses[0] === "PENDING";
}

function soonestFirst(invitations: Invitation[]): Invitation[] {
  const at = (i: Invitation) => i.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...invitations].sort((a, b) => at(a) - at(b) || a.id.localeCompare(b.id));
}

const lower = (s: string) => s.toLowerCase().replace(/_/g, " ");

function describeConnections({ query }: Extract<ListCommand, { kind: "connections" }>): string {
  return [
    query.connectionType ? lower(query.connectionType) : "all types",
    query.participantIds ? `participants ${query.participantIds.join(", ")}` : undefined,
    query.catalog,
  ]
    .filter(Boolean)
    .join(" · ");
}

function describeInvitations({ query }: Extract<ListCommand, { kind: "invitations" }>): string {
  return [
    query.status ? lower(query.status) : "any status",
    query.role ? (query.role === "RECEIVER" ? "received" : "sent") : "received and sent",
    query.connectionType ? lower(query.connectionType) : undefined,
    query.participantIds ? `participants ${query.participantIds.join(", ")}` : undefined,
    isPendingReceived({ kind: "invitations", query }) ? "soonest to expire first" : undefined,
    query.catalog,
  ]
    .filter(Boolean)
    .join(" · ");
}

function describeEngagements({ query }: Extract<ListCommand, { kind: "engagements" }>): string {
  return [
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
  ]
    .filter(Boolean)
    .join(" · ");
}

const PAGE_KINDS: ReadonlySet<string> = new Set([
  "audit",
  "connections",
  "invitations",
  "engagements",
  "expiring-all",
]);

/**
 * Reads back the page before or after a remembered message; undefined when it expired, never existed,
 * or the key names another kind of record (reject forms share the store, and their keys show in values
 * too).
 */
export async function loadPageState(
  pages: PageKeyStore,
  key: string,
  which: "next" | "previous",
): Promise<PageState | undefined> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(key)) return undefined;
  const saved = await pages.loadPageToken(key);
  if (!saved) return undefined;
  try {
    const state = (JSON.parse(saved) as Partial<Record<typeof which, Partial<PageState>>> | null)?.[which];
    return Array.isArray(state?.starts) &&
      state.starts.length > 0 &&
      state.starts.every((s) => typeof s?.skip === "number" && typeof s.shown === "number") &&
      PAGE_KINDS.has(String(state.list?.kind))
      ? (state as PageState)
      : undefined;
  } catch {
    return undefined;
  }
}
