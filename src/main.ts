import { enableCompileCache } from "node:module";
import type { Instance } from "./compose.ts";
import type { Config } from "./config.ts";
import type { AppLogger } from "./logger.ts";

// Node keeps what it compiled, with the types already stripped, in NODE_COMPILE_CACHE (else the system's
// temporary directory), so a restart compiles less. With NODE_COMPILE_CACHE set when Node starts, as the
// image sets it, this file comes from the cache too and Node's type stripper (about 17 MB resident) is
// never loaded. Where the directory cannot be written, Node goes without. Everything else is imported
// below, once the cache is on.
enableCompileCache();

async function main(): Promise<void> {
  const { ConfigError, loadConfig, logSecrets } = await import("./config.ts");
  const { createLogger } = await import("./logger.ts");
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
  const logger = createLogger({ level: config.logLevel, secrets: logSecrets(config) });
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
  if (config.slack.kind !== "preview") return (await import("./compose.ts")).composeApp(config, logger);
  const preview = await import("../dev/preview.ts").catch((error: unknown) => {
    // The container image ships src/ alone: without credentials there is nothing it can start.
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && String(error).includes("preview.ts"))
      throw new Error(
        "Slack credentials are missing: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (this installation has no local preview).",
      );
    throw error;
  });
  return preview.startPreview(config, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Partner Central for Slack could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
