import { describe, expect, it } from "vitest";
import { loadConfig, logSecrets } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";

const TOKEN = "xoxb-1234-5678-abcdefghij";
const SECRET = "signing-secret-0123";

function capture() {
  const written: string[] = [];
  const logger = createLogger({
    level: "debug",
    secrets: [SECRET],
    destination: { write: (line: string) => written.push(line) },
  });
  return { logger, lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("logger", () => {
  it("writes an error passed as err with its type, message, stack and cause", () => {
    const { logger, lines } = capture();
    const cause = new TypeError("fetch failed");
    const error = Object.assign(new Error("digest failed", { cause }), { code: "E_DIGEST" });
    logger.error({ err: error, channelId: "C1" }, "digest failed unexpectedly");
    const [line] = lines();
    expect(line).toMatchObject({ level: 50, channelId: "C1", msg: "digest failed unexpectedly" });
    expect(line?.err).toMatchObject({
      type: "Error",
      message: "digest failed: fetch failed",
      code: "E_DIGEST",
    });
    const stack = String((line?.err as { stack?: string } | undefined)?.stack);
    expect(stack).toContain("Error: digest failed\n    at ");
    expect(stack).toContain("caused by: TypeError: fetch failed");
  });

  it("writes an error nested under another name, or given as a plain argument, just as fully", () => {
    const { logger, lines } = capture();
    logger.error({ error: new RangeError("out of range") }, "nested");
    logger.error("listener failed", new Error("plain argument"));
    logger.error(new Error("alone"));
    const [nested, plain, alone] = lines();
    expect(nested?.error).toMatchObject({ type: "RangeError", message: "out of range" });
    expect(String((nested?.error as { stack?: string } | undefined)?.stack)).toContain(
      "RangeError: out of range\n    at ",
    );
    expect(plain).toMatchObject({
      msg: "listener failed plain argument",
      err: { message: "plain argument" },
    });
    expect(alone).toMatchObject({ msg: "alone", err: { type: "Error", message: "alone" } });
  });

  it("masks tokens and secrets inside an error's message, stack, fields and cause", () => {
    const { logger, lines } = capture();
    const cause = new Error(`refused ${SECRET} for AKIAABCDEFGHIJKLMNOP`);
    const error = Object.assign(new Error(`invalid_auth for ${TOKEN}`, { cause }), {
      data: { token: "anything", response: `Bearer ${TOKEN}` },
    });
    logger.error({ err: error }, `failed with ${TOKEN}`);
    logger.warn("as an argument", error);
    const text = JSON.stringify(lines());
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("AKIAABCDEFGHIJKLMNOP");
    expect(text).toContain("invalid_auth for [redacted]");
    expect(text).toContain("caused by: Error: refused [redacted] for [redacted]");
    expect(lines()[0]?.err).toMatchObject({ data: { token: "[redacted]", response: "Bearer [redacted]" } });
  });

  it("writes what JSON cannot (cycles, big integers) without failing, and dates as ISO strings", () => {
    const { logger, lines } = capture();
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    logger.info({ cyclic, count: 10n, at: new Date("2030-01-01T00:00:00.000Z") }, "odd values");
    expect(lines()[0]).toMatchObject({
      cyclic: { name: "loop", self: "[circular]" },
      count: "10",
      at: "2030-01-01T00:00:00.000Z",
    });
  });

  it("masks secrets in child bindings and plain messages", () => {
    const { logger, lines } = capture();
    logger.child({ component: `with ${TOKEN}` }).info(`said ${SECRET}`, { nested: TOKEN });
    const [line] = lines();
    expect(line).toMatchObject({ component: "with [redacted]" });
    expect(JSON.stringify(line)).not.toContain(TOKEN);
    expect(JSON.stringify(line)).not.toContain(SECRET);
  });
});

describe("the app's logger", () => {
  it("masks the database password wherever it appears, in the database driver's error under another", () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      DATABASE_URL: "postgres://partnercentral:Tr0ub4dor%26Horse@db.internal:5432/partnercentral",
    });
    const written: string[] = [];
    const logger = createLogger({
      level: "info",
      secrets: logSecrets(config),
      destination: { write: (line: string) => written.push(line) },
    });
    const driverError = new Error('could not log in with "Tr0ub4dor&Horse"');
    logger.error({ err: new Error("Cannot open the store", { cause: driverError }) }, "start-up failed");
    logger.warn({ databaseUrl: config.storage.databaseUrl }, "opening");
    const text = written.join("");
    expect(text).toContain("caused by: Error: could not log in with");
    expect(text).toContain("postgres://partnercentral:");
    expect(text).not.toContain("Tr0ub4dor");
  });
});
