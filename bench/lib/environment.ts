import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../dev/emulator/index.ts";
import type { SlackStandin } from "../../dev/slack-standin/index.ts";
import { APPROVER, BOT_TOKEN, SIGNING_SECRET, startStandin } from "../../test/helpers/harness.ts";
import { freePort } from "../../test/helpers/net.ts";
import { APP_NODE_OPTIONS, type Child, nextMessage, spawnWithIpc, waitForHealthy } from "./processes.ts";

/** Local Partner Central and Slack, as the tests use them, in this process. */
export interface Stage {
  emulator: Emulator;
  standin: SlackStandin;
  dataDir: string;
  /** The environment that runs the real app against them, as an operator would set it. */
  appEnv(port: number, extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export async function startStage(emulator: EmulatorOptions = {}): Promise<Stage> {
  const stage = {
    emulator: await startEmulator(emulator),
    standin: await startStandin(),
    dataDir: await mkdtemp(join(tmpdir(), "pc-bench-")),
  };
  return {
    ...stage,
    appEnv: (port, extra = {}) => ({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: stage.standin.apiUrl,
      PORT: String(port),
      DATA_DIR: join(stage.dataDir, `app-${port}`),
      APPROVER_USER_IDS: APPROVER,
      LOG_LEVEL: "info",
      // As the container image keeps it: what Node compiled, for every start after the first.
      NODE_COMPILE_CACHE: join(stage.dataDir, "compile-cache"),
      AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: stage.emulator.url,
      AWS_ENDPOINT_URL_PARTNERCENTRAL_ACCOUNT: stage.emulator.url,
      AWS_ACCESS_KEY_ID: "AKIDBENCHMARK",
      AWS_SECRET_ACCESS_KEY: "benchmark-secret",
      ...extra,
    }),
    async close() {
      await stage.standin.close();
      await stage.emulator.close();
      await rm(stage.dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts and stops the real app once, so the compile cache holds what it compiles: every start after it
 * is a restart, as in the container image, and the measured process does not load Node's type stripper.
 * Node keeps one cache per set of V8 options, so `gc` must be as the measured process will have it.
 */
export async function fillCompileCache(stage: Stage, options: { gc?: boolean } = {}): Promise<void> {
  const app = await startAppProcess(stage, "bench/app-process.ts", options);
  await app.child.stop();
}

/** The comparison: a Bolt app that only acknowledges, on plain Node. */
export const BARE_APP = "bench/bare-app.ts";

export interface RunningChild {
  child: Child;
  url: string;
}

/**
 * Starts `bench/<file>` (the real app, or the bare Bolt app) in its own process with IPC, waits until it
 * reports ready and /healthz answers, and points the stand-in at it.
 */
export async function startAppProcess(
  stage: Stage,
  file: string,
  options: { env?: Record<string, string>; gc?: boolean } = {},
): Promise<RunningChild> {
  const port = await freePort();
  const child = spawnWithIpc(file, stage.appEnv(port, options.env), {
    ...options,
    nodeOptions: file === BARE_APP ? [] : APP_NODE_OPTIONS,
  });
  await nextMessage(child, "ready");
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(`${url}/healthz`, child);
  stage.standin.setAppUrl(url);
  return { child, url };
}
