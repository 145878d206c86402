import type { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { actorOf, replyToActor } from "../../src/slack/reply.ts";

/** The two Web API methods a reply may use, recorded. */
function recordingClient() {
  const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
  const record = (method: string) => async (args: Record<string, unknown>) => {
    calls.push({ method, args });
    return { ok: true };
  };
  const client = {
    chat: { postEphemeral: record("chat.postEphemeral"), postMessage: record("chat.postMessage") },
  };
  return { client: client as unknown as WebClient, calls };
}

describe("actorOf", () => {
  it("reads who acted and where from every kind of payload", () => {
    const command = {
      user_id: "U1",
      channel_id: "C1",
      response_url: "https://hooks.slack.com/commands/1",
    };
    expect(actorOf(command)).toEqual({ userId: "U1", channelId: "C1", responseUrl: command.response_url });
    const click = {
      user: { id: "U1" },
      channel: { id: "C1" },
      response_url: "https://hooks.slack.com/actions/1",
    };
    expect(actorOf(click)).toEqual({ userId: "U1", channelId: "C1", responseUrl: click.response_url });
    expect(actorOf({ user: { id: "U1" }, container: { type: "view", view_id: "V1" } })).toEqual({
      userId: "U1",
    });
    expect(actorOf({ type: "view_submission", user: { id: "U1" }, view: {} })).toEqual({ userId: "U1" });
    expect(
      actorOf({ type: "event_callback", event: { type: "app_home_opened", user: "U1" } }),
    ).toBeUndefined();
    expect(actorOf(undefined)).toBeUndefined();
  });
});

describe("replyToActor", () => {
  it("answers in the channel, seen by the actor alone, when Slack gave no response URL", async () => {
    const { client, calls } = recordingClient();
    await replyToActor(client, { userId: "U1", channelId: "C1" }, { text: "Only you see this." });
    expect(calls).toEqual([
      { method: "chat.postEphemeral", args: { channel: "C1", user: "U1", text: "Only you see this." } },
    ]);
  });

  it("answers in the app's direct message from the App Home or a modal", async () => {
    const { client, calls } = recordingClient();
    const blocks = [{ type: "section" as const, text: { type: "mrkdwn" as const, text: "Hello" } }];
    await replyToActor(client, { userId: "U1" }, { text: "Hello", blocks });
    expect(calls).toEqual([{ method: "chat.postMessage", args: { channel: "U1", text: "Hello", blocks } }]);
  });
});
