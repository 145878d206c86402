import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Child, spawnWithIpc, waitForHealthy } from "../../bench/lib/processes.ts";
import { type Emulator, startEmulator } from "../../dev/emulator/index.ts";
import type { SlackStandin } from "../../dev/slack-standin/index.ts";
import { BOT_TOKEN, CHANNEL, SIGNING_SECRET, startStandin, VIEWER } from "../helpers/harness.ts";
import { freePort } from "../helpers/net.ts";
import { runCommand } from "../helpers/slack.ts";

let standin: SlackStandin;
let emulator: Emulator;
let dataDir: string;
let app: Child;
let url: string;

/** The real entry point, src/main.ts, in its own process: what crashes there stops the app for everyone. */
beforeAll(async () => {
  standin = await startStandin();
  emulator = await startEmulator();
  dataDir = await mkdtemp(join(tmpdir(), "pc-entry-"));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  app = spawnWithIpc("src/main.ts", {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: emulator.url,
    AWS_ENDPOINT_URL_PARTNERCENTRAL_ACCOUNT: emulator.url,
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "entry-point-secret",
  });
  await waitForHealthy(`${url}/healthz`, app);
  standin.setAppUrl(url);
});
afterAll(async () => {
  await app?.stop();
  await standin?.close();
  await emulator?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the real entry point", () => {
  it("keeps serving after signed bodies that are valid JSON but no object", async () => {
    const bodies: Array<[string, string]> = [
      ["null", "application/json"],
      ["payload=null", "application/x-www-form-urlencoded"],
      ["payload=true", "application/x-www-form-urlencoded"],
      ['"text"', "application/json"],
      ["[]", "application/json"],
    ];
    // Bolt ignores them (no listener can take them), so Slack's three seconds run out; the process lives on.
    await Promise.all(bodies.map(([body, type]) => standin.sendSigned(body, type)));
    expect(app.process.exitCode).toBeNull();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(emulator.calls).toEqual([]);
    const answer = await runCommand(standin, "connections", { userId: VIEWER, channelId: CHANNEL });
    expect(answer.text).toContain("Partner connections");
    expect(app.output()).toContain("unhandled rejection");
  });

  it("logs at the level LOG_LEVEL sets, with nothing below it", () => {
    const levels = app
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => (JSON.parse(line) as { level: number }).level);
    expect(levels.length).toBeGreaterThan(0);
    // pino: 30 info, 40 warn. The start-up line "is ready" is info, so it must not be there.
    expect(levels.filter((level) => level < 40)).toEqual([]);
    expect(app.output()).not.toContain("is ready");
  });
});
