import cron from "node-cron";
import { isValidTimeZone } from "../../config.ts";
import type { Catalog } from "../../partnercentral/model.ts";
import { type CommandDefaults, echo, listOf, Options, ParseError } from "./options.ts";
import type { Token } from "./tokenize.ts";

export type DigestCommand =
  | {
      action: "subscribe";
      /** Absent: the configured DIGEST_CRON. */
      cron?: string;
      /** Absent: the configured DIGEST_TIMEZONE. */
      timezone?: string;
      windowDays: number;
      catalog: Catalog;
      quiet: boolean;
    }
  | { action: "unsubscribe" | "status" | "now" };

export const DIGEST_ACTIONS = ["subscribe", "unsubscribe", "status", "now"] as const;

const SUBSCRIBE_OPTIONS = ["at", "on", "cron", "tz", "within", "catalog"];
const DAY_NAMES = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const DEFAULT_TIME = { hour: 9, minute: 0 };
const WEEKDAYS = "1-5";

/** `digest <action> …` after `/partnercentral`; throws ParseError with a sentence a user can act on. */
export function parseDigest(tokens: Token[], defaults: CommandDefaults): DigestCommand {
  const [head, ...rest] = tokens;
  const action = head && head.key === undefined ? head.value.toLowerCase() : undefined;
  switch (action) {
    case "unsubscribe":
    case "status":
    case "now": {
      const [extra] = rest;
      if (extra) throw new ParseError(`\`digest ${action}\` takes no options (\`${echo(extra.raw)}\`).`);
      return { action };
    }
    case "subscribe":
      return parseSubscribe(rest, defaults);
    default:
      throw new ParseError(
        `\`digest\` needs one of ${listOf(DIGEST_ACTIONS.map((a) => `\`${a}\``))}, for example \`/partnercentral digest subscribe at=09:00\`.`,
      );
  }
}

const isQuiet = (token: Token) => token.key === undefined && token.value.toLowerCase() === "quiet";

function parseSubscribe(tokens: Token[], defaults: CommandDefaults): DigestCommand {
  const word = tokens.find((t) => t.key === undefined && !isQuiet(t));
  if (word) {
    throw new ParseError(
      `\`${echo(word.raw)}\` is not an option of \`digest subscribe\`: it takes ${SUBSCRIBE_OPTIONS.map((o) => `\`${o}=\``).join(", ")} and the word \`quiet\`.`,
    );
  }
  const options = new Options(
    "digest subscribe",
    tokens.filter((t) => !isQuiet(t)),
    SUBSCRIBE_OPTIONS,
  );
  const timezone = options.raw("tz");
  return {
    action: "subscribe",
    ...scheduleOf(options),
    ...(timezone !== undefined ? { timezone: canonicalTimeZone(timezone) } : {}),
    windowDays: options.integer("within", { min: 1, max: 15 }) ?? defaults.windowDays,
    catalog: options.catalog(defaults),
    quiet: tokens.some(isQuiet),
  };
}

/** `cron=`, or `at=` and `on=` made into one; nothing when neither is given (the configured schedule). */
function scheduleOf(options: Options): { cron?: string } {
  const expression = options.raw("cron");
  const at = options.raw("at");
  const on = options.raw("on");
  if (expression !== undefined) {
    if (at !== undefined || on !== undefined) {
      throw new ParseError("Give either `cron=` or `at=`/`on=`, not both: `cron=` already says when.");
    }
    return { cron: cronOf(expression) };
  }
  if (at === undefined && on === undefined) return {};
  const { hour, minute } = at === undefined ? DEFAULT_TIME : timeOf(at);
  return { cron: `${minute} ${hour} * * ${on === undefined ? WEEKDAYS : daysOf(on)}` };
}

function cronOf(expression: string): string {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 || !cron.validate(fields.join(" "))) {
    throw new ParseError(
      `\`cron=${echo(expression)}\` is not a cron expression this takes: use five fields (minute hour day-of-month month weekday) in quotes, such as \`cron="0 9 * * 1-5"\`.`,
    );
  }
  return fields.join(" ");
}

function timeOf(text: string): { hour: number; minute: number } {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (!match || hour > 23 || minute > 59) {
    throw new ParseError(
      `\`at=${echo(text)}\` is not a time: use HH:MM on a 24-hour clock, such as 09:00 or 16:30.`,
    );
  }
  return { hour, minute };
}

function daysOf(text: string): string {
  const value = text.toLowerCase();
  if (value === "weekdays") return WEEKDAYS;
  if (value === "daily") return "*";
  // A day is its name or any start of it from three letters on: mon, tues, wednesday.
  const dayIndex = (d: string) => (d.length >= 3 ? DAY_NAMES.findIndex((name) => name.startsWith(d)) : -1);
  const days = value.split(",").map((d) => dayIndex(d.trim()));
  if (days.includes(-1)) {
    throw new ParseError(
      `\`on=${echo(text)}\` is not valid: use weekdays, daily, or days such as mon,wed,fri.`,
    );
  }
  return [...new Set(days)].sort((a, b) => a - b).join(",");
}

function canonicalTimeZone(text: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_+/-]*$/.test(text) || !isValidTimeZone(text)) {
    throw new ParseError(
      `\`tz=${echo(text)}\` is not a time zone: use an IANA name such as Europe/Berlin or America/New_York.`,
    );
  }
  return new Intl.DateTimeFormat("en-US", { timeZone: text }).resolvedOptions().timeZone;
}
