import { ErrorCode, type Logger, LogLevel, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SlackStandin, startSlackStandin } from "../../../dev/slack-standin/index.ts";

const BOT_TOKEN = "xoxb-standin-test";
// The client logs every platform error the tests provoke on purpose.
const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};
let standin: SlackStandin;
let client: WebClient;

beforeEach(async () => {
  standin = await startSlackStandin({
    signingSecret: "test-secret",
    botToken: BOT_TOKEN,
    botUserId: "UBOT",
    now: () => new Date("2024-11-22T12:53:20Z"),
    users: [
      { id: "U1", name: "alice", realName: "Alice Approver", title: "Alliance lead", tz: "Europe/Berlin" },
      { id: "U2", name: "bob", realName: "Bob Viewer" },
    ],
    channels: [
      { id: "C1", name: "partner-ops", botIsMember: true },
      { id: "C2", name: "general" },
      { id: "G1", name: "secret-deals", isPrivate: true },
    ],
    usergroups: [{ id: "S1", handle: "pc-approvers", users: ["U1"] }],
  });
  // No retries unless a test asks for them, so a wrong answer fails fast.
  client = new WebClient(BOT_TOKEN, {
    slackApiUrl: standin.apiUrl,
    logger: quiet,
    retryConfig: { retries: 0 },
  });
});

afterEach(async () => {
  await standin.close();
});

const blocks = [
  { type: "section", text: { type: "mrkdwn", text: "*Invitation* from Acme" } },
  {
    type: "actions",
    block_id: "decide",
    elements: [{ type: "button", action_id: "accept", text: { type: "plain_text", text: "Accept" } }],
  },
];

describe("chat methods", () => {
  it("posts with increasing Slack-like ts values and records the call with blocks parsed", async () => {
    const first = await client.chat.postMessage({ channel: "C1", text: "fallback", blocks });
    const second = await client.chat.postMessage({ channel: "C1", text: "second" });
    expect(first.ok).toBe(true);
    expect(first.ts).toBe("1732280000.000100");
    expect(second.ts).toBe("1732280000.000200");
    expect(first.message?.bot_id).toBeTruthy();
    const call = standin.callsTo("chat.postMessage")[0];
    expect(call?.args.blocks).toEqual(blocks);
    expect(call?.args).not.toHaveProperty("token");
    const stored = standin.messages("C1");
    expect(stored.map((m) => m.text)).toEqual(["fallback", "second"]);
    expect(stored[0]?.userId).toBe("UBOT");
    // Slack gives blocks without a block_id one of their own.
    expect(stored[0]?.blocks[0]?.block_id).toMatch(/^\S{5}$/);
    expect(stored[0]?.blocks[1]?.block_id).toBe("decide");
  });

  it("updates and deletes the bot's messages, and refuses ephemeral ones", async () => {
    const posted = await client.chat.postMessage({ channel: "C1", text: "v1" });
    const updated = await client.chat.update({ channel: "C1", ts: posted.ts ?? "", text: "v2", blocks: [] });
    expect(updated.text).toBe("v2");
    const message = standin.message("C1", posted.ts ?? "");
    expect(message?.text).toBe("v2");
    expect(message?.updatedAt).toBeInstanceOf(Date);

    const ephemeral = await client.chat.postEphemeral({ channel: "C1", user: "U2", text: "just for Bob" });
    expect(ephemeral.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(standin.message("C1", ephemeral.message_ts ?? "")?.ephemeralFor).toBe("U2");
    await expect(
      client.chat.update({ channel: "C1", ts: ephemeral.message_ts ?? "", text: "x" }),
    ).rejects.toMatchObject({
      data: { error: "message_not_found" },
    });

    await client.chat.delete({ channel: "C1", ts: posted.ts ?? "" });
    expect(standin.message("C1", posted.ts ?? "")).toBeUndefined();
  });

  it("rejects blocks Slack would reject, with Slack's messages", async () => {
    const tooLong = [{ type: "header", text: { type: "plain_text", text: "x".repeat(151) } }];
    await expect(
      client.chat.postMessage({ channel: "C1", text: "t", blocks: tooLong }),
    ).rejects.toMatchObject({
      data: {
        error: "invalid_blocks",
        response_metadata: {
          messages: ["[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]"],
        },
      },
    });
    await expect(client.chat.postMessage({ channel: "C1", text: "" })).rejects.toMatchObject({
      data: { error: "no_text" },
    });
  });

  it("answers not_in_channel until the bot joins a public channel", async () => {
    await expect(client.chat.postMessage({ channel: "C2", text: "hi" })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: "not_in_channel" },
    });
    const joined = await client.conversations.join({ channel: "C2" });
    expect(joined.channel?.is_member).toBe(true);
    const again = await client.conversations.join({ channel: "C2" });
    expect(again.warning).toBe("already_in_channel");
    await client.chat.postMessage({ channel: "C2", text: "hi" });
    expect(standin.messages("C2")).toHaveLength(1);
  });

  it("cannot join private or unknown channels, and cannot see private ones it is not in", async () => {
    await expect(client.conversations.join({ channel: "G1" })).rejects.toMatchObject({
      data: { error: "method_not_supported_for_channel_type" },
    });
    await expect(client.conversations.join({ channel: "C404" })).rejects.toMatchObject({
      data: { error: "channel_not_found" },
    });
    await expect(client.conversations.info({ channel: "G1" })).rejects.toMatchObject({
      data: { error: "channel_not_found" },
    });
    await expect(client.chat.postMessage({ channel: "G1", text: "x" })).rejects.toMatchObject({
      data: { error: "channel_not_found" },
    });
    const info = await client.conversations.info({ channel: "C1" });
    expect(info.channel).toMatchObject({
      id: "C1",
      name: "partner-ops",
      is_channel: true,
      is_private: false,
      is_member: true,
    });
  });

  it("posts to a user ID in the bot's DM with that user", async () => {
    const posted = await client.chat.postMessage({ channel: "U1", text: "psst" });
    expect(posted.channel).toMatch(/^D/);
    expect(standin.messages("U1").map((m) => m.text)).toEqual(["psst"]);
    expect(standin.messages(posted.channel ?? "")).toHaveLength(1);
  });
});

describe("auth and faults", () => {
  it("answers auth.test for the bot token and invalid_auth for any other", async () => {
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: "UBOT", team_id: "T0STANDIN" });
    const stranger = new WebClient("xoxb-wrong", {
      slackApiUrl: standin.apiUrl,
      logger: quiet,
      retryConfig: { retries: 0 },
    });
    await expect(stranger.chat.postMessage({ channel: "C1", text: "x" })).rejects.toMatchObject({
      data: { error: "invalid_auth" },
    });
    expect(standin.messages("C1")).toHaveLength(0);
  });

  it("rate-limits with HTTP 429 and Retry-After, which the WebClient waits out before retrying", async () => {
    const patient = new WebClient(BOT_TOKEN, {
      slackApiUrl: standin.apiUrl,
      logger: quiet,
      retryConfig: { retries: 2, factor: 1, minTimeout: 0, maxTimeout: 0 },
    });
    standin.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    const started = Date.now();
    const posted = await patient.chat.postMessage({ channel: "C1", text: "eventually" });
    expect(posted.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(standin.callsTo("chat.postMessage")).toHaveLength(2);
    expect(standin.messages("C1")).toHaveLength(1);
  });

  it("rejects rate-limited calls when the client is told to", async () => {
    const strict = new WebClient(BOT_TOKEN, {
      slackApiUrl: standin.apiUrl,
      logger: quiet,
      rejectRateLimitedCalls: true,
    });
    standin.failNext("chat.postMessage", { status: 429, retryAfter: 7 });
    await expect(strict.chat.postMessage({ channel: "C1", text: "x" })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 7,
    });
  });

  it("injects Slack errors a given number of times", async () => {
    standin.failNext("chat.postMessage", { error: "channel_is_archived" }, 2);
    for (let i = 0; i < 2; i++) {
      await expect(client.chat.postMessage({ channel: "C1", text: "x" })).rejects.toMatchObject({
        data: { error: "channel_is_archived" },
      });
    }
    await client.chat.postMessage({ channel: "C1", text: "x" });
    expect(standin.messages("C1")).toHaveLength(1);
    expect(standin.callsTo("chat.postMessage")).toHaveLength(3);
  });

  it("waitFor polls until the probe holds and reports a timeout otherwise", async () => {
    setTimeout(() => void client.chat.postMessage({ channel: "C1", text: "later" }), 50);
    const message = await standin.waitFor(() => standin.messages("C1")[0]);
    expect(message.text).toBe("later");
    await expect(standin.waitFor(() => false, 100)).rejects.toThrow(/within 100 ms/);
  });
});

describe("users, groups and views", () => {
  it("reads users and usergroup members", async () => {
    const user = await client.users.info({ user: "U1" });
    expect(user.user).toMatchObject({
      id: "U1",
      name: "alice",
      real_name: "Alice Approver",
      tz: "Europe/Berlin",
    });
    expect(user.user?.profile?.title).toBe("Alliance lead");
    expect(user.user?.tz_offset).toBe(3600);
    await expect(client.users.info({ user: "U404" })).rejects.toMatchObject({
      data: { error: "user_not_found" },
    });
    const members = await client.usergroups.users.list({ usergroup: "S1" });
    expect(members.users).toEqual(["U1"]);
    await expect(client.usergroups.users.list({ usergroup: "S404" })).rejects.toMatchObject({
      data: { error: "no_such_subteam" },
    });
  });

  it("publishes a home view per user and updates it with hash checks", async () => {
    const view = {
      type: "home" as const,
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "Hi" } }],
    };
    const published = await client.views.publish({ user_id: "U1", view });
    const id = published.view?.id ?? "";
    expect(standin.homeView("U1")?.id).toBe(id);
    const republished = await client.views.publish({ user_id: "U1", view, hash: published.view?.hash });
    expect(republished.view?.id).toBe(id);
    expect(republished.view?.hash).not.toBe(published.view?.hash);
    await expect(
      client.views.update({ view_id: id, view, hash: published.view?.hash }),
    ).rejects.toMatchObject({
      data: { error: "hash_conflict" },
    });
    expect(standin.homeView("U2")).toBeUndefined();
  });

  it("needs a live trigger_id to open a modal", async () => {
    const modal = {
      type: "modal" as const,
      title: { type: "plain_text" as const, text: "Reject" },
      blocks: [],
    };
    await expect(client.views.open({ trigger_id: "made-up", view: modal })).rejects.toMatchObject({
      data: { error: "invalid_trigger_id" },
    });
    await expect(
      client.views.open({
        trigger_id: "x",
        view: { ...modal, title: { type: "plain_text", text: "x".repeat(25) } },
      }),
    ).rejects.toMatchObject({ data: { error: "invalid_arguments" } });
  });
});
