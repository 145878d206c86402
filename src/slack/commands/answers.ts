import { fetchExpiring } from "../../digest/fetch.js";
import type { DigestPoster } from "../../digest/run.js";
import type { DigestService } from "../../digest/subscriptions.js";
import { PartnerCentralError } from "../../partnercentral/errors.js";
import type { PartnerCentral } from "../../partnercentral/index.js";
import type { Catalog, Invitation } from "../../partnercentral/model.js";
import type { Store } from "../../store/index.js";
import type { Approvers } from "../approvers.js";
import { renderAudit } from "../blocks/audit.js";
import {
  renderConnectionDetails,
  renderConnectionInvitationDetails,
  renderEngagementDetails,
} from "../blocks/details.js";
import { renderExpiring } from "../blocks/digest.js";
import { renderHelp, renderNotice, renderPartnerCentralError, renderUsageError } from "../blocks/feedback.js";
import { type ListPage, renderConnectionList, renderInvitationList } from "../blocks/lists.js";
import { plural } from "../blocks/text.js";
import type { SlackMessage } from "../blocks/types.js";
import { NEXT_PAGE_PLACEHOLDER } from "../ids.js";
import { type AlertsContext, answerAlerts } from "./alerts.js";
import { answerDigest } from "./digest-answers.js";
import { HELP_ENTRIES } from "./help.js";
import type { CommandDefaults, ParsedCommand, ParseResult } from "./parse.js";

export const PAGE_SIZE = 10;
const AUDIT_LIMIT = 40;
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

/** Everything needed to show one page of a list again, kept server-side under a short key. */
export type PageState =
  | { list: ListCommand; page: number; nextToken?: string }
  | { list: { kind: "expiring-all"; catalog: Catalog; withinDays: number }; page: number };

/**
 * A message for the caller and, for a list with more, the request for its next page: both are remembered
 * together in one store write when the message is sent (see message-memory), and the Next page button
 * then names that record.
 */
export type Answer = SlackMessage & { next?: PageState };

/** Turns any command into the message the caller sees; Partner Central failures become a clear sentence. */
export async function answerCommand(parsed: ParseResult, ctx: AnswerContext): Promise<Answer> {
  try {
    switch (parsed.kind) {
      case "error":
        return renderUsageError(parsed.message);
      case "help":
        return renderHelp(HELP_ENTRIES, ctx.defaults);
      case "connections":
      case "invitations":
      case "engagements":
        return await answerPage({ list: parsed, page: 1 }, ctx);
      case "connection":
        return renderConnectionDetails(await ctx.partnerCentral.connections.get(parsed.catalog, parsed.id));
      case "invitation":
        return renderConnectionInvitationDetails(
          await ctx.partnerCentral.connections.getInvitation(parsed.catalog, parsed.id),
          ctx.now,
          { withActions: true },
        );
      case "engagement":
        return renderEngagementDetails(
          await ctx.partnerCentral.engagements.get(parsed.catalog, parsed.id),
          ctx.now,
          { withActions: true },
        );
      case "audit": {
        if (!(await ctx.mayApprove())) return renderNotice(ctx.approvers.refusal("see the audit log of"));
        const since = new Date(ctx.now.getTime() - parsed.days * 86_400_000);
        return renderAudit(await ctx.store.listActions(since, AUDIT_LIMIT), parsed.days);
      }
      case "expiring": {
        const found = await fetchExpiring(ctx.partnerCentral, parsed.catalog, ctx.now, parsed.withinDays);
        return (
          renderExpiring({
            ...found,
            now: ctx.now,
            windowDays: parsed.withinDays,
            catalog: parsed.catalog,
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

async function renderPage(state: PageState, ctx: AnswerContext): Promise<Answer> {
  const { list } = state;
  const pageOf = (next: PageState | undefined): ListPage => ({
    number: state.page,
    size: PAGE_SIZE,
    ...(next ? { nextPageKey: NEXT_PAGE_PLACEHOLDER } : {}),
  });
  const withNext = (message: SlackMessage, next: PageState | undefined): Answer =>
    next ? { ...message, next } : message;
  const invitationPage = (
    heading: string,
    filter: string,
    invitations: Invitation[],
    next: PageState | undefined,
  ): Answer =>
    withNext(renderInvitationList({ heading, filter, invitations, page: pageOf(next), now: ctx.now }), next);
  const request = {
    maxResults: PAGE_SIZE,
    ...("nextToken" in state && state.nextToken ? { nextToken: state.nextToken } : {}),
  };
  /** The page after this one, when AWS says there is one. */
  const after = (current: ListCommand, nextToken: string | undefined): PageState | undefined =>
    nextToken ? { list: current, page: state.page + 1, nextToken } : undefined;
  switch (list.kind) {
    case "connections": {
      const result = await ctx.partnerCentral.connections.listPage(list.query, request);
      const next = after(list, result.nextToken);
      return withNext(
        renderConnectionList({
          filter: describeConnections(list),
          connections: result.items,
          page: pageOf(next),
        }),
        next,
      );
    }
    case "invitations": {
      const result = await ctx.partnerCentral.connections.listInvitationsPage(list.query, request);
      return invitationPage(
        "Connection invitations",
        describeInvitations(list),
        result.items,
        after(list, result.nextToken),
      );
    }
    case "engagements": {
      const result = await ctx.partnerCentral.engagements.listPage(list.query, request);
      return invitationPage(
        "Engagement invitations",
        describeEngagements(list),
        result.items,
        after(list, result.nextToken),
      );
    }
    case "expiring-all": {
      const { invitations } = await fetchExpiring(ctx.partnerCentral, list.catalog, ctx.now, list.withinDays);
      const start = (state.page - 1) * PAGE_SIZE;
      return invitationPage(
        "Invitations nearing expiry",
        `pending · received · expiring within ${plural(list.withinDays, "day")} · soonest first · ${invitations.length} in all · ${list.catalog}`,
        invitations.slice(start, start + PAGE_SIZE),
        start + PAGE_SIZE < invitations.length ? { list, page: state.page + 1 } : undefined,
      );
    }
  }
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
    query.sort === "ASCENDING" ? "oldest first" : "newest first",
    query.catalog,
  ]
    .filter(Boolean)
    .join(" · ");
}

const PAGE_KINDS: ReadonlySet<string> = new Set([
  "connections",
  "invitations",
  "engagements",
  "expiring-all",
]);

/**
 * Reads back the next page remembered with a message; undefined when it expired, never existed, or the
 * key names another kind of record (reject forms share the store, and their keys show in values too).
 */
export async function loadPageState(pages: PageKeyStore, key: string): Promise<PageState | undefined> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(key)) return undefined;
  const saved = await pages.loadPageToken(key);
  if (!saved) return undefined;
  try {
    const state = (JSON.parse(saved) as { next?: Partial<PageState> } | null)?.next;
    return typeof state?.page === "number" && PAGE_KINDS.has(String(state.list?.kind))
      ? (state as PageState)
      : undefined;
  } catch {
    return undefined;
  }
}
