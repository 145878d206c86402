/**
 * The real app, started as src/main.ts starts it, in a process of its own so its memory and event loop
 * are its own. Over IPC it says when it is ready and, on request, its memory after garbage collection.
 */

import { enableCompileCache } from "node:module";

// As src/main.ts starts: the compile cache first, then the app's modules.
enableCompileCache();
const { composeApp } = await import("../src/compose.ts");
const { loadConfig } = await import("../src/config.ts");
const { createLogger } = await import("../src/logger.ts");

export interface MemoryReport {
  type: "memory";
  heapUsedBytes: number;
  rssBytes: number;
  /** Peak resident set size of the process so far. */
  maxRssBytes: number;
}

const config = loadConfig(process.env);
const secrets = config.slack.kind === "preview" ? [] : [config.slack.botToken, config.slack.signingSecret];
const services = await composeApp(config, createLogger({ level: config.logLevel, secrets }));

const collect = globalThis.gc;
process.on("message", (message: { type?: string }) => {
  if (message.type !== "memory") return;
  // Twice: the first pass can leave objects that only become unreachable once finalizers ran.
  collect?.();
  collect?.();
  const report: MemoryReport = {
    type: "memory",
    heapUsedBytes: process.memoryUsage().heapUsed,
    rssBytes: process.memoryUsage.rss(),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.send?.(report);
});
process.on("SIGTERM", () => {
  void services.stop().then(() => process.exit(0));
});
process.send?.({ type: "ready" });
