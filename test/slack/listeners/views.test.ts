import { describe, expect, it } from "vitest";
import { unknownViewSubmission } from "../../../src/slack/views/unknown.ts";
import { buildViewSubmitArgs, fakeAck, fakeClient } from "../../helpers/listener.ts";

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
