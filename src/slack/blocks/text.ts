import type { KnownBlock } from "@slack/types";
import { plural } from "../../words.ts";

export { plural };

/** Slack's own limits, applied whatever the data. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  field: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  contextText: 2000,
  messageText: 40_000,
  /**
   * Slack refuses a message whose blocks hold more than about 13,000 characters of text in all
   * (msg_blocks_too_long, undocumented: slackapi/bolt-js#2509), so long messages stop short of it.
   */
  blocksText: 12_000,
} as const;

/** Characters of text in blocks: every `text` string in them, buttons and confirmations included. */
export function textLength(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, item) => n + textLength(item), 0);
  if (!node || typeof node !== "object") return 0;
  return Object.entries(node).reduce(
    (n, [key, value]) => n + (key === "text" && typeof value === "string" ? value.length : textLength(value)),
    0,
  );
}

/**
 * Adds each item's row to a message's blocks, in order, while the message stays within what Slack takes
 * with `reserve` left (for the line counting the rest); returns how many went in.
 */
export function appendFitting<T>(
  blocks: KnownBlock[],
  items: readonly T[],
  rowOf: (item: T) => KnownBlock[],
  reserve: { blocks: number; text: number },
): number {
  let shown = 0;
  for (const item of items) {
    const row = rowOf(item);
    const fits =
      blocks.length + row.length + reserve.blocks <= LIMITS.blocksPerMessage &&
      textLength(blocks) + textLength(row) + reserve.text <= LIMITS.blocksText;
    if (!fits) break;
    blocks.push(...row);
    shown++;
  }
  return shown;
}

/**
 * Escapes text from outside (AWS, users) for mrkdwn, so `<!channel>` or `<@U1>` in a partner's company
 * name shows literally and pings nobody.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Shortens to at most `max` characters, ending with an ellipsis when anything was cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** Escapes and shortens to at most `max` characters, never cutting an escaped entity in half. */
export function safeText(text: string | undefined, max: number, fallback = "—"): string {
  const value = text?.trim() ? text.trim() : fallback;
  const escaped = escapeMrkdwn(value);
  if (escaped.length <= max) return escaped;
  let shortened = "";
  for (const char of value) {
    const piece = escapeMrkdwn(char);
    if (shortened.length + piece.length > max - 1) break;
    shortened += piece;
  }
  return `${shortened}…`;
}

/**
 * Lines of mrkdwn joined, leaving out whole lines from the end until the text holds at most `max`
 * characters (an ellipsis line says some were), so no escaped entity or emoji is cut in half.
 */
export function fittingLines(lines: readonly string[], max: number): string {
  let kept = lines.length;
  let text = lines.join("\n");
  while (text.length > max && kept > 1) {
    kept--;
    text = [...lines.slice(0, kept), "…"].join("\n");
  }
  return text;
}

/** As safeText, on one line: rows keep their status on their last line (see outcome.ts). */
export function safeLine(text: string | undefined, max: number, fallback = "—"): string {
  return safeText(text?.replace(/\s+/g, " "), max, fallback);
}

/** Plain-text fields (headers, buttons, modal titles) need no escaping, only a length cap. */
export function plain(text: string | undefined, max: number, fallback = "—"): string {
  const value = text?.replace(/\s+/g, " ").trim();
  return truncate(value || fallback, max);
}

/**
 * A Slack date token, the one way every date is shown ("today at 10:31 AM", "Mar 3, 2027 at 9:00 AM"):
 * every reader sees the time in their own zone; the fallback (UTC) is for clients that cannot render
 * tokens, such as notifications.
 */
export function dateToken(date: Date): string {
  const seconds = Math.floor(date.getTime() / 1000);
  const fallback = `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return `<!date^${seconds}^{date_short_pretty} at {time}|${fallback}>`;
}

/** "Tue 08:30" as the clock reads in `timeZone` (an IANA zone); a zone Intl does not know, in UTC. */
export function zonedTime(date: Date, timeZone: string): string {
  const options = { weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
  try {
    return new Intl.DateTimeFormat("en-US", { ...options, timeZone }).format(date).replace(",", "");
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return `${new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" }).format(date).replace(",", "")} UTC`;
  }
}

/** A calendar day from AWS ("2027-03-31") as a date token; anything else as it came, escaped. */
export function dayToken(day: string): string {
  const noon = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T12:00:00Z`) : undefined;
  if (!noon || Number.isNaN(noon.getTime())) return safeText(day, 40);
  // Noon UTC is the same day for nearly every reader's zone.
  return `<!date^${noon.getTime() / 1000}^{date_short_pretty}|${day}>`;
}

/** "$99,000" for 99000.00 USD; an amount or currency Intl cannot read, as it came. */
export function formatMoney(amount: string, currency: string | undefined): string {
  const value = Number(amount);
  try {
    if (currency && amount.trim() !== "" && Number.isFinite(value)) {
      return new Intl.NumberFormat("en-US", {
        style: "currency",
        currency,
        trailingZeroDisplay: "stripIfInteger",
      }).format(value);
    }
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  return safeText(`${amount} ${currency ?? ""}`, 60);
}

const regions = new Intl.DisplayNames(["en"], { type: "region" });

/** "United States" for US; a code Intl does not know, as it came. */
export function countryName(code: string): string {
  try {
    return safeText(regions.of(code.trim().toUpperCase()) ?? code, 60);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return safeText(code, 20);
  }
}

/** A website as a link showing its host; anything that is not an http(s) URL as plain, escaped text. */
export function webLink(url: string): string {
  const parsed = URL.canParse(url.trim()) ? new URL(url.trim()) : undefined;
  if (parsed?.protocol !== "https:" && parsed?.protocol !== "http:") return safeText(url, 150);
  // A `|` would end the address early; < and > are already percent-encoded by URL.
  const href = escapeMrkdwn(parsed.href.replace(/\|/g, "%7C"));
  return `<${href}|${safeText(parsed.host, 100)}>`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "18 hours", "2 days", "45 minutes": the time until `date`, rounded as people say it — to the nearest
 * minute under an hour, hour under two days (so "36 hours" never reads "2 days" beside "tomorrow"), day
 * beyond ("14 days" only from 13½ on; 1 h 58 min is 2 hours).
 */
export function timeLeft(date: Date, now: Date): string {
  const ms = Math.abs(date.getTime() - now.getTime());
  if (ms < 30_000) return "less than a minute";
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 60) return plural(minutes, "minute");
  const hours = Math.round(ms / HOUR);
  if (hours < 48) return plural(hours, "hour");
  return plural(Math.round(ms / DAY), "day");
}

/** "expires in 2 days" or "expired 3 hours ago". */
export function expiryPhrase(expiresAt: Date, now: Date): string {
  return expiresAt.getTime() > now.getTime()
    ? `expires in ${timeLeft(expiresAt, now)}`
    : `expired ${timeLeft(now, expiresAt)} ago`;
}

export function titleCase(status: string): string {
  const lower = status.toLowerCase().replace(/_/g, " ");
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}
