import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Button } from "@slack/types";
import { type Logger, LogLevel, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SlackStandin, signSlackRequest, startSlackStandin } from "../../../dev/slack-standin/index.ts";
import { openFeed } from "./sse.ts";

const SECRET = "dispatch-secret";
const TOKEN = "xoxb-dispatch";
const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

interface Received {
  headers: IncomingMessage["headers"];
  raw: string;
  /** Form fields, or the parsed `payload` field, or the JSON body. */
  body: Record<string, unknown>;
}

/** A stand-in for the app: records what Slack sends and answers with `reply`. */
let received: Received[];
let reply: (r: Received) => { status?: number; body?: string; delayMs?: number };
let appServer: Server;
let standin: SlackStandin;
let client: WebClient;

beforeEach(async () => {
  received = [];
  reply = () => ({});
  appServer = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: Record<string, unknown>;
    if ((req.headers["content-type"] ?? "").includes("json")) body = JSON.parse(raw);
    else {
      const form = Object.fromEntries(new URLSearchParams(raw));
      body = form.payload ? JSON.parse(form.payload) : form;
    }
    const entry = { headers: req.headers, raw, body };
    received.push(entry);
    const answer = reply(entry);
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    res.writeHead(answer.status ?? 200, { "Content-Type": "application/json" });
    res.end(answer.body ?? "");
  });
  await new Promise<void>((resolve) => appServer.listen(0, "127.0.0.1", resolve));
  standin = await startSlackStandin({
    signingSecret: SECRET,
    botToken: TOKEN,
    appUrl: `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`,
    users: [
      { id: "U1", name: "alice", realName: "Alice Approver" },
      { id: "U2", name: "bob", realName: "Bob Viewer" },
    ],
    channels: [
      { id: "C1", name: "partner-ops", botIsMember: true },
      { id: "G1", name: "deal-desk", isPrivate: true },
    ],
    preview: { userIds: ["U1", "U2"] },
  });
  client = new WebClient(TOKEN, { slackApiUrl: standin.apiUrl, logger: quiet, retryConfig: { retries: 0 } });
});

afterEach(async () => {
  await standin.close();
  await new Promise((resolve) => {
    appServer.close(resolve);
    appServer.closeAllConnections();
  });
});

const last = () => {
  const entry = received.at(-1);
  if (!entry) throw new Error("the app received nothing");
  return entry;
};

const postJson = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

const button = (actionId: string, extra: Partial<Button> = {}): Button => ({
  type: "button",
  action_id: actionId,
  text: { type: "plain_text", text: actionId },
  ...extra,
});

describe("requests to the app", () => {
  it("signs slash commands as Slack does and sends every command field", async () => {
    const result = await standin.slashCommand({ text: "list pending", userId: "U1", channelId: "C1" });
    const { headers, raw, body } = last();
    const timestamp = Number(headers["x-slack-request-timestamp"]);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(5);
    expect(headers["x-slack-signature"]).toBe(signSlackRequest(SECRET, timestamp, raw));
    expect(headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(body).toMatchObject({
      token: expect.any(String),
      team_id: "T0STANDIN",
      team_domain: expect.any(String),
      channel_id: "C1",
      channel_name: "partner-ops",
      user_id: "U1",
      user_name: "alice",
      command: "/partnercentral",
      text: "list pending",
      api_app_id: expect.any(String),
      is_enterprise_install: "false",
      response_url: result.responseUrl,
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]+$/),
    });
  });

  it("reports operation_timeout when the app takes longer than three seconds", {
    timeout: 10_000,
  }, async () => {
    reply = () => ({ delayMs: 3_300 });
    const result = await standin.slashCommand({ text: "slow", userId: "U1", channelId: "C1" });
    expect(result).toMatchObject({ status: 0, body: "operation_timeout" });
    expect(standin.messages("C1")[0]?.text).toBe('/partnercentral failed with the error "operation_timeout"');
  });

  it("sends app_home_opened as a signed event_callback, with the home view once there is one", async () => {
    await standin.openHome("U2");
    expect(last().headers["content-type"]).toBe("application/json");
    expect(last().body).toMatchObject({
      type: "event_callback",
      team_id: "T0STANDIN",
      event: { type: "app_home_opened", user: "U2", tab: "home", channel: expect.stringMatching(/^D/) },
    });
    expect((last().body.event as Record<string, unknown>).view).toBeUndefined();
    await client.views.publish({ user_id: "U2", view: { type: "home", blocks: [] } });
    await standin.openHome("U2");
    expect((last().body.event as Record<string, unknown>).view).toMatchObject({
      type: "home",
      id: expect.any(String),
    });
  });
  it("adds the app to a channel someone invites it to, and sends member_joined_channel", async () => {
    const post = { channel: "G1", text: "hello" };
    await expect(client.chat.postMessage(post)).rejects.toThrow("channel_not_found");
    await standin.inviteBot("G1", "U2");
    expect(last().body).toMatchObject({
      type: "event_callback",
      event: {
        type: "member_joined_channel",
        user: "U0STANDINBOT",
        channel: "G1",
        channel_type: "G",
        inviter: "U2",
      },
    });
    expect((await client.chat.postMessage(post)).ok).toBe(true);
  });
});

describe("response URLs", () => {
  it("posts ephemeral by default and in_channel on request, echoing the command once", async () => {
    const { responseUrl } = await standin.slashCommand({ text: "digest now", userId: "U2", channelId: "C1" });
    expect((await postJson(responseUrl, { text: "only Bob sees this" })).status).toBe(200);
    expect(
      await (await postJson(responseUrl, { response_type: "in_channel", text: "everyone sees this" })).json(),
    ).toEqual({
      ok: true,
    });
    await postJson(responseUrl, { response_type: "in_channel", text: "and this" });
    expect(standin.messages("C1").map((m) => [m.userId, m.text, m.ephemeralFor ?? null])).toEqual([
      ["U0STANDINBOT", "only Bob sees this", "U2"],
      ["U2", "/partnercentral digest now", null],
      ["U0STANDINBOT", "everyone sees this", null],
      ["U0STANDINBOT", "and this", null],
    ]);
    expect(standin.callsTo("response_url").map((c) => c.args.text)).toEqual([
      "only Bob sees this",
      "everyone sees this",
      "and this",
    ]);
  });

  it("can be used five times, and refuses unknown URLs and empty messages", async () => {
    const { responseUrl } = await standin.slashCommand({ text: "", userId: "U1", channelId: "C1" });
    expect((await postJson(responseUrl, {})).status).toBe(400);
    for (let i = 0; i < 5; i++) expect((await postJson(responseUrl, { text: `#${i}` })).status).toBe(200);
    const sixth = await postJson(responseUrl, { text: "too many" });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toMatchObject({ ok: false, error: "used_url" });
    expect((await postJson(`${standin.url}/response/000000`, { text: "x" })).status).toBe(404);
  });

  it("replaces the answer a slash command's response URL posted last", async () => {
    const { responseUrl } = await standin.slashCommand({ text: "", userId: "U1", channelId: "C1" });
    await postJson(responseUrl, { text: "pending" });
    await postJson(responseUrl, { replace_original: true, text: "accepted elsewhere" });
    expect(standin.messages("C1").map((m) => [m.text, m.ephemeralFor])).toEqual([
      ["accepted elsewhere", "U1"],
    ]);
  });

  it("replaces or deletes the message a button was clicked in", async () => {
    const posted = await client.chat.postMessage({
      channel: "C1",
      text: "Invitation",
      blocks: [
        { type: "actions", block_id: "b", elements: [button("accept", { value: "inv-1" }), button("hide")] },
      ],
    });
    await standin.clickButton({
      userId: "U1",
      channelId: "C1",
      messageTs: posted.ts ?? "",
      actionId: "accept",
    });
    const click = last().body;
    expect(click).toMatchObject({
      type: "block_actions",
      user: { id: "U1", username: "alice" },
      container: { type: "message", message_ts: posted.ts, channel_id: "C1", is_ephemeral: false },
      channel: { id: "C1", name: "partner-ops" },
      message: { ts: posted.ts, text: "Invitation", bot_id: expect.any(String) },
      actions: [
        { action_id: "accept", block_id: "b", value: "inv-1", type: "button", text: { text: "accept" } },
      ],
      state: { values: {} },
    });
    await postJson(String(click.response_url), { replace_original: true, text: "Accepted" });
    expect(standin.message("C1", posted.ts ?? "")).toMatchObject({ text: "Accepted", blocks: [] });

    await client.chat.update({
      channel: "C1",
      ts: posted.ts ?? "",
      text: "again",
      blocks: [{ type: "actions", block_id: "b", elements: [button("hide")] }],
    });
    await standin.clickButton({ userId: "U2", channelId: "C1", actionId: "hide", value: "custom" });
    expect(last().body.actions).toMatchObject([{ action_id: "hide", value: "custom" }]);
    await postJson(String(last().body.response_url), { delete_original: true });
    expect(standin.messages("C1")).toEqual([]);
    await expect(standin.clickButton({ userId: "U1", channelId: "C1", actionId: "nope" })).rejects.toThrow(
      /nope/,
    );
  });
});

describe("modals", () => {
  const modal = (title: string, extra: Record<string, unknown> = {}) => ({
    type: "modal" as const,
    callback_id: "cb",
    title: { type: "plain_text" as const, text: title },
    submit: { type: "plain_text" as const, text: "Save" },
    blocks: [
      {
        type: "input",
        block_id: "note",
        label: { type: "plain_text", text: "Note" },
        element: { type: "plain_text_input", action_id: "v", initial_value: "draft" },
      },
      {
        type: "input",
        block_id: "kind",
        optional: true,
        label: { type: "plain_text", text: "Kind" },
        element: {
          type: "static_select",
          action_id: "v",
          options: [{ text: { type: "plain_text", text: "A" }, value: "a" }],
        },
      },
      {
        type: "input",
        block_id: "flags",
        optional: true,
        label: { type: "plain_text", text: "Flags" },
        element: {
          type: "checkboxes",
          action_id: "v",
          options: [
            { text: { type: "plain_text", text: "X" }, value: "x" },
            { text: { type: "plain_text", text: "Y" }, value: "y" },
          ],
        },
      },
    ],
    ...extra,
  });

  /** Opens a modal the way an app does: from a command's trigger. */
  async function openModal(userId: string, extra: Record<string, unknown> = {}) {
    await standin.slashCommand({ text: "open", userId, channelId: "C1" });
    const trigger = String(last().body.trigger_id);
    const opened = await client.views.open({ trigger_id: trigger, view: modal("First", extra) });
    return { id: opened.view?.id ?? "", trigger };
  }

  it("uses each trigger once", async () => {
    const { trigger } = await openModal("U1");
    await expect(client.views.open({ trigger_id: trigger, view: modal("Again") })).rejects.toMatchObject({
      data: { error: "exchanged_trigger_id" },
    });
  });

  it("submits state.values in Slack's shapes, untouched inputs included", async () => {
    const { id } = await openModal("U1");
    await standin.submitView({ userId: "U1", viewId: id, values: { flags: { v: ["y"] } } });
    expect(last().body).toMatchObject({
      type: "view_submission",
      response_urls: [],
      view: { id, callback_id: "cb" },
    });
    expect((last().body.view as { state: unknown }).state).toEqual({
      values: {
        note: { v: { type: "plain_text_input", value: "draft" } },
        kind: { v: { type: "static_select", selected_option: null } },
        flags: {
          v: {
            type: "checkboxes",
            selected_options: [{ text: { type: "plain_text", text: "Y" }, value: "y" }],
          },
        },
      },
    });
    // An empty answer closes the submitted view.
    expect(standin.openViews("U1")).toEqual([]);
    await expect(standin.submitView({ userId: "U1", viewId: id, values: {} })).rejects.toThrow(
      /not U1's open modal/,
    );
  });

  it("applies update, push and clear answers to the modal stack", async () => {
    const { id } = await openModal("U1");
    const hash = standin.openViews("U1")[0]?.view.hash;
    reply = () => ({ body: JSON.stringify({ response_action: "update", view: modal("Updated") }) });
    await standin.submitView({ userId: "U1", viewId: id, values: {} });
    const updated = standin.openViews("U1");
    expect(updated.map((v) => [v.id, (v.view.title as { text: string }).text])).toEqual([[id, "Updated"]]);
    expect(updated[0]?.view.hash).not.toBe(hash);

    reply = () => ({ body: JSON.stringify({ response_action: "push", view: modal("Pushed") }) });
    await standin.submitView({ userId: "U1", viewId: id, values: {} });
    const stack = standin.openViews("U1");
    expect(stack.map((v) => (v.view.title as { text: string }).text)).toEqual(["Updated", "Pushed"]);
    expect(stack[1]?.view.previous_view_id).toBe(id);

    reply = () => ({ body: JSON.stringify({ response_action: "clear" }) });
    await standin.submitView({ userId: "U1", viewId: stack[1]?.id ?? "", values: {} });
    expect(standin.openViews("U1")).toEqual([]);
  });

  it("sends view_closed when a notify_on_close modal is closed in the page", async () => {
    const { id } = await openModal("U2", { notify_on_close: true });
    const closed = await postJson(`${standin.url}/ui/close`, { userId: "U2", all: false });
    expect(await closed.json()).toEqual({ ok: true });
    expect(last().body).toMatchObject({
      type: "view_closed",
      is_cleared: false,
      view: { id },
      user: { id: "U2" },
    });
    expect(standin.openViews("U2")).toEqual([]);
  });
});

describe("the preview's server side", () => {
  it("serves the page with a strict CSP and shows each user only their ephemeral messages", async () => {
    const page = await fetch(`${standin.url}/`);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await page.text()).toContain("Preview — sample data");
    await client.chat.postEphemeral({ channel: "C1", user: "U2", text: "for Bob <script>" });
    const messages = async (user: string) => {
      const feed = await openFeed(`${standin.url}/ui/stream?user=${user}&channel=C1&tz=UTC`);
      const { event, data } = await feed.next();
      feed.close();
      expect(event).toBe("state");
      return data.messages as string;
    };
    expect(await messages("U2")).toContain("for Bob &lt;script&gt;");
    expect(await messages("U1")).not.toContain("for Bob");
  });

  it("stores typed messages as the acting user, escaped as Slack escapes them", async () => {
    await postJson(`${standin.url}/ui/command`, { userId: "U2", channelId: "C1", text: "hello <@U1> & co" });
    expect(standin.messages("C1")[0]).toMatchObject({ userId: "U2", text: "hello &lt;@U1&gt; &amp; co" });
    await postJson(`${standin.url}/ui/command`, { userId: "U2", channelId: "C1", text: "/giphy cats" });
    expect(standin.messages("C1")[1]).toMatchObject({ userId: "USLACKBOT", ephemeralFor: "U2" });
    expect(received).toEqual([]);
  });

  it("adds the app to the channel when the page types /invite @Partner Central there", async () => {
    const answer = await postJson(`${standin.url}/ui/command`, {
      userId: "U1",
      channelId: "G1",
      text: "/invite @Partner Central",
    });
    expect(await answer.json()).toEqual({ ok: true, notice: "Partner Central was added to the channel." });
    expect(received.map((r) => (r.body.event as { type?: string } | undefined)?.type)).toEqual([
      "member_joined_channel",
    ]);
    expect((await client.chat.postMessage({ channel: "G1", text: "now a member" })).ok).toBe(true);
  });

  it("refuses page requests from other sites", async () => {
    const forged = await fetch(`${standin.url}/ui/command`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
      body: JSON.stringify({ userId: "U1", channelId: "C1", text: "/partnercentral accept all" }),
    });
    expect(forged.status).toBe(403);
    const form = await fetch(`${standin.url}/ui/command`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ userId: "U1", channelId: "C1", text: "x" }),
    });
    expect(form.status).toBe(403);
    expect(received).toEqual([]);
  });
});
