import cron from "node-cron";
import { z } from "zod";
import { CATALOGS, type Catalog } from "./partnercentral/model.ts";

export type SlackMode =
  | { kind: "http"; botToken: string; signingSecret: string; apiUrl?: string }
  | { kind: "socket"; botToken: string; signingSecret: string; appToken: string; apiUrl?: string }
  | { kind: "preview" };

export interface Config {
  slack: SlackMode;
  port: number;
  partnerCentral: { catalog: Catalog; region: string };
  digest: { channel?: string; cron: string; timezone: string; windowDays: number };
  approvers: { userIds: string[]; usergroupId?: string };
  /** `intervalSet`: ALERT_INTERVAL was given, so the interval is the operator's, not a default. */
  alerts: { channel?: string; intervalMs: number; intervalSet: boolean };
  /** The SQS queue Partner Central's events arrive on; unset = polling only. */
  events: { queueUrl?: string };
  storage: { dataDir: string; databaseUrl?: string; auditRetentionDays: number };
  logLevel: "debug" | "info" | "warn" | "error";
}

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.problems = problems;
    this.name = "ConfigError";
  }
}

/** Empty strings count as unset, as they do in most .env files and container definitions. */
const optionalText = z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().optional());

const slackId = (prefix: string, what: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}[A-Z0-9]{2,}$`), `must be a Slack ${what} id such as ${prefix}0123ABCD`);

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z.string().refine(isValidTimeZone, "must be an IANA time zone such as Europe/Berlin");

/** The largest whole unit: 300000 -> "5m", 30000 -> "30s". */
export function formatDuration(ms: number): string {
  for (const unit of ["h", "m", "s"] as const) {
    if (ms % durationUnitsMs[unit] === 0) return `${ms / durationUnitsMs[unit]}${unit}`;
  }
  return `${ms}ms`;
}

const durationPattern = /^(\d+)(ms|s|m|h)$/;
const durationUnitsMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Parses `30s`, `5m`, `1h`, `500ms`; returns undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const match = durationPattern.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * durationUnitsMs[match[2] as keyof typeof durationUnitsMs];
}

/**
 * How often alerts look for new invitations when ALERT_INTERVAL is not set: every 5 minutes, or every hour
 * when Partner Central's events bring new invitations at once and the look is only the safety net.
 */
export function defaultAlertIntervalMs(eventsOn: boolean): number {
  return eventsOn ? 3_600_000 : 300_000;
}

const envSchema = z
  .object({
    SLACK_BOT_TOKEN: optionalText.pipe(
      z.string().startsWith("xoxb-", "must be a bot token starting with xoxb-").optional(),
    ),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.pipe(
      z.string().startsWith("xapp-", "must be an app-level token starting with xapp-").optional(),
    ),
    SLACK_API_URL: optionalText.pipe(
      z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
    ),
    PORT: optionalText.pipe(
      z.coerce
        .number<string | undefined>({ error: "must be a port number" })
        .int()
        .min(0)
        .max(65535)
        .default(3000),
    ),
    PARTNERCENTRAL_CATALOG: optionalText.pipe(
      z
        .string()
        .transform((v) => CATALOGS.find((c) => c.toLowerCase() === v.toLowerCase()) ?? v)
        .pipe(z.enum(CATALOGS, { error: "must be AWS or Sandbox" }))
        .default("AWS"),
    ),
    PARTNERCENTRAL_REGION: optionalText.pipe(z.string().default("us-east-1")),
    DIGEST_CHANNEL: optionalText.pipe(slackId("[CGD]", "channel").optional()),
    DIGEST_CRON: optionalText.pipe(
      z
        .string()
        .refine((v) => cron.validate(v), "must be a cron expression such as 0 9 * * 1-5")
        .default("0 9 * * 1-5"),
    ),
    DIGEST_TIMEZONE: optionalText.pipe(timeZone.default("UTC")),
    DIGEST_WINDOW_DAYS: optionalText.pipe(
      z.coerce.number<string | undefined>().int().min(1).max(15).default(5),
    ),
    APPROVER_USER_IDS: optionalText.pipe(
      z
        .string()
        .transform((v) =>
          v
            .split(",")
            .map((id) => id.trim())
            .filter(Boolean),
        )
        .pipe(z.array(slackId("[UW]", "user")))
        .default([]),
    ),
    APPROVER_USERGROUP_ID: optionalText.pipe(slackId("S", "user group").optional()),
    ALERT_CHANNEL: optionalText.pipe(slackId("[CGD]", "channel").optional()),
    ALERT_INTERVAL: optionalText.pipe(
      z
        .string()
        .transform((v, ctx) => {
          const ms = parseDuration(v);
          if (ms === undefined || ms < 1000) {
            ctx.addIssue({
              code: "custom",
              message: "must be a duration of at least 1s such as 30s, 5m or 1h",
            });
            return z.NEVER;
          }
          return ms;
        })
        .optional(),
    ),
    EVENTS_QUEUE_URL: optionalText.pipe(
      z.url({ protocol: /^https?$/, error: "must be the QueueUrl output of deploy/events.yaml" }).optional(),
    ),
    DATA_DIR: optionalText.pipe(z.string().default("./data")),
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection URL")
        .optional(),
    ),
    AUDIT_RETENTION_DAYS: optionalText.pipe(
      z.coerce.number<string | undefined>().int().min(1).max(36_500).default(365),
    ),
    LOG_LEVEL: optionalText.pipe(
      z
        .string()
        .transform((v) => v.toLowerCase())
        .pipe(z.enum(["debug", "info", "warn", "error"], { error: "must be debug, info, warn or error" }))
        .default("info"),
    ),
  })
  .superRefine(
    (env, ctx) => {
      if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET) {
        ctx.addIssue({
          code: "custom",
          path: ["SLACK_SIGNING_SECRET"],
          message: "is required when SLACK_BOT_TOKEN is set (Slack app > Basic Information > Signing Secret)",
        });
      }
      if (!env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
        ctx.addIssue({
          code: "custom",
          path: ["SLACK_BOT_TOKEN"],
          message:
            "is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set (OAuth & Permissions > Bot User OAuth Token)",
        });
      }
      // Reported together with every other problem, so one start names everything that is wrong.
    },
    { when: () => true },
  );

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
  }
  const e = parsed.data;
  const apiUrl = e.SLACK_API_URL
    ? { apiUrl: e.SLACK_API_URL.endsWith("/") ? e.SLACK_API_URL : `${e.SLACK_API_URL}/` }
    : {};
  let slack: SlackMode = { kind: "preview" };
  if (e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET) {
    const credentials = { botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, ...apiUrl };
    slack = e.SLACK_APP_TOKEN
      ? { kind: "socket", appToken: e.SLACK_APP_TOKEN, ...credentials }
      : { kind: "http", ...credentials };
  }
  const alertChannel = e.ALERT_CHANNEL ?? e.DIGEST_CHANNEL;
  return {
    slack,
    port: e.PORT,
    partnerCentral: { catalog: e.PARTNERCENTRAL_CATALOG, region: e.PARTNERCENTRAL_REGION },
    digest: {
      ...(e.DIGEST_CHANNEL ? { channel: e.DIGEST_CHANNEL } : {}),
      cron: e.DIGEST_CRON,
      timezone: e.DIGEST_TIMEZONE,
      windowDays: e.DIGEST_WINDOW_DAYS,
    },
    approvers: {
      userIds: e.APPROVER_USER_IDS,
      ...(e.APPROVER_USERGROUP_ID ? { usergroupId: e.APPROVER_USERGROUP_ID } : {}),
    },
    alerts: {
      ...(alertChannel ? { channel: alertChannel } : {}),
      intervalMs: e.ALERT_INTERVAL ?? defaultAlertIntervalMs(e.EVENTS_QUEUE_URL !== undefined),
      intervalSet: e.ALERT_INTERVAL !== undefined,
    },
    events: e.EVENTS_QUEUE_URL ? { queueUrl: e.EVENTS_QUEUE_URL } : {},
    storage: {
      dataDir: e.DATA_DIR,
      ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
      auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * Values of the configuration that must never appear in a log line, wherever they turn up (an error's
 * message, its cause's): the Slack credentials and the database password, as written in DATABASE_URL and
 * as the driver reads it.
 */
export function logSecrets(config: Config): string[] {
  const slack = config.slack.kind === "preview" ? [] : [config.slack.botToken, config.slack.signingSecret];
  return [...slack, ...passwordOf(config.storage.databaseUrl)];
}

function passwordOf(databaseUrl: string | undefined): string[] {
  const written = databaseUrl && URL.canParse(databaseUrl) ? new URL(databaseUrl).password : "";
  if (!written) return [];
  let read = written;
  try {
    read = decodeURIComponent(written);
  } catch {
    // Not percent-encoding: the store reads it as written.
  }
  return [...new Set([written, read])];
}
