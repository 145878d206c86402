import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_NODE_OPTIONS, spawnNode, waitForHealthy } from "../../bench/lib/processes.ts";
import { type Emulator, startEmulator } from "../../dev/emulator/index.ts";
import type { SlackStandin } from "../../dev/slack-standin/index.ts";
import { BOT_TOKEN, SIGNING_SECRET, startStandin } from "../helpers/harness.ts";
import { freePort } from "../helpers/net.ts";

let standin: SlackStandin;
let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  standin = await startStandin();
  emulator = await startEmulator();
  dir = await mkdtemp(join(tmpdir(), "pc-footprint-"));
});
afterAll(async () => {
  await standin?.close();
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Processes whose parent is `pid`, from /proc. */
async function childrenOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // The command name (2nd field) may hold spaces; the parent's pid is the 2nd field after it.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === pid) found.push(Number(entry));
  }
  return found;
}

/**
 * Starts `node src/main.ts` as `npm start` does, in Slack mode against the stand-ins, waits for /healthz,
 * notes its child processes, stops it with SIGTERM, and returns every module it loaded.
 */
async function run(env: Record<string, string>) {
  const port = await freePort();
  const log = join(dir, `modules-${port}.txt`);
  const child = spawnNode(
    "src/main.ts",
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standin.apiUrl,
      PORT: String(port),
      DATA_DIR: join(dir, `data-${port}`),
      LOG_LEVEL: "warn",
      AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: emulator.url,
      AWS_ENDPOINT_URL_PARTNERCENTRAL_ACCOUNT: emulator.url,
      AWS_ACCESS_KEY_ID: "AKIDFOOTPRINT",
      AWS_SECRET_ACCESS_KEY: "footprint-secret",
      MODULE_LOG: log,
      ...env,
    },
    ["--import", "./test/helpers/module-log.ts", ...APP_NODE_OPTIONS],
  );
  try {
    await waitForHealthy(`http://127.0.0.1:${port}/healthz`, child);
    const children = await childrenOf(child.process.pid as number);
    await child.stop();
    expect(await child.exited, child.output()).toBe(0);
    const modules = (await readFile(log, "utf8")).split("\n");
    return { children, modules, has: (part: string) => modules.some((url) => url.includes(part)) };
  } finally {
    await child.stop();
  }
}

describe("what the app loads, by configuration", () => {
  it("over HTTP with the embedded database: one process, and neither Express, Socket Mode, SQS, PostgreSQL nor the preview", async () => {
    const app = await run({});
    expect(app.children).toEqual([]);
    expect(app.has("/node_modules/@slack/bolt/dist/App.js")).toBe(true);
    expect(app.has("/node_modules/@aws-sdk/client-partnercentral-selling/")).toBe(true);
    expect(app.has("/node_modules/express/")).toBe(false);
    expect(app.has("/node_modules/@slack/socket-mode/")).toBe(false);
    expect(app.has("/node_modules/undici/")).toBe(false);
    expect(app.has("/node_modules/@aws-sdk/client-sqs/")).toBe(false);
    expect(app.has("/node_modules/pg/")).toBe(false);
    expect(app.has("/node_modules/date-fns/")).toBe(false);
    expect(app.has("/dev/")).toBe(false);
  });

  it("with EVENTS_QUEUE_URL: the SQS client too", async () => {
    const app = await run({ EVENTS_QUEUE_URL: emulator.queueUrl, AWS_ENDPOINT_URL_SQS: emulator.url });
    expect(app.has("/node_modules/@aws-sdk/client-sqs/")).toBe(true);
    expect(app.has("/node_modules/@slack/socket-mode/")).toBe(false);
  });
});
