import {
  CATALOGS,
  type Catalog,
  type ConnectionInvitationQuery,
  type ConnectionQuery,
  type ConnectionType,
  type EngagementInvitationQuery,
  type EngagementPayloadType,
  ID_FORMATS,
  type InvitationStatus,
} from "../../partnercentral/model.js";
import { type AlertsCommand, parseAlerts } from "./alerts.js";
import { type DigestCommand, parseDigest } from "./digest.js";
import { type Token, tokenize } from "./tokenize.js";

export interface CommandDefaults {
  catalog: Catalog;
  windowDays: number;
}

export type ParsedCommand =
  | { kind: "help" }
  | { kind: "connections"; query: ConnectionQuery }
  | { kind: "connection"; catalog: Catalog; id: string }
  | { kind: "invitations"; query: ConnectionInvitationQuery }
  | { kind: "invitation"; catalog: Catalog; id: string }
  | { kind: "engagements"; query: EngagementInvitationQuery }
  | { kind: "engagement"; catalog: Catalog; id: string }
  | { kind: "expiring"; catalog: Catalog; withinDays: number }
  | { kind: "audit"; days: number }
  | { kind: "digest"; command: DigestCommand }
  | { kind: "alerts"; command: AlertsCommand };

export type ParseResult = ParsedCommand | { kind: "error"; message: string };

export const SUBCOMMANDS = [
  "help",
  "connections",
  "connection",
  "invitations",
  "invitation",
  "engagements",
  "engagement",
  "expiring",
  "audit",
  "digest",
  "alerts",
] as const;

export class ParseError extends Error {}

/** Longest piece of user input echoed back in an error. */
const ECHO_LIMIT = 60;

export function echo(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > ECHO_LIMIT ? `${oneLine.slice(0, ECHO_LIMIT - 1)}…` : oneLine;
}

const connectionTypes: Record<string, ConnectionType> = {
  opportunity_collaboration: "OPPORTUNITY_COLLABORATION",
  subsidiary: "SUBSIDIARY",
};
const roles = { sender: "SENDER", receiver: "RECEIVER" } as const;
const connectionInvitationStatuses = ["pending", "accepted", "rejected", "canceled", "expired"] as const;
const engagementStatuses = ["pending", "accepted", "rejected", "expired"] as const;
const payloadTypes: Record<string, EngagementPayloadType> = {
  opportunity: "OpportunityInvitation",
  lead: "LeadInvitation",
};
const sortOrders = { asc: "ASCENDING", desc: "DESCENDING" } as const;

/** Options given as `key=value`, each at most once, checked against what the subcommand accepts. */
export class Options {
  private readonly values = new Map<string, string>();

  constructor(
    subcommand: string,
    tokens: Token[],
    private readonly allowed: readonly string[],
  ) {
    for (const token of tokens) {
      if (token.key === undefined) {
        throw new ParseError(
          `\`${echo(token.raw)}\` is not an option of \`${subcommand}\`. ${this.allowedText()}`,
        );
      }
      if (!allowed.includes(token.key)) {
        throw new ParseError(
          `\`${subcommand}\` has no option \`${echo(token.key)}\`.${didYouMean(token.key, allowed, (o) => `${o}=`)} ${this.allowedText()}`,
        );
      }
      if (this.values.has(token.key)) {
        throw new ParseError(
          `\`${token.key}\` is given more than once; give it once (lists are comma-separated).`,
        );
      }
      if (token.value.trim() === "") {
        throw new ParseError(`\`${token.key}=\` needs a value.`);
      }
      this.values.set(token.key, token.value.trim());
    }
  }

  private allowedText(): string {
    return this.allowed.length
      ? `Options: ${this.allowed.map((o) => `\`${o}=\``).join(", ")}.`
      : "It takes no options.";
  }

  catalog(defaults: CommandDefaults): Catalog {
    const value = this.values.get("catalog");
    if (value === undefined) return defaults.catalog;
    const catalog = CATALOGS.find((c) => c.toLowerCase() === value.toLowerCase());
    if (!catalog) throw new ParseError(`\`catalog=${echo(value)}\` is not valid: use AWS or Sandbox.`);
    return catalog;
  }

  oneOf<T extends string>(key: string, choices: Record<string, T>): T | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    const choice = choices[value.toLowerCase()];
    if (choice === undefined) {
      throw new ParseError(`\`${key}=${echo(value)}\` is not valid: use ${listOf(Object.keys(choices))}.`);
    }
    return choice;
  }

  list(key: string, format: { pattern: RegExp; example: string }, what: string): string[] | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    const items = value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
    if (items.length === 0) throw new ParseError(`\`${key}=\` needs at least one ${what}.`);
    for (const item of items) {
      if (!format.pattern.test(item)) {
        throw new ParseError(`\`${echo(item)}\` is not ${what}: they look like \`${format.example}\`.`);
      }
    }
    return [...new Set(items)];
  }

  integer(key: string, range: { min: number; max: number }): number | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    if (!/^\d{1,6}$/.test(value) || Number(value) < range.min || Number(value) > range.max) {
      throw new ParseError(
        `\`${key}=${echo(value)}\` is not valid: use a whole number from ${range.min} to ${range.max}.`,
      );
    }
    return Number(value);
  }

  raw(key: string): string | undefined {
    return this.values.get(key);
  }
}

/** Edits (insertions, deletions, substitutions) that turn one word into the other. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** " Did you mean `engagements`?" for a typo of one of `choices` (a third of it wrong at most), else "". */
export function didYouMean(word: string, choices: readonly string[], format = (c: string) => c): string {
  const typed = word.toLowerCase();
  const [best] = choices
    .map((choice) => ({ choice, distance: editDistance(typed, choice) }))
    .filter(({ choice, distance }) => distance > 0 && distance <= Math.max(1, Math.floor(choice.length / 3)))
    .sort((a, b) => a.distance - b.distance);
  return best ? ` Did you mean \`${format(best.choice)}\`?` : "";
}

export function listOf(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

function statuses<T extends string>(
  options: Options,
  allowed: readonly string[],
  multiple: boolean,
): { all: true } | { all: false; values: T[] } {
  const value = options.raw("status") ?? "pending";
  const items = value
    .toLowerCase()
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.includes("all")) {
    if (items.length > 1) throw new ParseError("`status=all` cannot be combined with other statuses.");
    return { all: true };
  }
  if (!multiple && items.length > 1) {
    throw new ParseError(`\`status\` takes one value here: ${listOf([...allowed, "all"])}.`);
  }
  for (const item of items) {
    if (!allowed.includes(item)) {
      throw new ParseError(
        `\`status=${echo(item)}\` is not valid: use ${listOf([...allowed, "all"])}.${didYouMean(item, allowed, (v) => `status=${v}`)}`,
      );
    }
  }
  return { all: false, values: [...new Set(items)].map((s) => s.toUpperCase() as T) };
}

function singleId(
  subcommand: string,
  rest: Token[],
  format: { pattern: RegExp; example: string },
  what: string,
) {
  const [first, ...others] = rest;
  if (!first || first.key !== undefined) {
    throw new ParseError(
      `\`${subcommand}\` needs ${what} id, for example \`/partnercentral ${subcommand} ${format.example}\`.`,
    );
  }
  if (!format.pattern.test(first.value)) {
    throw new ParseError(`\`${echo(first.value)}\` is not ${what} id: they look like \`${format.example}\`.`);
  }
  return { id: first.value, options: new Options(subcommand, others, ["catalog"]) };
}

/** Parses the text after `/partnercentral`. Pure: the same text and defaults always give the same result. */
export function parseCommand(text: string, defaults: CommandDefaults): ParseResult {
  const tokens = tokenize(text);
  if ("error" in tokens) return { kind: "error", message: tokens.error };
  const [head, ...rest] = tokens;
  if (!head) return { kind: "help" };
  if (head.key !== undefined) {
    return { kind: "error", message: `Start with a subcommand, not an option: ${listOf([...SUBCOMMANDS])}.` };
  }
  const subcommand = head.value.toLowerCase();
  try {
    switch (subcommand) {
      case "help":
        return { kind: "help" };
      case "connections": {
        const options = new Options(subcommand, rest, ["type", "participant", "catalog"]);
        const connectionType = options.oneOf("type", connectionTypes);
        const participantIds = options.list(
          "participant",
          ID_FORMATS.participant,
          "a participant identifier",
        );
        return {
          kind: "connections",
          query: {
            catalog: options.catalog(defaults),
            ...(connectionType ? { connectionType } : {}),
            ...(participantIds ? { participantIds } : {}),
          },
        };
      }
      case "connection": {
        const { id, options } = singleId(subcommand, rest, ID_FORMATS.connection, "a connection");
        return { kind: "connection", catalog: options.catalog(defaults), id };
      }
      case "invitations": {
        const options = new Options(subcommand, rest, ["status", "type", "role", "participant", "catalog"]);
        const status = statuses<InvitationStatus>(options, connectionInvitationStatuses, false);
        const connectionType = options.oneOf("type", connectionTypes);
        const role = options.oneOf("role", roles);
        const participantIds = options.list(
          "participant",
          ID_FORMATS.participant,
          "a participant identifier",
        );
        return {
          kind: "invitations",
          query: {
            catalog: options.catalog(defaults),
            ...(status.all ? {} : { status: status.values[0] }),
            ...(connectionType ? { connectionType } : {}),
            ...(role ? { role } : {}),
            ...(participantIds ? { participantIds } : {}),
          },
        };
      }
      case "invitation": {
        const { id, options } = singleId(
          subcommand,
          rest,
          ID_FORMATS.connectionInvitation,
          "a connection invitation",
        );
        return { kind: "invitation", catalog: options.catalog(defaults), id };
      }
      case "engagements": {
        const options = new Options(subcommand, rest, [
          "status",
          "role",
          "sender",
          "engagement",
          "payload",
          "sort",
          "catalog",
        ]);
        const status = statuses<InvitationStatus>(options, engagementStatuses, true);
        const senderAccountIds = options.list("sender", ID_FORMATS.awsAccount, "an AWS account id");
        const engagementIds = options.list("engagement", ID_FORMATS.engagement, "an engagement id");
        const payloadType = options.oneOf("payload", payloadTypes);
        const role = options.oneOf("role", roles) ?? "RECEIVER";
        const waiting = role === "RECEIVER" && !status.all && status.values.join() === "PENDING";
        return {
          kind: "engagements",
          query: {
            catalog: options.catalog(defaults),
            role,
            ...(status.all ? {} : { statuses: status.values }),
            ...(senderAccountIds ? { senderAccountIds } : {}),
            ...(engagementIds ? { engagementIds } : {}),
            ...(payloadType ? { payloadTypes: [payloadType] } : {}),
            // What waits for an answer comes urgent first: invitations expire 15 days after they are sent,
            // so the oldest expires soonest.
            sort: options.oneOf("sort", sortOrders) ?? (waiting ? "ASCENDING" : "DESCENDING"),
          },
        };
      }
      case "engagement": {
        const { id, options } = singleId(
          subcommand,
          rest,
          ID_FORMATS.engagementInvitation,
          "an engagement invitation",
        );
        return { kind: "engagement", catalog: options.catalog(defaults), id };
      }
      case "expiring": {
        const options = new Options(subcommand, rest, ["within", "catalog"]);
        return {
          kind: "expiring",
          catalog: options.catalog(defaults),
          withinDays: options.integer("within", { min: 1, max: 15 }) ?? defaults.windowDays,
        };
      }
      case "audit": {
        const options = new Options(subcommand, rest, ["days"]);
        return { kind: "audit", days: options.integer("days", { min: 1, max: 90 }) ?? 7 };
      }
      case "digest":
        return { kind: "digest", command: parseDigest(rest, defaults) };
      case "alerts":
        return { kind: "alerts", command: parseAlerts(rest) };
      default:
        return {
          kind: "error",
          message: `\`${echo(head.value)}\` is not a subcommand.${didYouMean(head.value, SUBCOMMANDS)} Use one of ${listOf(SUBCOMMANDS.map((s) => `\`${s}\``))}.`,
        };
    }
  } catch (error) {
    if (error instanceof ParseError) return { kind: "error", message: error.message };
    throw error;
  }
}
