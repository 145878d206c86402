import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackStandin, startSlackStandin } from "../../../dev/slack-standin/index.ts";
import { openFeed } from "./sse.ts";

const BOT_TOKEN = "xoxb-test";

let standin: SlackStandin;
let app: Server;
let healthy = true;
let simulated = 0;

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) body += chunk;
  return body;
}

async function api(method: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(`${standin.apiUrl}${method}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${BOT_TOKEN}` },
    body: JSON.stringify(args),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (answer.ok !== true) throw new Error(`${method}: ${JSON.stringify(answer)}`);
  return answer;
}

const postPage = (path: string, body: Record<string, unknown> = {}) =>
  fetch(`${standin.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

/** An invitation as the app lists it: a few kilobytes of HTML once rendered. */
function invitationBlocks(n: number) {
  return [
    { type: "header", text: { type: "plain_text", text: `Invitation ${n} from Acme Corp` } },
    {
      type: "section",
      text: { type: "mrkdwn", text: `*Migration to AWS, part ${n}* :hourglass_flowing_sand: expires soon` },
      fields: ["Customer", "Industry", "Expected spend", "Sender"].map((label) => ({
        type: "mrkdwn",
        text: `*${label}*\nSample value for ${label.toLowerCase()} of invitation ${n}`,
      })),
    },
    {
      type: "actions",
      elements: ["Accept", "Reject", "Details"].map((label) => ({
        type: "button",
        action_id: label.toLowerCase(),
        value: `engi-${n}`,
        text: { type: "plain_text", text: label },
      })),
    },
    { type: "context", elements: [{ type: "mrkdwn", text: `Sent by <@U1> · engi-${n}` }] },
  ];
}

beforeAll(async () => {
  standin = await startSlackStandin({
    signingSecret: "secret",
    botToken: BOT_TOKEN,
    users: [
      { id: "U1", name: "alice", realName: "Alice Approver" },
      { id: "U2", name: "bob", realName: "Bob Viewer" },
    ],
    channels: [
      { id: "C1", name: "partner-ops", botIsMember: true },
      { id: "C2", name: "general", botIsMember: true },
    ],
    preview: {
      defaultChannelId: "C1",
      onSimulateInvitation: async () => {
        simulated += 1;
        return "Acme sent a new invitation.";
      },
      onSimulateActionRequired: async () => "AWS asks for action on O1234567.",
    },
  });
  // The app: its health route, and a modal for any button.
  app = createServer((req, res) => {
    if (req.url === "/healthz") {
      res.writeHead(healthy ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: healthy ? "ok" : "starting" }));
      return;
    }
    void readBody(req).then(async (raw) => {
      const payload = JSON.parse(new URLSearchParams(raw).get("payload") ?? "{}");
      if (payload.type === "block_actions") {
        await api("views.open", {
          trigger_id: payload.trigger_id,
          view: { type: "modal", title: { type: "plain_text", text: "Details" }, blocks: [] },
        });
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await standin?.close();
  await new Promise((resolve) => app?.close(resolve));
});

describe("the preview's /healthz", () => {
  it("answers 503 until the app is there, then with the app's own answer", async () => {
    const before = await fetch(`${standin.url}/healthz`);
    expect([before.status, await before.json()]).toEqual([503, { status: "starting" }]);

    standin.setAppUrl(`http://127.0.0.1:${(app.address() as AddressInfo).port}`);
    const ready = await fetch(`${standin.url}/healthz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ok" }]);

    healthy = false;
    const stopping = await fetch(`${standin.url}/healthz`);
    expect([stopping.status, await stopping.json()]).toEqual([503, { status: "starting" }]);
    healthy = true;
  });
});

describe("the page's event stream", () => {
  it("sends the whole channel once, then only the message that changed", async () => {
    const posted: string[] = [];
    for (let n = 1; n <= 90; n += 1) {
      const answer = await api("chat.postMessage", {
        channel: "C1",
        text: `Invitation ${n}`,
        blocks: invitationBlocks(n),
      });
      posted.push(String(answer.ts));
    }
    const feed = await openFeed(`${standin.url}/ui/stream?user=U1&channel=C1&tz=UTC`);
    const state = await feed.next();
    expect(state.event).toBe("state");
    expect(state.data.messages).toContain("Invitation 90 from Acme Corp");
    expect(state.data.canSimulate).toBe(true);
    expect(state.data.canSimulateAction).toBe(true);

    const ts = posted[44] ?? "";
    await api("chat.update", {
      channel: "C1",
      ts,
      text: "Accepted",
      blocks: invitationBlocks(45).slice(0, 2),
    });
    const update = await feed.next();
    expect(update.event).toBe("upsert");
    expect(update.data.ts).toBe(ts);
    expect(update.data.html).toContain("Invitation 45 from Acme Corp");
    expect(update.data.html).not.toContain("Invitation 44");
    // One message of ninety: about a ninetieth of the whole channel on the wire.
    expect(update.bytes).toBeLessThan(state.bytes / 50);

    // Another user's ephemeral message and another channel's message are not this page's business.
    await api("chat.postEphemeral", { channel: "C1", user: "U2", text: "for Bob only" });
    await api("chat.postMessage", { channel: "C2", text: "elsewhere" });
    const added = await api("chat.postMessage", { channel: "C1", text: "a new one" });
    const next = await feed.next();
    expect([next.event, next.data.ts]).toEqual(["upsert", added.ts]);
    expect(next.data.html).toContain("a new one");

    await api("chat.delete", { channel: "C1", ts });
    expect(await feed.next()).toMatchObject({ event: "remove", data: { ts } });

    await api("views.publish", {
      user_id: "U1",
      view: { type: "home", blocks: [{ type: "section", text: { type: "mrkdwn", text: "Welcome home" } }] },
    });
    const home = await feed.next();
    expect(home.event).toBe("home");
    expect(home.data.html).toContain("Welcome home");
    feed.close();
  });

  it("forgets open modals when a page loads, as Slack's client does on reload", async () => {
    const { ts } = await api("chat.postMessage", { channel: "C2", text: "x", blocks: invitationBlocks(1) });
    await standin.clickButton({ userId: "U2", channelId: "C2", messageTs: String(ts), actionId: "details" });
    expect(standin.openViews("U2")).toHaveLength(1);
    const feed = await openFeed(`${standin.url}/ui/stream?user=U2&channel=C2&tz=UTC`);
    expect((await feed.next()).data.modal.html).toContain("Details");

    expect(await (await postPage("/ui/reload", { userId: "U1" })).json()).toEqual({ ok: true });
    expect(standin.openViews("U2")).toEqual([]);
    expect(await feed.next()).toMatchObject({ event: "modal", data: null });
    feed.close();
  });
});

describe("Simulate a new invitation", () => {
  it("calls the preview's hook and passes on what it says", async () => {
    const answer = await postPage("/ui/simulate", { userId: "U1" });
    expect(await answer.json()).toEqual({ ok: true, notice: "Acme sent a new invitation." });
    expect(simulated).toBe(1);
  });
});

describe("Simulate AWS asking for action", () => {
  it("calls the preview's hook and passes on what it says", async () => {
    const answer = await postPage("/ui/simulate-action", { userId: "U1" });
    expect(await answer.json()).toEqual({ ok: true, notice: "AWS asks for action on O1234567." });
  });
});
