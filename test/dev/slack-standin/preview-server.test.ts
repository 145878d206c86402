import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackStandin, startSlackStandin } from "../../../dev/slack-standin/index.js";

let standin: SlackStandin;
let app: Server;
let healthy = true;

beforeAll(async () => {
  standin = await startSlackStandin({
    signingSecret: "secret",
    botToken: "xoxb-test",
    users: [{ id: "U1", name: "alice", realName: "Alice Approver" }],
    channels: [{ id: "C1", name: "partner-ops", botIsMember: true }],
    preview: { defaultChannelId: "C1" },
  });
  // The app: only its health route matters here.
  app = createServer((req, res) => {
    if (req.url !== "/healthz") return void res.writeHead(404).end();
    res.writeHead(healthy ? 200 : 503, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: healthy ? "ok" : "starting" }));
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
  });
});
