import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../dev/emulator/index.ts";
import type { SlackStandin } from "../../dev/slack-standin/index.ts";
import { BOT_TOKEN, CHANNEL, SIGNING_SECRET, startStandin, VIEWER } from "../helpers/harness.ts";
import { killAll, type MainProcess, startMain, waitUntil } from "../helpers/main-process.ts";
import { freePort } from "../helpers/net.ts";

async function status(url: string): Promise<number | undefined> {
  try {
    return (await fetch(url)).status;
  } catch {
    return undefined;
  }
}

let standin: SlackStandin;
let emulator: Emulator;
let dataDir: string;
const running: MainProcess[] = [];

beforeAll(async () => {
  standin = await startStandin();
  emulator = await startEmulator({ latencyMs: 0 });
  dataDir = await mkdtemp(join(tmpdir(), "pc-startup-"));
});
afterEach(() => killAll(running));
afterAll(async () => {
  await standin?.close();
  await emulator?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function slackEnv(port: number): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    PORT: String(port),
    DATA_DIR: join(dataDir, `run-${port}`),
    AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: emulator.url,
    AWS_ENDPOINT_URL_PARTNERCENTRAL_ACCOUNT: emulator.url,
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "startup-secret",
  };
}

describe("npm start", () => {
  it("serves /healthz 200 in Slack mode once ready", async () => {
    const port = await freePort();
    const started = startMain(slackEnv(port));
    running.push(started);
    await waitUntil(async () =>
      (await status(`http://127.0.0.1:${port}/healthz`)) === 200 ? true : undefined,
    );
    expect(standin.callsTo("auth.test").length).toBeGreaterThan(0);
    expect(started.output()).not.toContain(SIGNING_SECRET);
    expect(started.output()).not.toContain(BOT_TOKEN);
  });

  it("exits non-zero naming SLACK_SIGNING_SECRET when only the bot token is set", async () => {
    const started = startMain({ SLACK_BOT_TOKEN: BOT_TOKEN, PORT: String(await freePort()) });
    running.push(started);
    expect(await started.exited).not.toBe(0);
    expect(started.output()).toContain("SLACK_SIGNING_SECRET");
  });

  it("starts the preview with no environment at all, prints its URL and the page answers", async () => {
    const port = await freePort();
    const started = startMain({ PORT: String(port), DATA_DIR: join(dataDir, "preview") });
    running.push(started);
    const url = await waitUntil(() => /Open (http:\/\/localhost:\d+)/.exec(started.output())?.[1]);
    expect(url).toBe(`http://localhost:${port}`);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Preview");
  });

  it("finishes a command in flight on SIGTERM, then exits 0", async () => {
    const port = await freePort();
    const started = startMain(slackEnv(port));
    running.push(started);
    await waitUntil(async () =>
      (await status(`http://127.0.0.1:${port}/healthz`)) === 200 ? true : undefined,
    );
    standin.setAppUrl(`http://127.0.0.1:${port}`);
    emulator.setLatency(1500);
    const sent = await standin.slashCommand({ text: "connections", userId: VIEWER, channelId: CHANNEL });
    expect(sent.status).toBe(200);
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
    emulator.setLatency(0);
    const answer = standin.messages(CHANNEL).find((m) => m.responseUrl === sent.responseUrl);
    expect(answer?.text).toContain("Partner connections");
  });
});
