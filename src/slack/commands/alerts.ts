import { alertStatus } from "../../alerts/channels.ts";
import type { AlertCheck } from "../../alerts/watcher.ts";
import type { AlertFilter, Store } from "../../store/index.ts";
import { refusalAdvice, waitingLine } from "../blocks/alerts.ts";
import { renderNotice } from "../blocks/feedback.ts";
import { dateToken, safeText } from "../blocks/text.ts";
import type { SlackMessage } from "../blocks/types.ts";
import { echo, listOf, Options, ParseError } from "./options.ts";
import type { Token } from "./tokenize.ts";

export type AlertsCommand = { action: "on"; filter: AlertFilter } | { action: "off" | "status" };

const ALERT_ACTIONS = ["on", "off", "status"] as const;

const KINDS: Record<string, NonNullable<AlertFilter["kind"]>> = {
  engagement: "engagement",
  engagements: "engagement",
  connection: "connection",
  connections: "connection",
};

const PAYLOADS: Record<string, NonNullable<AlertFilter["payload"]>> = {
  opportunity: "opportunity",
  opportunities: "opportunity",
  lead: "lead",
  leads: "lead",
};

/**
 * `alerts on [kind=engagement|connection] [payload=opportunity|lead]|off|status` after `/partnercentral`;
 * throws ParseError with a sentence a user can act on.
 */
export function parseAlerts(tokens: Token[]): AlertsCommand {
  const [head, ...rest] = tokens;
  const action = head ? (head.key === undefined ? head.value.toLowerCase() : undefined) : "status";
  if (!ALERT_ACTIONS.includes(action as (typeof ALERT_ACTIONS)[number])) {
    throw new ParseError(`\`alerts\` takes ${listOf(ALERT_ACTIONS.map((a) => `\`${a}\``))}.`);
  }
  if (action === "on") {
    const options = new Options("alerts on", rest, ["kind", "payload"]);
    const kind = options.oneOf("kind", KINDS);
    const payload = options.oneOf("payload", PAYLOADS);
    if (kind === "connection" && payload) {
      throw new ParseError(
        "`payload=` is for engagement invitations; connection invitations have none. Give `kind=connection` or `payload=`, not both.",
      );
    }
    return { action, filter: { ...(kind ? { kind } : {}), ...(payload ? { payload } : {}) } };
  }
  const [extra] = rest;
  if (extra) throw new ParseError(`\`alerts ${action}\` takes nothing more (\`${echo(extra.raw)}\`).`);
  return { action: action as "off" | "status" };
}

/** What a channel's alerts take, in words: "every new invitation", "engagement invitations that are leads". */
export function filterText(filter: AlertFilter | undefined): string {
  if (filter?.payload === "lead") return "engagement invitations that are leads";
  if (filter?.payload === "opportunity") return "engagement invitations for opportunities";
  if (filter?.kind) return `${filter.kind} invitations`;
  return "every new invitation";
}

const only = (filter: AlertFilter | undefined) =>
  filter?.kind || filter?.payload ? `: only ${filterText(filter)}` : "";

export interface AlertsContext {
  store: Store;
  caller: { userId: string; channelId: string };
  /** The channel alerts go to from ALERT_CHANNEL or DIGEST_CHANNEL, if any. */
  configuredChannel?: string;
  intervalText: string;
  lastCheck?: AlertCheck;
}

/** The answer to the caller, and a line for the channel when something changed. */
export async function answerAlerts(
  command: AlertsCommand,
  ctx: AlertsContext,
): Promise<{ answer: SlackMessage; announce?: string }> {
  const { channelId, userId } = ctx.caller;
  if (command.action === "on") {
    const { filter } = command;
    await ctx.store.alertChannels.set(channelId, true, userId, filter);
    const narrowed = only(filter);
    return {
      answer: renderNotice(
        `:bell: New invitations will be posted here as they arrive (checked every ${ctx.intervalText})${narrowed}.${narrowed ? " `/partnercentral alerts on` alone takes them all again." : ""}`,
      ),
      announce: `:bell: <@${userId}> turned on new-invitation alerts for this channel${narrowed}.`,
    };
  }
  if (command.action === "off") {
    await ctx.store.alertChannels.set(channelId, false, userId);
    return {
      answer: renderNotice(":no_bell: No more new-invitation alerts in this channel."),
      announce: `:no_bell: <@${userId}> turned off new-invitation alerts for this channel.`,
    };
  }
  const { on, setting } = await alertStatus(ctx.store, ctx.configuredChannel, channelId);
  const takes = on ? ` Taken here: ${filterText(setting?.filter)}.` : "";
  const why = setting
    ? ` (turned ${setting.enabled ? "on" : "off"} by <@${setting.updatedBy}> ${dateToken(setting.updatedAt)})`
    : on
      ? " (set by the app's configuration)"
      : "";
  const last = ctx.lastCheck
    ? ` Last look ${dateToken(ctx.lastCheck.at)}: ${
        ctx.lastCheck.error
          ? `failed (${safeText(ctx.lastCheck.error, 200)})`
          : `${ctx.lastCheck.announced} new`
      }.`
    : "";
  const refused = (await ctx.store.alertOutbox.waiting()).find(
    (w) => w.channelId === channelId && w.refusal !== undefined,
  );
  const problem = refused
    ? ` :warning: ${waitingLine(refused, "here")}: ${refusalAdvice("this channel", refused.refusal ?? "")}`
    : "";
  return {
    answer: renderNotice(
      `${on ? ":bell: New-invitation alerts are *on* here" : ":no_bell: New-invitation alerts are *off* here"}${why}.${takes} The app looks every ${ctx.intervalText}.${last}${on ? "" : " Turn them on with `/partnercentral alerts on`."}${problem}`,
    ),
  };
}
