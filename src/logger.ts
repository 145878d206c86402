import type { Logger as BoltLogger, LogLevel } from "@slack/bolt";
import pino from "pino";

/** Slack and AWS token shapes; anything matching is masked before a line is written. */
const tokenPattern = /\b(xox[abprse]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|AKIA[A-Z0-9]{16}|ASIA[A-Z0-9]{16})\b/g;

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

/** Bolt's logger interface over pino, masking secrets in every argument. */
export function createLogger(options: LoggerOptions): AppLogger {
  const base = pino(
    {
      level: options.level,
      base: undefined,
      ...(options.name ? { name: options.name } : {}),
      redact: {
        paths: ["*.token", "*.botToken", "*.signingSecret", "*.appToken", "*.password"],
        censor: "[redacted]",
      },
    },
    options.destination,
  );
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const mask = (value: unknown): unknown => {
    if (typeof value === "string") {
      let text = value.replace(tokenPattern, "[redacted]");
      for (const secret of secrets) text = text.split(secret).join("[redacted]");
      return text;
    }
    if (value instanceof Error) return mask(value.stack ?? value.message);
    if (value && typeof value === "object") {
      try {
        return JSON.parse(mask(JSON.stringify(value)) as string);
      } catch {
        return "[unserialisable]";
      }
    }
    return value;
  };
  const wrap = (instance: pino.Logger): AppLogger => {
    const write =
      (level: "debug" | "info" | "warn" | "error") =>
      (...args: unknown[]) => {
        const [first, ...rest] = args.map(mask);
        if (first && typeof first === "object") instance[level](first as object, rest.map(String).join(" "));
        else
          instance[level](
            [first, ...rest].map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "),
          );
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
      child: (bindings) => wrap(instance.child(bindings)),
    };
  };
  return wrap(base);
}
