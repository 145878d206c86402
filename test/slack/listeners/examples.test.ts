import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLinkAction } from "../../../src/slack/actions/open-link.ts";
import { runCommandAction } from "../../../src/slack/actions/run-command.ts";
import { UNKNOWN_BUTTON, unknownAction } from "../../../src/slack/actions/unknown.ts";
import { clicked } from "../../../src/slack/clicks.ts";
import { partnerCentralCommand } from "../../../src/slack/commands/partnercentral.ts";
import { homeOpened } from "../../../src/slack/events/home-opened.ts";
import { ACTION } from "../../../src/slack/ids.ts";
import { APPROVER, VIEWER } from "../../helpers/harness.ts";
import {
  buildButtonArgs,
  buildCommandArgs,
  buildHomeOpenedArgs,
  buildOverflowArgs,
  fakeAck,
  fakeClient,
  type ListenerWorld,
  listenerWorld,
  responseCatcher,
} from "../../helpers/listener.ts";

let world: ListenerWorld;
let responses: Awaited<ReturnType<typeof responseCatcher>>;

beforeAll(async () => {
  world = await listenerWorld();
  responses = await responseCatcher();
});
afterAll(async () => {
  await responses.close();
  await world.close();
});

describe("listeners called with their own ack, client and body", () => {
  it("acknowledges a link button and does nothing else", async () => {
    const ack = fakeAck();
    const { client, calls } = fakeClient();
    await openLinkAction(
      buildButtonArgs({ ack, client, actionId: "open_partner_central", value: "x", place: { kind: "home" } }),
    );
    expect(ack).toHaveBeenCalledOnce();
    expect(calls).toEqual([]);
  });

  it("answers an unknown action in the App Home with a direct message saying nothing was done", async () => {
    const ack = fakeAck();
    const { client, callsTo } = fakeClient();
    await unknownAction(
      buildOverflowArgs({
        ack,
        client,
        actionId: "from_an_older_version",
        value: "v",
        place: { kind: "home" },
      }),
    );
    expect(ack).toHaveBeenCalledOnce();
    expect(callsTo("chat.postMessage")).toEqual([
      expect.objectContaining({ channel: APPROVER, text: UNKNOWN_BUTTON }),
    ]);
  });

  it("answers a slash command through its response URL", async () => {
    const ack = fakeAck();
    const { client } = fakeClient();
    const before = responses.answers.length;
    await partnerCentralCommand(world.deps)(
      buildCommandArgs({ ack, client, text: "help", responseUrl: responses.url }),
    );
    expect(ack).toHaveBeenCalledOnce();
    expect(responses.answers.slice(before)).toEqual([
      expect.objectContaining({
        response_type: "ephemeral",
        text: expect.stringContaining("/partnercentral"),
      }),
    ]);
  });

  it("publishes the Home tab of whoever opened it, and nothing for the Messages tab", async () => {
    const { client, callsTo } = fakeClient();
    await homeOpened(world.deps)(buildHomeOpenedArgs({ client, userId: VIEWER, tab: "messages" }));
    expect(callsTo("views.publish")).toEqual([]);
    await homeOpened(world.deps)(buildHomeOpenedArgs({ client, userId: VIEWER }));
    expect(callsTo("views.publish")[0]).toEqual(
      expect.objectContaining({ user_id: VIEWER, view: expect.objectContaining({ type: "home" }) }),
    );
  });
});

/** Presses a help button whose value is `value` (as the tagged answer carries it) and returns the answer. */
async function press(value: string) {
  const ack = fakeAck();
  const { client, calls } = fakeClient();
  const before = responses.answers.length;
  await clicked(runCommandAction(world.deps))(
    buildButtonArgs({
      ack,
      client,
      actionId: ACTION.runCommand,
      value,
      place: { kind: "ephemeral", responseUrl: responses.url },
    }),
  );
  expect(ack).toHaveBeenCalledOnce();
  expect(calls).toEqual([]);
  return responses.answers.slice(before);
}

describe("the help's buttons", () => {
  it("run their command for the clicker alone, below the help", async () => {
    const [answer] = await press("engagements|helpkey1");
    expect(answer).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(answer?.text)).toMatch(/^Engagement invitations · pending · received/);
  });

  it("show a topic of the help", async () => {
    const [answer] = await press("help digest");
    expect(String(answer?.text)).toMatch(/^\/partnercentral digest: This channel's digest/);
  });

  it("run nothing but the commands the help names, whatever a forged value says", async () => {
    world.emulator.resetCalls();
    const [answer] = await press("digest subscribe at=03:00");
    expect(String(answer?.text)).toContain("That button is not one this app made, so nothing was run.");
    expect(world.emulator.calls).toEqual([]);
    expect(await world.store.subscriptions.list()).toEqual([]);
  });
});
