import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StandinView } from "../../dev/slack-standin/index.js";
import { ACTION } from "../../src/slack/ids.js";
import { APPROVER, type Harness, startHarness, VIEWER } from "../helpers/harness.js";
import { findButton } from "../helpers/slack.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The user's Home once it lists invitations with their buttons. */
async function homeWithButtons(userId: string): Promise<StandinView> {
  await h.standin.openHome(userId);
  return h.standin.waitFor(() => {
    const view = h.standin.homeView(userId);
    return view && findButton({ blocks: view.view.blocks }, ACTION.accept) ? view : undefined;
  }, 15_000);
}

/** Messages the app wrote to the user in its direct message with them. */
const directMessages = (userId: string) => h.standin.messages(userId).map((m) => m.text);

describe("a colleague who may not approve, in the App Home", () => {
  it.each([
    [ACTION.accept, "can accept"],
    [ACTION.reject, "can reject"],
  ])("is told who may when pressing %s, and nothing changes", async (actionId, refusal) => {
    const home = await homeWithButtons(VIEWER);
    const button = findButton({ blocks: home.view.blocks }, actionId);
    h.emulator.resetCalls();
    await h.standin.clickButton({ userId: VIEWER, viewId: home.id, actionId, value: button?.value });
    const told = await h.standin.waitFor(
      () => directMessages(VIEWER).find((text) => text.includes(refusal)),
      10_000,
    );
    expect(told).toContain(`<@${APPROVER}>`);
    expect(h.standin.openViews(VIEWER)).toHaveLength(0);
    expect(h.emulator.calls.filter((c) => !c.operation.startsWith("List"))).toEqual([]);
  });
});
