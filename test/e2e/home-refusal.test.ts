import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StandinView } from "../../dev/slack-standin/index.ts";
import { ACTION } from "../../src/slack/ids.ts";
import { APPROVER, BOT_TOKEN, type Harness, startHarness, VIEWER } from "../helpers/harness.ts";
import { findButton, findMenuOption } from "../helpers/slack.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The user's Home once it lists invitations (a row's Details option shows they are listed). */
async function homeWithRows(userId: string): Promise<StandinView> {
  await h.standin.openHome(userId);
  return h.standin.waitFor(() => {
    const view = h.standin.homeView(userId);
    return view && findMenuOption({ blocks: view.view.blocks }, ACTION.details) ? view : undefined;
  }, 15_000);
}

/** Messages the app wrote to the user in its direct message with them. */
const directMessages = (userId: string) => h.standin.messages(userId).map((m) => m.text);

describe("a colleague who may not approve, in the App Home", () => {
  it("sees no decisions, only who may make them", async () => {
    const home = await homeWithRows(VIEWER);
    const blocks = { blocks: home.view.blocks };
    expect(findButton(blocks, ACTION.accept)).toBeUndefined();
    expect(findButton(blocks, ACTION.reject)).toBeUndefined();
    expect(JSON.stringify(home.view.blocks)).toContain(`<@${APPROVER}>`);
  });

  // A Home published while they still could decide: Slack keeps showing it until the app publishes again.
  it.each([
    [ACTION.accept, "can accept"],
    [ACTION.reject, "can reject"],
  ])(
    "is told who may when choosing %s on a Home from before, and nothing changes",
    async (actionId, refusal) => {
      const approvers = await homeWithRows(APPROVER);
      const slack = new WebClient(BOT_TOKEN, { slackApiUrl: h.standin.apiUrl });
      const published = await slack.views.publish({
        user_id: VIEWER,
        view: { type: "home", blocks: approvers.view.blocks },
      });
      const home = { id: published.view?.id ?? "" };
      const blocks = { blocks: approvers.view.blocks };
      h.emulator.resetCalls();
      const button = findButton(blocks, actionId);
      const option = button ? undefined : findMenuOption(blocks, actionId);
      await h.standin.clickButton({
        userId: VIEWER,
        viewId: home.id,
        ...(button
          ? { actionId, value: button.value }
          : { actionId: ACTION.more, blockId: option?.blockId, value: option?.value }),
      });
      const told = await h.standin.waitFor(
        () => directMessages(VIEWER).find((text) => text.includes(refusal)),
        10_000,
      );
      expect(told).toContain(`<@${APPROVER}>`);
      expect(h.standin.openViews(VIEWER)).toHaveLength(0);
      expect(h.emulator.calls.filter((c) => !c.operation.startsWith("List"))).toEqual([]);
    },
  );
});
