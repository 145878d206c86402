import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/metrics.ts";
import { ACTION } from "../../src/slack/ids.ts";
import { openStore } from "../../src/store/index.ts";
import { CHANNEL, type Harness, startHarness } from "../helpers/harness.ts";
import { findButton, runCommand } from "../helpers/slack.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ events: true, env: { ALERT_CHANNEL: CHANNEL, ALERT_INTERVAL: "1h" } });
  // The start-up look records what exists, so the event below is news.
  await h.standin.waitFor(
    () => h.emulator.calls.some((c) => c.operation === "ListConnectionInvitations"),
    10_000,
  );
});
afterAll(async () => {
  await h?.close();
});

async function scrape(): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`http://127.0.0.1:${h.services.app.port}/metrics`);
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

/** The value of one series in Prometheus's text format, 0 when it is not there yet. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? "").split(",").filter(Boolean);
    if (wanted.every((l) => present.includes(l)) && present.length === wanted.length) return Number(match[3]);
  }
  return 0;
}

const P = "partnercentral_slack_";

describe("GET /metrics", () => {
  it("serves Prometheus's text format with the process's own figures", async () => {
    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain("# TYPE process_resident_memory_bytes gauge");
    expect(text).toContain(`# TYPE ${P}commands_total counter`);
    expect(text).toContain(`# TYPE ${P}event_lag_seconds histogram`);
  });

  it("counts commands by subcommand and Partner Central calls by operation and outcome", async () => {
    await runCommand(h.standin, "engagements");
    await runCommand(h.standin, "what is this");
    await runCommand(h.standin, "");
    const { text } = await scrape();
    expect(sample(text, `${P}commands_total`, { kind: "engagements", outcome: "ok" })).toBe(1);
    expect(sample(text, `${P}commands_total`, { kind: "other", outcome: "ok" })).toBe(1);
    expect(sample(text, `${P}commands_total`, { kind: "help", outcome: "ok" })).toBe(1);
    expect(
      sample(text, `${P}partnercentral_calls_total`, {
        operation: "ListEngagementInvitations",
        outcome: "ok",
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, `${P}partnercentral_call_seconds_count`, { operation: "ListEngagementInvitations" }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("counts throttled attempts apart from calls, and a call's failure by its error", async () => {
    const before = await scrape();
    h.emulator.injectFault("ListConnections", "ThrottlingException", 1);
    await runCommand(h.standin, "connections");
    const engagement = [...h.emulator.state.engagementInvitations.values()][0]?.Id ?? "";
    h.emulator.injectFault("GetEngagementInvitation", "AccessDeniedException", 1);
    await runCommand(h.standin, `engagement ${engagement}`);
    const { text } = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      sample(text, name, labels) - sample(before.text, name, labels);
    expect(delta(`${P}partnercentral_throttled_attempts_total`, { operation: "ListConnections" })).toBe(1);
    expect(delta(`${P}partnercentral_calls_total`, { operation: "ListConnections", outcome: "ok" })).toBe(1);
    expect(
      delta(`${P}partnercentral_calls_total`, {
        operation: "GetEngagementInvitation",
        outcome: "AccessDenied",
      }),
    ).toBe(1);
  });

  it("counts clicks by action", async () => {
    const page = await runCommand(h.standin, "engagements status=all");
    expect(findButton(page, ACTION.nextPage)).toBeDefined();
    await h.standin.clickButton({
      userId: page.ephemeralFor ?? "",
      channelId: CHANNEL,
      messageTs: page.ts,
      actionId: ACTION.nextPage,
    });
    const counted = await h.standin.waitFor(async () => {
      const n = sample((await scrape()).text, `${P}clicks_total`, { kind: ACTION.nextPage, outcome: "ok" });
      return n === 1 ? n : undefined;
    }, 10_000);
    expect(counted).toBe(1);
  });

  it("counts digests by outcome, and each new invitation's event and alert, with its lag", async () => {
    await runCommand(h.standin, "digest now");
    const invitation = h.emulator.newEngagementInvitation();
    await h.standin.waitFor(
      () => h.standin.messages(CHANNEL).find((m) => JSON.stringify(m.blocks).includes(invitation.Id)),
      10_000,
    );
    const { text } = await h.standin.waitFor(async () => {
      const scraped = await scrape();
      return sample(scraped.text, `${P}alerts_posted_total`) === 1 ? scraped : undefined;
    }, 10_000);
    expect(sample(text, `${P}digest_runs_total`, { outcome: "posted" })).toBe(1);
    expect(sample(text, `${P}events_total`, { outcome: "handled" })).toBe(1);
    expect(sample(text, `${P}event_lag_seconds_count`)).toBe(1);
    expect(sample(text, `${P}alerts_failed_total`)).toBe(0);
    expect(sample(text, `${P}queue_errors_total`, { operation: "ReceiveMessage" })).toBe(0);
  });
});

describe("store errors", () => {
  it("counts each statement the database fails", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "pc-metrics-"));
    const metrics = createMetrics();
    const store = await openStore({ dataDir, onError: () => metrics.storeErrors.inc() });
    try {
      const other = new DatabaseSync(join(dataDir, "partnercentral.sqlite"));
      other.exec("DROP TABLE remembered_messages");
      other.close();
      await expect(store.messages.recall("anything", "answer")).rejects.toThrow();
      expect(await metrics.registry.getSingleMetricAsString(`${P}store_errors_total`)).toMatch(/ 1$/m);
    } finally {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
