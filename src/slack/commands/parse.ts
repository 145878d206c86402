import type { OpportunityListQuery } from "../../opportunities/list.ts";
import {
  type Catalog,
  type ConnectionInvitationQuery,
  type ConnectionQuery,
  type ConnectionType,
  type EngagementInvitationQuery,
  type EngagementPayloadType,
  ID_FORMATS,
  type InvitationStatus,
} from "../../partnercentral/model.ts";
import { type AlertsCommand, parseAlerts } from "./alerts.ts";
import { type DigestCommand, parseDigest } from "./digest.ts";
import { parseOpportunities, parseOpportunity } from "./opportunity-parse.ts";
import {
  type CommandDefaults,
  canonicalId,
  didYouMean,
  echo,
  listOf,
  Options,
  ParseError,
} from "./options.ts";
import { type Token, tokenize } from "./tokenize.ts";

export type ParsedCommand =
  | { kind: "help"; topic?: string }
  | { kind: "connections"; query: ConnectionQuery }
  | { kind: "connection"; catalog: Catalog; id: string }
  | { kind: "invitations"; query: ConnectionInvitationQuery }
  | { kind: "invitation"; catalog: Catalog; id: string }
  | { kind: "engagements"; query: EngagementInvitationQuery }
  | { kind: "engagement"; catalog: Catalog; id: string }
  | { kind: "expiring"; catalog: Catalog; withinDays: number }
  | { kind: "audit"; days: number }
  | { kind: "digest"; command: DigestCommand }
  | { kind: "alerts"; command: AlertsCommand }
  | { kind: "opportunities"; query: OpportunityListQuery }
  | { kind: "opportunity"; catalog: Catalog; id: string };

export type ParseResult = ParsedCommand | { kind: "error"; message: string };

export const SUBCOMMANDS = [
  "help",
  "connections",
  "connection",
  "invitations",
  "invitation",
  "engagements",
  "engagement",
  "opportunities",
  "opportunity",
  "expiring",
  "audit",
  "digest",
  "alerts",
] as const;

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

/** `type=` and `participant=`, by which connections and connection invitations are filtered alike. */
function connectionFilters(options: Options): { connectionType?: ConnectionType; participantIds?: string[] } {
  const connectionType = options.oneOf("type", connectionTypes);
  const participantIds = options.list("participant", ID_FORMATS.participant, "a participant identifier");
  return { ...(connectionType ? { connectionType } : {}), ...(participantIds ? { participantIds } : {}) };
}

/** The subcommands that name one thing by its id: the id's format, and the thing as errors name it. */
const SINGLE = {
  connection: { format: ID_FORMATS.connection, what: "a connection" },
  invitation: { format: ID_FORMATS.connectionInvitation, what: "a connection invitation" },
  engagement: { format: ID_FORMATS.engagementInvitation, what: "an engagement invitation" },
} as const;

function single(subcommand: keyof typeof SINGLE, rest: Token[], defaults: CommandDefaults) {
  const { format, what } = SINGLE[subcommand];
  const [first, ...others] = rest;
  if (!first || first.key !== undefined) {
    throw new ParseError(
      `\`${subcommand}\` needs ${what} id, for example \`/partnercentral ${subcommand} ${format.example}\`.`,
    );
  }
  const id = canonicalId(first.value, format);
  if (!id) {
    throw new ParseError(`\`${echo(first.value)}\` is not ${what} id: they look like \`${format.example}\`.`);
  }
  const options = new Options(subcommand, others, ["catalog"]);
  return { kind: subcommand, catalog: options.catalog(defaults), id };
}

/** `help` alone, or `help <subcommand>` for that subcommand's topic. */
function parseHelp(rest: Token[]): ParsedCommand {
  const [topic, extra] = rest;
  if (!topic) return { kind: "help" };
  const word = topic.key === undefined ? topic.value.toLowerCase() : undefined;
  if (extra || !word || !(SUBCOMMANDS as readonly string[]).includes(word)) {
    throw new ParseError(
      `\`help\` takes one subcommand to explain, such as \`help engagements\`.${word ? didYouMean(word, SUBCOMMANDS, (s) => `help ${s}`) : ""}`,
    );
  }
  return word === "help" ? { kind: "help" } : { kind: "help", topic: word };
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
        return parseHelp(rest);
      case "connections": {
        const options = new Options(subcommand, rest, ["type", "participant", "catalog"]);
        return {
          kind: "connections",
          query: { catalog: options.catalog(defaults), ...connectionFilters(options) },
        };
      }
      case "invitations": {
        const options = new Options(subcommand, rest, ["status", "type", "role", "participant", "catalog"]);
        const status = statuses<InvitationStatus>(options, connectionInvitationStatuses, false);
        const filters = connectionFilters(options);
        const role = options.oneOf("role", roles);
        return {
          kind: "invitations",
          query: {
            catalog: options.catalog(defaults),
            ...(status.all ? {} : { status: status.values[0] }),
            ...filters,
            ...(role ? { role } : {}),
          },
        };
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
      case "connection":
      case "invitation":
      case "engagement":
        return single(subcommand, rest, defaults);
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
      case "opportunities":
        return { kind: "opportunities", query: parseOpportunities(rest, defaults) };
      case "opportunity":
        return { kind: "opportunity", ...parseOpportunity(rest, defaults) };
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
