import { composeApp, type Instance } from "./compose.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { type AppLogger, createLogger } from "./logger.ts";

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee the configuration table in README.md.\n`);
      process.exit(1);
    }
    throw error;
  }
  const secrets = config.slack.kind === "preview" ? [] : [config.slack.botToken, config.slack.signingSecret];
  const logger = createLogger({ level: config.logLevel, secrets });
  // Bolt handles each request in a promise nobody awaits: a signed body of JSON `null` rejects one, and
  // Node would exit. One bad request must not stop the app for everyone.
  process.on("unhandledRejection", (reason: unknown) => {
    logger.error({ err: reason }, "unhandled rejection");
  });
  const instance = await start(config, logger);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await instance.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/** With Slack credentials, the app; without them, the preview: the same app beside local stand-ins. */
async function start(config: Config, logger: AppLogger): Promise<Instance> {
  if (config.slack.kind !== "preview") return composeApp(config, logger);
  const { startPreview } = await import("../dev/preview.ts");
  return startPreview(config, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Partner Central for Slack could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
