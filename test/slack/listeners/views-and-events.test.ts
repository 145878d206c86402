import { describe, expect, it } from "vitest";
import { homeOpened } from "../../../src/slack/events/home-opened.ts";
import { unknownViewSubmission } from "../../../src/slack/views/unknown.ts";
import { GROUP_MEMBER, VIEWER } from "../../helpers/harness.ts";
import {
  approverGroupAnswers,
  buildHomeOpenedArgs,
  buildViewSubmitArgs,
  fakeAck,
  fakeClient,
  sharedListenerWorld,
} from "../../helpers/listener.ts";

const shared = sharedListenerWorld();

describe("a form no listener handles", () => {
  it("is acknowledged with the modal saying nothing was done, and nothing else", async () => {
    const ack = fakeAck();
    const { client, calls } = fakeClient();
    await unknownViewSubmission(
      buildViewSubmitArgs({
        ack,
        client,
        callbackId: "from_an_older_version",
        privateMetadata: "",
        values: {},
      }),
    );
    expect(ack).toHaveBeenCalledOnce();
    expect(ack).toHaveBeenCalledWith({
      response_action: "update",
      view: expect.objectContaining({ type: "modal" }),
    });
    expect(JSON.stringify(ack.mock.calls[0])).toContain("This form is not one this app knows");
    expect(calls).toEqual([]);
  });
});

describe("opening the App Home", () => {
  it("publishes at once, then again once Partner Central has answered, and once while that is fresh", async () => {
    const first = fakeClient(approverGroupAnswers);
    shared.world.emulator.resetCalls();
    await homeOpened(shared.world.deps)(buildHomeOpenedArgs({ client: first.client, userId: GROUP_MEMBER }));
    const published = first.callsTo("views.publish");
    expect(published).toHaveLength(2);
    expect(JSON.stringify(published[0])).not.toContain("engi-");
    expect(JSON.stringify(published[1])).toContain("engi-");
    expect(shared.world.emulator.calls.length).toBeGreaterThan(0);

    const again = fakeClient(approverGroupAnswers);
    shared.world.emulator.resetCalls();
    await homeOpened(shared.world.deps)(buildHomeOpenedArgs({ client: again.client, userId: VIEWER }));
    expect(again.callsTo("views.publish")).toEqual([expect.objectContaining({ user_id: VIEWER })]);
    expect(shared.world.emulator.calls).toEqual([]);
  });
});
