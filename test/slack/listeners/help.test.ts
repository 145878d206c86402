import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommandAction } from "../../../src/slack/actions/run-command.ts";
import { ACTION } from "../../../src/slack/ids.ts";
import {
  buildButtonArgs,
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

/** Presses a help button whose value is `value` (as the tagged answer carries it) and returns the answer. */
async function press(value: string) {
  const ack = fakeAck();
  const { client, calls } = fakeClient();
  const before = responses.answers.length;
  await runCommandAction(world.deps)(
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
