/**
 * Slack mrkdwn → HTML, as a Slack client shows it.
 *
 * Order matters: code is cut out first (nothing inside it is formatted), then control sequences
 * (`<…>`) are rendered and parked behind placeholders so their URLs and labels are never read as
 * formatting, then Slack's three entities are decoded, everything is HTML-escaped, and only then
 * are `*bold*`, `_italic_` and `~strike~` applied to the escaped text.
 */

import { EMOJI_SHORTCODE, emojiHtml, replaceEmoji } from "./emoji.ts";

export interface MrkdwnContext {
  userName(id: string): string | undefined;
  channelName(id: string): string | undefined;
  usergroupHandle(id: string): string | undefined;
  /** The viewer's zone: Slack formats `<!date>` tokens for the reader. */
  timeZone: string;
  now: Date;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Slack escapes only these three; one pass so `&amp;lt;` stays the literal text `&lt;`. */
function decodeSlackEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) =>
    name === "amp" ? "&" : name === "lt" ? "<" : ">",
  );
}

/** http(s) and mailto only: anything else (javascript:, data:) is never put in an href. */
export function safeUrl(url: string): string | undefined {
  return /^(https?:\/\/|mailto:)/i.test(url.trim()) ? url.trim() : undefined;
}

// Private-use characters mark parked HTML; any in the input are dropped so they cannot forge one.
const PARK_OPEN = "\uE000";
const PARK_CLOSE = "\uE001";
const PARKED = /\uE000(\d+)\uE001/g;

export function renderMrkdwn(text: string, ctx: MrkdwnContext): string {
  const source = text.replace(/[\uE000\uE001]/g, "");
  const parts: string[] = [];
  let last = 0;
  for (const m of source.matchAll(/```([\s\S]*?)```|`([^`\n]+)`/g)) {
    const before = source.slice(last, m.index);
    if (m[1] !== undefined) {
      // A code block is a block of its own: the line breaks around it are not extra lines.
      parts.push(renderProse(before.replace(/\n$/, ""), ctx));
      parts.push(`<pre class="sl-pre">${renderLiteral(m[1].replace(/^\n/, ""), ctx)}</pre>`);
      last = m.index + m[0].length;
      if (source[last] === "\n") last += 1;
    } else {
      parts.push(renderProse(before, ctx));
      parts.push(`<code class="sl-code">${renderLiteral(m[2] ?? "", ctx)}</code>`);
      last = m.index + m[0].length;
    }
  }
  parts.push(renderProse(source.slice(last), ctx));
  return parts.join("");
}

/** Plain text objects: no formatting, but `emoji: true` (Slack's default) turns shortcodes into emoji. */
export function renderPlainText(text: string, emoji = true): string {
  const escaped = escapeHtml(text);
  return emoji ? replaceEmoji(escaped) : escaped;
}

/** Inside code Slack shows mentions and links as their text only. */
function renderLiteral(text: string, ctx: MrkdwnContext): string {
  return text
    .split(CONTROL_SEQUENCE)
    .map((piece, i) =>
      i % 2 === 1 ? escapeHtml(controlText(piece, ctx)) : escapeHtml(decodeSlackEntities(piece)),
    )
    .join("");
}

const CONTROL_SEQUENCE = /<([^<>\n]+)>/;

interface Line {
  html: string;
  /** Rendered as its own block, so the newline that ended it is not shown again. */
  block: boolean;
}

function renderProse(text: string, ctx: MrkdwnContext): string {
  if (text === "") return "";
  const lines = text.split("\n");
  const out: Line[] = [];
  let quote: string[] | undefined;
  let quoteRest = false;
  const flushQuote = () => {
    if (quote)
      out.push({ html: `<blockquote class="sl-quote">${quote.join("\n")}</blockquote>`, block: true });
    quote = undefined;
  };
  for (const line of lines) {
    // `>>>` quotes everything after it; `>` quotes one line. Apps send `>` raw or as `&gt;`.
    const rest = /^(?:&gt;|>){3}\s?/.exec(line);
    const single = /^(?:&gt;|>)\s?/.exec(line);
    if (quoteRest || rest || single) {
      const body = quoteRest ? line : line.slice((rest ?? single)?.[0].length ?? 0);
      if (rest) quoteRest = true;
      quote ??= [];
      quote.push(renderInline(body, ctx));
      continue;
    }
    flushQuote();
    const item = /^(\s*)([•◦▪‣-]|\d{1,3}[.)])\s+/.exec(line);
    if (item) {
      const marker = escapeHtml(item[2] ?? "");
      const depth = Math.min(Math.floor((item[1] ?? "").length / 2), 4);
      out.push({
        html: `<span class="sl-li" data-depth="${depth}"><span class="sl-li-marker">${marker}</span>${renderInline(line.slice(item[0].length), ctx)}</span>`,
        block: true,
      });
      continue;
    }
    out.push({ html: renderInline(line, ctx), block: false });
  }
  flushQuote();
  let html = "";
  out.forEach((line, i) => {
    const previous = out[i - 1];
    if (previous && !previous.block && !line.block) html += "\n";
    html += line.html;
  });
  return html;
}

function renderInline(text: string, ctx: MrkdwnContext): string {
  const parked: string[] = [];
  const park = (html: string) => `${PARK_OPEN}${parked.push(html) - 1}${PARK_CLOSE}`;
  const withParked = text
    .replace(
      /<([^<>\n]+)>|\bhttps?:\/\/(?:(?!&[lg]t;)[^\s<>])+[^\s<>.,;:!?)\]'"&]/g,
      (whole, control: string | undefined) =>
        park(
          control === undefined
            ? renderLink(decodeSlackEntities(whole), undefined)
            : renderControl(control, ctx),
        ),
    )
    .replace(EMOJI_SHORTCODE, (whole, name: string) => {
      const emoji = emojiHtml(name);
      return emoji ? park(emoji) : whole;
    });
  const escaped = escapeHtml(decodeSlackEntities(withParked));
  return applyFormatting(escaped).replace(PARKED, (_, n: string) => parked[Number(n)] ?? "");
}

const FORMAT = /(?<![\p{L}\p{N}])([*_~])(?=\S)([^\n]*?\S)\1(?![\p{L}\p{N}])/u;
const FORMAT_TAGS: Record<string, string> = { "*": "b", _: "i", "~": "s" };

/** Recursive so that formatting nests properly: `*bold _and italic_*`. */
function applyFormatting(text: string): string {
  let out = "";
  let rest = text;
  for (let m = FORMAT.exec(rest); m; m = FORMAT.exec(rest)) {
    const tag = FORMAT_TAGS[m[1] ?? ""] ?? "span";
    out += `${rest.slice(0, m.index)}<${tag}>${applyFormatting(m[2] ?? "")}</${tag}>`;
    rest = rest.slice(m.index + m[0].length);
  }
  return out + rest;
}

function renderControl(inner: string, ctx: MrkdwnContext): string {
  const bar = inner.indexOf("|");
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : decodeSlackEntities(inner.slice(bar + 1));
  switch (target[0]) {
    case "@":
    case "#":
      return `<span class="sl-mention">${escapeHtml(controlText(inner, ctx))}</span>`;
    case "!": {
      const [command = "", ...args] = target.slice(1).split("^");
      if (command === "here" || command === "channel" || command === "everyone") {
        return `<span class="sl-mention sl-broadcast">@${command}</span>`;
      }
      if (command === "subteam")
        return `<span class="sl-mention">${escapeHtml(controlText(inner, ctx))}</span>`;
      if (command === "date") return renderDate(args, label, ctx);
      return escapeHtml(`<${decodeSlackEntities(inner)}>`);
    }
    default:
      return renderLink(decodeSlackEntities(target), label);
  }
}

function renderLink(url: string, label: string | undefined): string {
  const href = safeUrl(url);
  const text = label ?? url.replace(/^mailto:/i, "");
  if (!href) return escapeHtml(label === undefined ? `<${url}>` : `<${url}|${label}>`);
  return `<a class="sl-link" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}

/** What a mention, channel or link reads as, without markup. */
function controlText(inner: string, ctx: MrkdwnContext): string {
  const bar = inner.indexOf("|");
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : decodeSlackEntities(inner.slice(bar + 1));
  if (target.startsWith("@")) {
    const id = target.slice(1);
    return `@${ctx.userName(id) ?? label?.replace(/^@/, "") ?? id}`;
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    return `#${ctx.channelName(id) ?? label ?? id}`;
  }
  if (target.startsWith("!subteam^")) {
    const id = target.slice("!subteam^".length);
    return `@${(ctx.usergroupHandle(id) ?? label ?? id).replace(/^@/, "")}`;
  }
  if (target.startsWith("!date^")) {
    const [, epoch = "", format = ""] = target.split("^");
    return formatSlackDate(Number(epoch), format, ctx.timeZone, ctx.now) ?? label ?? "";
  }
  if (/^!(here|channel|everyone)$/.test(target)) return `@${target.slice(1)}`;
  const url = decodeSlackEntities(target);
  return safeUrl(url) ? (label ?? url) : `<${decodeSlackEntities(inner)}>`;
}

function renderDate(args: string[], fallback: string | undefined, ctx: MrkdwnContext): string {
  const [epoch = "", format = "", link] = args;
  const seconds = Number(epoch);
  const formatted = formatSlackDate(seconds, decodeSlackEntities(format), ctx.timeZone, ctx.now);
  if (formatted === undefined) return escapeHtml(fallback ?? "");
  const time = `<time class="sl-date" datetime="${new Date(seconds * 1000).toISOString()}">${escapeHtml(formatted)}</time>`;
  const href = link === undefined ? undefined : safeUrl(decodeSlackEntities(link));
  return href
    ? `<a class="sl-link" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${time}</a>`
    : time;
}

const DAY_MS = 86_400_000;

/**
 * Slack's `<!date^…>` tokens (https://api.slack.com/reference/surfaces/formatting#date-formatting),
 * in the reader's zone; undefined when the timestamp or zone is unusable, so the fallback shows.
 */
export function formatSlackDate(
  epochSeconds: number,
  format: string,
  timeZone: string,
  now: Date,
): string | undefined {
  if (!Number.isFinite(epochSeconds)) return undefined;
  const date = new Date(epochSeconds * 1000);
  if (Number.isNaN(date.getTime())) return undefined;
  let parts: Record<string, string>;
  let dayOf: (d: Date) => string;
  try {
    parts = dateParts(date, timeZone);
    dayOf = (d) => dateParts(d, timeZone).dateNum ?? "";
  } catch {
    return undefined;
  }
  const day = Number(parts.day);
  const dateText = `${parts.month} ${day}${ordinal(day)}, ${parts.year}`;
  const dateShort = `${parts.monthShort} ${day}, ${parts.year}`;
  const dateLong = `${parts.weekday}, ${dateText}`;
  const today = dayOf(now);
  const target = parts.dateNum;
  const relative =
    target === today
      ? "today"
      : target === dayOf(new Date(now.getTime() - DAY_MS))
        ? "yesterday"
        : target === dayOf(new Date(now.getTime() + DAY_MS))
          ? "tomorrow"
          : undefined;
  const tokens: Record<string, string> = {
    date_num: parts.dateNum ?? "",
    date: dateText,
    date_short: dateShort,
    date_long: dateLong,
    date_pretty: relative ?? dateText,
    date_short_pretty: relative ?? dateShort,
    date_long_pretty: relative ?? dateLong,
    time: parts.time ?? "",
    time_secs: parts.timeSecs ?? "",
    ago: ago(date, now),
  };
  return format.replace(/\{(\w+)\}/g, (whole, token: string) => tokens[token] ?? whole);
}

/** Formatters by zone and options: making one costs about a millisecond, using one a few microseconds. */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
const FORMATTERS_MAX = 200;

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let found = FORMATTERS.get(key);
  if (!found) {
    // A page shows a zone or two; many zones at once only start the cache over.
    if (FORMATTERS.size >= FORMATTERS_MAX) FORMATTERS.clear();
    found = new Intl.DateTimeFormat("en-US", { timeZone, ...options });
    FORMATTERS.set(key, found);
  }
  return found;
}

function dateParts(date: Date, timeZone: string): Record<string, string> {
  const pick = (options: Intl.DateTimeFormatOptions) => {
    const out: Record<string, string> = {};
    for (const p of formatter(timeZone, options).formatToParts(date)) out[p.type] = p.value;
    return out;
  };
  const long = pick({ year: "numeric", month: "long", day: "numeric", weekday: "long" });
  const num = pick({ year: "numeric", month: "2-digit", day: "2-digit" });
  const short = pick({ month: "short" });
  // ICU puts a narrow no-break space before AM/PM; a plain space reads the same and tests simply.
  const clock = (options: Intl.DateTimeFormatOptions) =>
    formatter(timeZone, { hour: "numeric", minute: "2-digit", hour12: true, ...options })
      .format(date)
      .replace(/[\u00a0\u202f]/g, " ");
  return {
    year: long.year ?? "",
    month: long.month ?? "",
    monthShort: short.month ?? "",
    day: long.day ?? "",
    weekday: long.weekday ?? "",
    dateNum: `${num.year}-${num.month}-${num.day}`,
    time: clock({}),
    timeSecs: clock({ second: "2-digit" }),
  };
}

function ordinal(day: number): string {
  if (day % 100 >= 11 && day % 100 <= 13) return "th";
  return ["th", "st", "nd", "rd"][day % 10] ?? "th";
}

function ago(date: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const units: Array<[string, number]> = [
    ["year", 31_536_000],
    ["month", 2_592_000],
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  const [unit, size] = units.find(([, s]) => abs >= s) ?? ["second", 1];
  const n = Math.floor(abs / size);
  const phrase = `${n} ${unit}${n === 1 ? "" : "s"}`;
  return seconds >= 0 ? `${phrase} ago` : `in ${phrase}`;
}
