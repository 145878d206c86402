import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventFor } from "../../dev/emulator/events.ts";
import type { EngagementInvitation } from "../../dev/emulator/index.ts";
import type { StandinMessage } from "../../dev/slack-standin/index.ts";
import { composeApp } from "../../src/compose.ts";
import { loadConfig } from "../../src/config.ts";
import { createQueueClient } from "../../src/events/queue-client.ts";
import { createLogger } from "../../src/logger.ts";
import { ACTION } from "../../src/slack/ids.ts";
import { APPROVER, CHANNEL, emulatorClientOptions, type Harness, startHarness } from "../helpers/harness.ts";
import { startRelay } from "../helpers/net.ts";
import { twoReplicas } from "../helpers/replicas.ts";
import { findButton, messageJson, runCommand } from "../helpers/slack.ts";
import { TEST_DATABASE_URL } from "../store/helpers.ts";

const HOUR_MS = 3_600_000;
/** With events on, polling looks once at start and then hourly: whatever arrives sooner came by event. */
const EVENTS_ONLY = { ALERT_CHANNEL: CHANNEL, ALERT_INTERVAL: "1h" };

let h: Harness;
let queue: SQSClient;

beforeAll(async () => {
  h = await startHarness({ events: true, env: EVENTS_ONLY, emulator: { seed: false, taskCompletionMs: 20 } });
  queue = createQueueClient(h.emulator.queueUrl, emulatorClientOptions(h.emulator));
  await firstLook(h);
});
afterAll(async () => {
  queue?.destroy();
  await h?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const callsOf = (operation: string, harness = h) =>
  harness.emulator.calls.filter((c) => c.operation === operation).length;

/** The first look, at start, lists both kinds; it records what exists and announces nothing. */
async function firstLook(harness: Harness): Promise<void> {
  await harness.standin.waitFor(() => callsOf("ListConnectionInvitations", harness) > 0, 10_000);
  await sleep(200);
}

/** Posts (not updates) in the channel that show this invitation. */
function postsAbout(id: string, harness = h) {
  return harness.standin
    .callsTo("chat.postMessage")
    .filter((c) => c.args.channel === CHANNEL && JSON.stringify(c.args.blocks).includes(id));
}

function alertAbout(id: string): StandinMessage | undefined {
  return h.standin
    .messages(CHANNEL)
    .find((m) => !m.ephemeralFor && /new invitation/i.test(m.text) && messageJson(m).includes(id));
}

/** Sent 15 days before it expires, as Partner Central does, so the digest finds it. */
function expiringIn(hours: number): Partial<EngagementInvitation> {
  const expires = Date.now() + hours * HOUR_MS;
  return { InvitationDate: new Date(expires - 15 * 24 * HOUR_MS), ExpirationDate: new Date(expires) };
}

/** What Partner Central would publish now about the invitation, as it stands. */
const eventAbout = (invitation: EngagementInvitation) =>
  JSON.stringify(eventFor({ kind: "engagement", invitation }, h.emulator.state, new Date()));

const send = (body: string) =>
  queue.send(new SendMessageCommand({ QueueUrl: h.emulator.queueUrl, MessageBody: body }));

describe("Partner Central's events", () => {
  it("announce a new invitation in the alert channel within 2 s, through the real SQS client", async () => {
    h.emulator.resetCalls();
    const published = Date.now();
    const invitation = h.emulator.newEngagementInvitation();
    const [post] = await h.standin.waitFor(() => {
      const found = postsAbout(invitation.Id);
      return found.length ? found : undefined;
    }, 2_000);
    expect(post?.at.getTime()).toBeLessThan(published + 2_000);
    expect(String(post?.args.text)).toMatch(/^New invitation received/);
    // Found by its event, after one lookup, not by a look at the lists.
    expect(callsOf("GetEngagementInvitation")).toBe(1);
    expect(callsOf("ListEngagementInvitations")).toBe(0);
    const alert = alertAbout(invitation.Id);
    expect(alert && findButton(alert, ACTION.accept, `engagement:AWS:${invitation.Id}`)).toBeDefined();
  });

  it("show an acceptance made in Partner Central's console on the digest, the alert, an answer and the App Home within 2 s", async () => {
    const invitation = h.emulator.newEngagementInvitation(expiringIn(6));
    const neighbour = h.emulator.newEngagementInvitation(expiringIn(8));
    const key = `engagement:AWS:${invitation.Id}`;
    const alert = await h.standin.waitFor(() => alertAbout(invitation.Id), 2_000);
    await runCommand(h.standin, "digest now");
    const digest = await h.standin.waitFor(() =>
      h.standin
        .messages(CHANNEL)
        .find(
          (m) => !m.ephemeralFor && /within \d+ days/.test(m.text) && messageJson(m).includes(neighbour.Id),
        ),
    );
    const answer = await runCommand(h.standin, "engagements");
    await h.standin.openHome(APPROVER);
    await h.standin.waitFor(() => {
      const home = h.standin.homeView(APPROVER);
      return home && findButton({ blocks: home.view.blocks }, ACTION.accept, key) ? home : undefined;
    });
    const shown = [alert, digest, answer];
    for (const message of shown) expect(findButton(message, ACTION.accept, key)).toBeDefined();

    h.emulator.decideInConsole(invitation, "accept");
    const updated = await h.standin.waitFor(() => {
      const now = shown.map((m) => h.standin.message(CHANNEL, m.ts));
      const done = now.every(
        (m) =>
          m && !findButton(m, ACTION.accept, key) && messageJson(m).includes("Accepted in Partner Central"),
      );
      const home = h.standin.homeView(APPROVER);
      return done && home && !JSON.stringify(home.view.blocks).includes(invitation.Id) ? now : undefined;
    }, 2_000);
    expect(messageJson(updated[0] as StandinMessage)).toMatch(
      new RegExp(
        `Accepted in Partner Central · <!date\\^\\d+\\^[^>]+> · by account \`${h.emulator.accountId}\``,
      ),
    );
    // The other invitation of the digest keeps its buttons.
    const neighbourKey = `engagement:AWS:${neighbour.Id}`;
    expect(findButton(updated[1] as StandinMessage, ACTION.accept, neighbourKey)).toBeDefined();
  });

  it("survive repeats, reordering, malformed and unknown messages: one post each, nothing stuck", async () => {
    const repeated = h.emulator.addEngagementInvitation();
    const created = eventAbout(repeated);
    await send(created);
    await send(created);

    // Accepted before it was created: the acceptance arrives first.
    const early = h.emulator.addEngagementInvitation();
    const createdLate = eventAbout(early);
    early.Status = "ACCEPTED";
    await send(eventAbout(early));
    await sleep(300);
    await send(createdLate);

    const wellFormed = JSON.parse(created) as Record<string, unknown>;
    for (const body of [
      "not json",
      JSON.stringify({ id: "" }),
      JSON.stringify({
        ...wellFormed,
        id: "malformed-1",
        detail: { catalog: "AWS", engagementInvitation: {} },
      }),
      JSON.stringify({ ...wellFormed, id: "unknown-1", "detail-type": "Opportunity Updated" }),
      JSON.stringify({ ...wellFormed, id: "unknown-2", source: "aws.ec2" }),
    ]) {
      await send(body);
    }

    const after = h.emulator.newEngagementInvitation();
    await h.standin.waitFor(() => postsAbout(after.Id).length > 0, 5_000);
    await h.standin.waitFor(() => h.emulator.queues.events.messages.length === 0, 5_000);
    expect(postsAbout(repeated.Id)).toHaveLength(1);
    expect(postsAbout(early.Id)).toHaveLength(0);
    expect(postsAbout(after.Id)).toHaveLength(1);
    expect(h.emulator.queues.deadLetter.messages).toHaveLength(0);
  });

  it("when the queue cannot be reached: say so, keep polling, and take up the events when it is back", async () => {
    await h.stopApp();
    const relay = await startRelay(Number(new URL(h.emulator.url).port));
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = createLogger({
      level: "info",
      destination: { write: (line: string) => lines.push(JSON.parse(line)) },
    });
    const app = await composeApp(loadConfig({ ...h.env, ALERT_INTERVAL: "1s" }), logger, {
      ...h.compose,
      events: { ...emulatorClientOptions(h.emulator), endpoint: relay.url },
    });
    try {
      await relay.cut();
      await h.standin.waitFor(
        () => lines.find((l) => l.msg.startsWith("cannot receive from the Partner Central events queue")),
        10_000,
      );
      // No event can arrive, so polling finds it.
      const polled = h.emulator.newEngagementInvitation();
      const alert = await h.standin.waitFor(() => alertAbout(polled.Id), 5_000);
      h.emulator.decideInConsole(polled, "accept");
      await sleep(500);
      expect(findButton(h.standin.message(CHANNEL, alert.ts) as StandinMessage, ACTION.accept)).toBeDefined();

      await relay.restore();
      await h.standin.waitFor(() => {
        const now = h.standin.message(CHANNEL, alert.ts);
        return now && messageJson(now).includes("Accepted in Partner Central") ? now : undefined;
      }, 15_000);
      expect(lines.some((l) => l.msg === "receiving from the Partner Central events queue again")).toBe(true);
      expect(postsAbout(polled.Id)).toHaveLength(1);
    } finally {
      await app.stop();
      await relay.cut();
      await h.restartApp();
    }
  });
});

// Registered only where a server is available, as the other PostgreSQL tests.
if (TEST_DATABASE_URL !== undefined) {
  const serverUrl = TEST_DATABASE_URL;

  describe("two app instances on one PostgreSQL consuming one queue", () => {
    it("act on every event once: 50 new invitations, 50 alerts", async () => {
      await twoReplicas(serverUrl, { env: EVENTS_ONLY, events: true }, async (two) => {
        await firstLook(two);
        const invitations = Array.from({ length: 50 }, () => two.emulator.newEngagementInvitation());
        await two.standin.waitFor(() => invitations.every((i) => postsAbout(i.Id, two).length > 0), 20_000);
        await sleep(1_500);
        for (const invitation of invitations) expect(postsAbout(invitation.Id, two)).toHaveLength(1);
        expect(
          two.standin.callsTo("chat.postMessage").filter((c) => c.args.channel === CHANNEL),
        ).toHaveLength(50);
        expect(two.emulator.queues.events.messages).toHaveLength(0);
      });
    });
  });
}
