import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../dev/emulator/index.ts";
import type { SlackStandin } from "../../dev/slack-standin/index.ts";
import { BOT_TOKEN, CHANNEL, SIGNING_SECRET, startStandin } from "../helpers/harness.ts";
import { killAll, type MainProcess, startMain, waitUntil } from "../helpers/main-process.ts";
import { freePort, startHoldingRelay } from "../helpers/net.ts";
import { dropSchema, TEST_DATABASE_URL, uniqueSchema, withAdmin } from "../store/helpers.ts";

// Registered only where a server is available, as the other replica tests; CI sets TEST_DATABASE_URL.
if (TEST_DATABASE_URL !== undefined) {
  const serverUrl = TEST_DATABASE_URL;
  let standin: SlackStandin;
  let emulator: Emulator;
  let dataDir: string;
  const schema = uniqueSchema();
  const running: MainProcess[] = [];

  beforeAll(async () => {
    standin = await startStandin();
    emulator = await startEmulator({ latencyMs: 0 });
    dataDir = await mkdtemp(join(tmpdir(), "pc-replicas-"));
    await withAdmin(serverUrl, (client) => client.query(`CREATE SCHEMA "${schema}"`));
  });
  afterAll(async () => {
    await killAll(running);
    await standin?.close();
    await emulator?.close();
    await rm(dataDir, { recursive: true, force: true });
    await dropSchema(serverUrl, schema);
  });

  /** The database URL of the test schema, through `port` when given. */
  function databaseUrl(port?: number): string {
    const url = new URL(serverUrl);
    if (port !== undefined) {
      url.hostname = "127.0.0.1";
      url.port = String(port);
    }
    url.searchParams.set("options", `-c search_path=${schema}`);
    return url.toString();
  }

  async function replica(name: string, url: string): Promise<MainProcess> {
    const started = startMain({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standin.apiUrl,
      PORT: String(await freePort()),
      DATA_DIR: join(dataDir, name),
      DATABASE_URL: url,
      LOG_LEVEL: "info",
      ALERT_CHANNEL: CHANNEL,
      ALERT_INTERVAL: "1h",
      AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: emulator.url,
      AWS_ENDPOINT_URL_PARTNERCENTRAL_ACCOUNT: emulator.url,
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "replica-secret",
    });
    running.push(started);
    return started;
  }

  const RECORDED = "new-invitation alerts: recorded what already exists";
  const RECORDED_BEFORE =
    "new-invitation alerts: what already existed was recorded before; announcing what is new";
  const said = (process: MainProcess, message: string) => process.logLines().some((l) => l.msg === message);

  describe("two replicas starting together on one PostgreSQL", () => {
    it("record what already exists once, and the one that lost never announces what the other recorded", async () => {
      // The first replica is held between claiming the first look and recording what it found, however
      // its version writes them; the second looks meanwhile.
      const relay = await startHoldingRelay(
        Number(new URL(serverUrl).port || 5432),
        "INSERT INTO announced_invitations",
      );
      try {
        const first = await replica("first", databaseUrl(relay.port));
        const heldPort = await relay.held;
        const second = await replica("second", databaseUrl());
        const alerts = () => standin.callsTo("chat.postMessage").filter((c) => c.args.channel === CHANNEL);
        const waitingForFirst = () =>
          withAdmin(serverUrl, async (client) => {
            const { rows } = await client.query(
              `SELECT count(*)::integer AS n FROM pg_stat_activity AS waiting, pg_stat_activity AS holder
               WHERE holder.client_port = $1 AND holder.pid = ANY(pg_blocking_pids(waiting.pid))`,
              [heldPort],
            );
            return rows[0]?.n > 0;
          });
        // The second either waits for the first's write to end, or has already announced everything.
        await waitUntil(async () => ((await waitingForFirst()) || alerts().length > 0 ? true : undefined));
        relay.release();
        await waitUntil(() =>
          said(first, RECORDED) && (said(second, RECORDED_BEFORE) || alerts().length > 0) ? true : undefined,
        );
        expect(alerts()).toEqual([]);
        expect([first, second].filter((p) => said(p, RECORDED))).toEqual([first]);
        expect(said(second, RECORDED_BEFORE)).toBe(true);
      } finally {
        relay.release();
        await Promise.all(running.map((p) => p.stop()));
        await relay.close();
      }
    }, 60_000);
  });
}
