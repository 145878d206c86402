import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../dev/emulator/index.ts";
import { PREVIEW_CHANNEL, PREVIEW_USERS } from "../../dev/preview.ts";
import type { SlackStandin } from "../../dev/slack-standin/index.ts";
import { ACTION } from "../../src/slack/ids.ts";
import { openFeed } from "../dev/slack-standin/sse.ts";
import { APPROVER, BOT_TOKEN, CHANNEL, SIGNING_SECRET, startStandin } from "../helpers/harness.ts";
import { killAll, type MainProcess, startMain, waitUntil } from "../helpers/main-process.ts";
import { freePort } from "../helpers/net.ts";
import { runCommand } from "../helpers/slack.ts";
import { dropSchema, TEST_DATABASE_URL, uniqueSchema, withAdmin } from "../store/helpers.ts";

let standin: SlackStandin;
let emulator: Emulator;
let dataDir: string;
let schema: string | undefined;
let databaseUrl: string | undefined;
const running: MainProcess[] = [];

beforeAll(async () => {
  standin = await startStandin();
  // The real Partner Central holds other invitations than the preview's sample data.
  emulator = await startEmulator({ latencyMs: 0, seed: { seed: 20_261_120 } });
  dataDir = await mkdtemp(join(tmpdir(), "pc-apart-"));
  if (TEST_DATABASE_URL !== undefined) {
    schema = uniqueSchema();
    await withAdmin(TEST_DATABASE_URL, (client) => client.query(`CREATE SCHEMA "${schema}"`));
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set("options", `-c search_path=${schema}`);
    databaseUrl = url.toString();
  }
});
afterEach(() => killAll(running));
afterAll(async () => {
  await standin?.close();
  await emulator?.close();
  await rm(dataDir, { recursive: true, force: true });
  if (TEST_DATABASE_URL !== undefined && schema) await dropSchema(TEST_DATABASE_URL, schema);
});

const storage = () => ({ DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });

const logged = (process: MainProcess, message: string) =>
  process.logLines().filter((line) => line.msg === message);

/** What a person does on the preview page: type in a channel, press a button. */
function previewPage(url: string) {
  const post = async (path: string, body: Record<string, unknown>) => {
    const answer = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ userId: PREVIEW_USERS.approver.id, channelId: PREVIEW_CHANNEL.id, ...body }),
    });
    expect(answer.status).toBe(200);
    return (await answer.json()) as { ok: boolean };
  };
  return {
    type: (text: string) => post("/ui/command", { text }),
    press: (messageTs: string, actionId: string, blockId: string) =>
      post("/ui/action", { messageTs, actionId, blockId }),
    simulateInvitation: () => post("/ui/simulate", {}),
    /** The channel as the page shows it: each message's ts and HTML. */
    async messages(): Promise<Array<{ ts: string; html: string }>> {
      const feed = await openFeed(
        `${url}/ui/stream?user=${PREVIEW_USERS.approver.id}&channel=${PREVIEW_CHANNEL.id}`,
      );
      try {
        const { data } = await feed.next();
        return String(data.messages)
          .split(/<div class="sl-msg(?=[" ])/)
          .flatMap((html) => {
            const ts = /data-ts="([^"]+)"/.exec(html)?.[1];
            return ts ? [{ ts, html }] : [];
          });
      } finally {
        feed.close();
      }
    },
  };
}

describe("the preview, then the real app on the same DATA_DIR and DATABASE_URL", () => {
  it("leaves the real app nothing of what was done in the preview", async () => {
    const preview = startMain({ PORT: String(await freePort()), LOG_LEVEL: "info", ...storage() });
    running.push(preview);
    const url = await waitUntil(() => /Open (http:\/\/localhost:\d+)/.exec(preview.output())?.[1]);
    const page = previewPage(url.replace("localhost", "127.0.0.1"));
    await waitUntil(() => logged(preview, "new-invitation alerts: recorded what already exists")[0]);

    // A digest subscription, a digest with its remembered copy, a decision with its audit row, an alert.
    await page.type("/partnercentral digest subscribe at=08:00");
    await page.type("/partnercentral digest now");
    const accept = new RegExp(`data-block-id="([^"]+)" data-action-id="${ACTION.accept}"`);
    const inChannel = async () => (await page.messages()).filter((m) => !m.html.includes("sl-ephemeral"));
    const digest = await waitUntil(async () => (await inChannel()).find((m) => accept.test(m.html)));
    const blockId = accept.exec(digest.html)?.[1] ?? "";
    const invitationId = blockId.split(":").at(-1) ?? "";
    await page.press(digest.ts, ACTION.accept, blockId);
    await waitUntil(() =>
      preview.logLines().find((l) => JSON.stringify(l).includes(invitationId) && l.status === "succeeded"),
    );
    const before = new Set((await inChannel()).map((m) => m.ts));
    await page.simulateInvitation();
    await waitUntil(async () => (await inChannel()).find((m) => !before.has(m.ts) && accept.test(m.html)));
    expect(await preview.stop()).toBe(0);

    // The preview wrote nothing where the real app keeps its data.
    expect(await readdir(dataDir)).toEqual([]);
    if (TEST_DATABASE_URL !== undefined) {
      const tables = await withAdmin(TEST_DATABASE_URL, (client) =>
        client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [schema]),
      );
      expect(tables.rows).toEqual([]);
    }

    const port = await freePort();
    const app = startMain({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standin.apiUrl,
      PORT: String(port),
      LOG_LEVEL: "info",
      ALERT_CHANNEL: CHANNEL,
      APPROVER_USER_IDS: APPROVER,
      AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: emulator.url,
      AWS_ENDPOINT_URL_PARTNERCENTRAL_ACCOUNT: emulator.url,
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "apart-secret",
      ...storage(),
    });
    running.push(app);
    const alertsPosted = () => standin.callsTo("chat.postMessage").filter((c) => c.args.channel === CHANNEL);
    // Its first look ends in one of two ways: it records what exists, or (the preview's baseline in the
    // way) it announces every pending invitation as new.
    await waitUntil(
      () => logged(app, "new-invitation alerts: recorded what already exists")[0] ?? alertsPosted()[0],
    );
    expect(logged(app, "new-invitation alerts: recorded what already exists")).toHaveLength(1);
    expect(alertsPosted()).toEqual([]);

    standin.setAppUrl(`http://127.0.0.1:${port}`);
    const audit = await runCommand(standin, "audit days=30");
    expect(JSON.stringify(audit)).not.toContain(invitationId);
    await standin.openHome(APPROVER);
    const home = await standin.waitFor(() => standin.homeView(APPROVER));
    expect(JSON.stringify(home.view.blocks)).not.toContain(PREVIEW_CHANNEL.id);
    expect(await app.stop()).toBe(0);
  }, 60_000);
});
