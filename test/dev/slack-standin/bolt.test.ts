import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  App,
  type BlockAction,
  type ButtonAction,
  LogLevel,
  type SlashCommand,
  type ViewOutput,
} from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SlackStandin, signSlackRequest, startSlackStandin } from "../../../dev/slack-standin/index.ts";

const SIGNING_SECRET = "bolt-test-secret";
const BOT_TOKEN = "xoxb-bolt-test";
let standin: SlackStandin;
let app: App | undefined;

beforeEach(async () => {
  standin = await startSlackStandin({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    users: [
      { id: "U1", name: "alice", realName: "Alice Approver" },
      { id: "U2", name: "bob", realName: "Bob Viewer" },
    ],
    channels: [{ id: "C1", name: "partner-ops", botIsMember: true }],
  });
});

afterEach(async () => {
  await app?.stop();
  app = undefined;
  await standin.close();
});

/** A real Bolt app on a random port, talking to the stand-in for both directions. */
async function startApp(register: (app: App) => void): Promise<App> {
  const bolt = new App({
    signingSecret: SIGNING_SECRET,
    token: BOT_TOKEN,
    clientOptions: { slackApiUrl: standin.apiUrl },
    logLevel: LogLevel.ERROR,
  });
  register(bolt);
  const server = (await bolt.start({ port: 0, host: "127.0.0.1" })) as Server;
  standin.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  app = bolt;
  return bolt;
}

const decisionBlocks = [
  { type: "section", text: { type: "mrkdwn", text: "*Acme* invited you to connect" } },
  {
    type: "actions",
    block_id: "inv-1",
    elements: [
      {
        type: "button",
        action_id: "accept",
        value: "inv-1",
        style: "primary",
        text: { type: "plain_text", text: "Accept" },
      },
      { type: "button", action_id: "reject", value: "inv-1", text: { type: "plain_text", text: "Reject" } },
    ],
  },
];

describe("with a real Bolt app", () => {
  it("delivers a slash command and shows respond() as an ephemeral message for the caller", async () => {
    let received: SlashCommand | undefined;
    await startApp((bolt) =>
      bolt.command("/partnercentral", async ({ command, ack, respond }) => {
        received = command;
        await ack();
        await respond({ text: `Hi <@${command.user_id}>, you asked for *${command.text}*` });
      }),
    );
    const result = await standin.slashCommand({ text: "list", userId: "U1", channelId: "C1" });
    expect(result.status).toBe(200);
    const reply = await standin.waitFor(() => standin.messages("C1")[0]);
    expect(reply).toMatchObject({
      ephemeralFor: "U1",
      text: "Hi <@U1>, you asked for *list*",
      responseUrl: result.responseUrl,
    });
    expect(received).toMatchObject({
      command: "/partnercentral",
      text: "list",
      user_id: "U1",
      user_name: "alice",
      channel_id: "C1",
      channel_name: "partner-ops",
      team_id: "T0STANDIN",
      response_url: result.responseUrl,
    });
    expect(received?.trigger_id).toBeTruthy();
    expect(standin.callsTo("response_url")).toHaveLength(1);
  });

  it("shows an ack() body to the caller and echoes the command above an in_channel response", async () => {
    await startApp((bolt) =>
      bolt.command("/partnercentral", async ({ ack, respond }) => {
        await ack({ text: "Fetching invitations…" });
        await respond({ response_type: "in_channel", text: "3 invitations expire this week" });
      }),
    );
    await standin.slashCommand({ text: "digest now", userId: "U2", channelId: "C1" });
    const messages = await standin.waitFor(() => {
      const all = standin.messages("C1");
      return all.length === 3 && all;
    });
    expect(messages.map((m) => [m.userId, m.text, m.ephemeralFor])).toEqual([
      ["U0STANDINBOT", "Fetching invitations…", "U2"],
      ["U2", "/partnercentral digest now", undefined],
      ["U0STANDINBOT", "3 invitations expire this week", undefined],
    ]);
  });

  it("tells the user when the app cannot be reached, as Slack does", async () => {
    standin.setAppUrl("http://127.0.0.1:9");
    const result = await standin.slashCommand({ text: "list", userId: "U1", channelId: "C1" });
    expect(result).toMatchObject({ status: 0, body: "dispatch_failed" });
    expect(standin.messages("C1")[0]).toMatchObject({
      userId: "USLACKBOT",
      ephemeralFor: "U1",
      text: '/partnercentral failed with the error "dispatch_failed"',
    });
  });

  it("delivers a button click with the stored message and applies replace_original", async () => {
    let received: BlockAction<ButtonAction> | undefined;
    const bolt = await startApp((b) =>
      b.action<BlockAction<ButtonAction>>("accept", async ({ ack, body, respond }) => {
        received = body;
        await ack();
        await respond({ replace_original: true, text: "Accepted by <@U1>" });
      }),
    );
    const posted = await bolt.client.chat.postMessage({
      channel: "C1",
      text: "Invitation",
      blocks: decisionBlocks,
    });
    const result = await standin.clickButton({
      userId: "U1",
      channelId: "C1",
      messageTs: posted.ts ?? "",
      actionId: "accept",
    });
    expect(result.status).toBe(200);
    expect(received?.actions[0]).toMatchObject({
      action_id: "accept",
      block_id: "inv-1",
      value: "inv-1",
      type: "button",
    });
    expect(received?.container).toMatchObject({
      type: "message",
      message_ts: posted.ts,
      channel_id: "C1",
      is_ephemeral: false,
    });
    expect(received?.message?.ts).toBe(posted.ts);
    expect(received?.message?.blocks).toEqual(standin.message("C1", posted.ts ?? "")?.blocks);
    expect(received?.user).toMatchObject({ id: "U1", username: "alice" });
    const replaced = await standin.waitFor(() => {
      const m = standin.message("C1", posted.ts ?? "");
      return m?.text === "Accepted by <@U1>" && m;
    });
    expect(replaced.blocks).toEqual([]);
    expect(replaced.ephemeralFor).toBeUndefined();
  });

  it("leaves the message out of clicks on ephemeral messages, and can replace them", async () => {
    let received: BlockAction<ButtonAction> | undefined;
    const bolt = await startApp((b) =>
      b.action<BlockAction<ButtonAction>>("reject", async ({ ack, body, respond }) => {
        received = body;
        await ack();
        await respond({ replace_original: true, text: "Rejected" });
      }),
    );
    const posted = await bolt.client.chat.postEphemeral({
      channel: "C1",
      user: "U2",
      text: "x",
      blocks: decisionBlocks,
    });
    const ts = posted.message_ts ?? "";
    await expect(
      standin.clickButton({ userId: "U1", channelId: "C1", messageTs: ts, actionId: "reject" }),
    ).rejects.toThrow(/visible to U1/);
    await standin.clickButton({ userId: "U2", channelId: "C1", actionId: "reject" });
    expect(received?.container).toMatchObject({ is_ephemeral: true, message_ts: ts });
    expect(received?.message).toBeUndefined();
    await standin.waitFor(() => standin.message("C1", ts)?.text === "Rejected");
  });

  it("opens a modal from a command and returns the app's inline validation errors", async () => {
    const submissions: ViewOutput[] = [];
    await startApp((bolt) => {
      bolt.command("/partnercentral", async ({ ack, command, client }) => {
        await ack();
        await client.views.open({
          trigger_id: command.trigger_id,
          view: {
            type: "modal",
            callback_id: "reject_reason",
            private_metadata: "inv-1",
            title: { type: "plain_text", text: "Reject invitation" },
            submit: { type: "plain_text", text: "Reject" },
            blocks: [
              {
                type: "input",
                block_id: "reason",
                label: { type: "plain_text", text: "Reason" },
                element: { type: "plain_text_input", action_id: "reason_input", multiline: true },
              },
            ],
          },
        });
      });
      bolt.view("reject_reason", async ({ ack, view }) => {
        submissions.push(view);
        const reason = view.state.values.reason?.reason_input?.value ?? "";
        if (reason.length < 5)
          await ack({ response_action: "errors", errors: { reason: "Tell the partner why" } });
        else await ack();
      });
    });
    await standin.slashCommand({ text: "reject inv-1", userId: "U1", channelId: "C1" });
    const [modal] = await standin.waitFor(
      () => standin.openViews("U1").length === 1 && standin.openViews("U1"),
    );
    expect(modal?.view).toMatchObject({
      callback_id: "reject_reason",
      private_metadata: "inv-1",
      type: "modal",
    });

    const rejected = await standin.submitView({
      userId: "U1",
      viewId: modal?.id ?? "",
      values: { reason: { reason_input: "no" } },
    });
    expect(rejected.status).toBe(200);
    expect(JSON.parse(rejected.body)).toEqual({
      response_action: "errors",
      errors: { reason: "Tell the partner why" },
    });
    expect(standin.openViews("U1")[0]?.errors).toEqual({ reason: "Tell the partner why" });
    expect(submissions[0]?.state.values).toEqual({
      reason: { reason_input: { type: "plain_text_input", value: "no" } },
    });

    const accepted = await standin.submitView({
      userId: "U1",
      viewId: modal?.id ?? "",
      values: { reason: { reason_input: "Outside our region" } },
    });
    expect(accepted.status).toBe(200);
    expect(standin.openViews("U1")).toEqual([]);
  });

  it("sends app_home_opened and stores the published home view", async () => {
    await startApp((bolt) =>
      bolt.event("app_home_opened", async ({ event, client }) => {
        await client.views.publish({
          user_id: event.user,
          view: {
            type: "home",
            blocks: [{ type: "header", text: { type: "plain_text", text: "Invitations" } }],
          },
        });
      }),
    );
    const result = await standin.openHome("U2");
    expect(result.status).toBe(200);
    const home = await standin.waitFor(() => standin.homeView("U2"));
    expect(home.view.blocks[0]).toMatchObject({ type: "header" });
  });

  it("is answered 401 by Bolt for a bad signature or a stale timestamp", async () => {
    await startApp((bolt) => bolt.command("/partnercentral", async ({ ack }) => ack()));
    const body = new URLSearchParams({
      command: "/partnercentral",
      text: "",
      user_id: "U1",
      channel_id: "C1",
    }).toString();
    const form = "application/x-www-form-urlencoded";
    const now = Math.floor(Date.now() / 1000);
    expect((await standin.sendSigned(body, form)).status).toBe(200);
    expect((await standin.sendSigned(body, form, { signature: "v0=0000" })).status).toBe(401);
    const stale = now - 6 * 60;
    const staleResult = await standin.sendSigned(body, form, {
      timestamp: stale,
      signature: signSlackRequest(SIGNING_SECRET, stale, body),
    });
    expect(staleResult.status).toBe(401);
  });
});
