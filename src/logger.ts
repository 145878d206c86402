import type { Logger as BoltLogger, LogLevel } from "@slack/bolt";
import pino from "pino";

/** Slack and AWS token shapes; anything matching is masked before a line is written. */
const tokenPattern = /\b(xox[abprse]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|AKIA[A-Z0-9]{16}|ASIA[A-Z0-9]{16})\b/g;

/** Fields that hold secrets whatever their value looks like, at any depth. */
const secretKeys: ReadonlySet<string> = new Set([
  "token",
  "botToken",
  "signingSecret",
  "appToken",
  "password",
]);

/** Deeper than any record the app logs; what lies below is summarised, so one line stays one line. */
const MAX_DEPTH = 8;

export interface AppLogger extends BoltLogger {
  child(bindings: Record<string, unknown>): AppLogger;
}

export interface LoggerOptions {
  level: "debug" | "info" | "warn" | "error";
  /** Values that must never appear in a log line, such as the signing secret. */
  secrets?: string[];
  destination?: pino.DestinationStream;
  name?: string;
}

type Level = "debug" | "info" | "warn" | "error";

/**
 * Bolt's logger interface over pino, masking secrets in every argument. An error, wherever it appears in
 * a line (best under `err`), is written by pino's own serializer: its type, message and stack with those
 * of its causes, and its own fields (an AWS request id, a Slack error code), each masked like the rest.
 */
export function createLogger(options: LoggerOptions): AppLogger {
  const base = pino(
    {
      level: options.level,
      base: undefined,
      ...(options.name ? { name: options.name } : {}),
      // Errors reach pino already written by its own serializer, and masked (see `mask`).
      serializers: { err: (value: unknown) => value },
    },
    options.destination,
  );
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const maskText = (value: string): string => {
    let text = value.replace(tokenPattern, "[redacted]");
    for (const secret of secrets) text = text.split(secret).join("[redacted]");
    return text;
  };
  const mask = (value: unknown, depth = 0, seen = new WeakSet<object>()): unknown => {
    if (typeof value === "string") return maskText(value);
    if (typeof value === "bigint") return String(value);
    if (typeof value === "function" || typeof value === "symbol") return undefined;
    if (!value || typeof value !== "object") return value;
    if (seen.has(value)) return "[circular]";
    if (depth >= MAX_DEPTH) return "[too deep]";
    if (value instanceof Error) return mask({ ...pino.stdSerializers.err(value) }, depth, seen);
    if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
      return mask((value as { toJSON: () => unknown }).toJSON(), depth, seen);
    }
    seen.add(value);
    const masked = Array.isArray(value)
      ? value.map((item) => mask(item, depth + 1, seen))
      : Object.fromEntries(
          Object.entries(value).map(([key, item]) => [
            key,
            secretKeys.has(key) && item !== undefined ? "[redacted]" : mask(item, depth + 1, seen),
          ]),
        );
    seen.delete(value);
    return masked;
  };
  const words = (parts: unknown[]): string =>
    parts
      .map((part) => {
        if (typeof part === "string") return part;
        if (part instanceof Error) return part.message;
        try {
          return JSON.stringify(part) ?? String(part);
        } catch {
          return String(part);
        }
      })
      .join(" ");
  const wrap = (instance: pino.Logger): AppLogger => {
    const write =
      (level: Level) =>
      (...args: unknown[]) => {
        // Bolt logs whole requests at debug: nothing is walked for a line that is not written.
        if (!instance.isLevelEnabled(level)) return;
        const [first, ...rest] = args;
        const fields =
          first && typeof first === "object" && !(first instanceof Error) && !Array.isArray(first)
            ? { ...(first as Record<string, unknown>) }
            : undefined;
        const text = fields ? rest : args;
        // Bolt and libraries hand errors over as plain arguments: each becomes the line's `err`.
        const error = fields?.err === undefined ? text.find((part) => part instanceof Error) : undefined;
        const record = { ...fields, ...(error ? { err: error } : {}) };
        instance[level](mask(record) as object, maskText(words(text)));
      };
    return {
      debug: write("debug"),
      info: write("info"),
      warn: write("warn"),
      error: write("error"),
      setLevel: (level: LogLevel) => {
        instance.level = level;
      },
      getLevel: () => instance.level as LogLevel,
      setName: () => {},
      child: (bindings) => wrap(instance.child(mask(bindings) as Record<string, unknown>)),
    };
  };
  return wrap(base);
}
