import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StandinMessage } from "../../dev/slack-standin/index.js";
import { ACTION } from "../../src/slack/ids.js";
import { APPROVER, CHANNEL, type Harness, startHarness } from "../helpers/harness.js";
import { findButton, findMenuOption, messageJson, runCommand, shownInvitationIds } from "../helpers/slack.js";

/** What people met in their first hour with the app, each driven through the real app. */
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ proxy: true, emulator: { taskCompletionMs: 50 } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.emulator.resetCalls();
});
afterEach(() => {
  h.proxy?.rewriteItems(undefined);
  h.proxy?.shortPages(undefined);
});

type Block = { type: string; block_id?: string; text?: { text?: string }; [key: string]: unknown };

const rowText = (message: { blocks: unknown[] }, ref: string) =>
  (message.blocks as Block[]).find((b) => b.block_id === `inv:${ref}`)?.text?.text ?? "";

describe("Details on a connection row", () => {
  it("opens the connection's details instead of refusing the button", async () => {
    const list = await runCommand(h.standin, "connections");
    const button = findButton(list, ACTION.connectionDetails);
    expect(button).toBeDefined();
    await h.standin.clickButton({
      userId: APPROVER,
      channelId: CHANNEL,
      messageTs: list.ts,
      actionId: ACTION.connectionDetails,
      value: button?.value,
    });
    const modal = await h.standin.waitFor(() => {
      const view = h.standin.openViews(APPROVER).at(-1);
      return view && JSON.stringify(view.view.blocks).includes("connection `pac-") ? view : undefined;
    });
    expect(JSON.stringify(modal.view.blocks)).toContain("View in Partner Central");
    expect(h.standin.messages(CHANNEL).some((m) => m.text.includes("not part of this message"))).toBe(false);
  });
});

describe("invitations whose optional fields AWS left out", () => {
  it("takes the status and role the request asked for, and offers no buttons on accepted or sent ones", async () => {
    h.proxy?.rewriteItems((item, operation) => {
      if (operation !== "ListEngagementInvitations") return;
      delete item.Status;
      delete item.ParticipantType;
    });
    const accepted = await runCommand(h.standin, "engagements status=accepted");
    expect(shownInvitationIds(accepted).length).toBeGreaterThan(0);
    expect(messageJson(accepted)).not.toContain("Pending");
    expect(messageJson(accepted)).toContain("Accepted");
    expect(findButton(accepted, ACTION.accept)).toBeUndefined();
    const sent = await runCommand(h.standin, "engagements role=sender status=pending");
    expect(shownInvitationIds(sent).length).toBeGreaterThan(0);
    expect(findButton(sent, ACTION.accept)).toBeUndefined();
    expect(findMenuOption(sent, ACTION.reject)).toBeUndefined();
    const mixed = await runCommand(h.standin, "engagements status=pending,accepted");
    expect(findButton(mixed, ACTION.accept)).toBeUndefined();
    expect(messageJson(mixed)).toContain("Status not given");
  });

  it("shows a participant type from a newer model as it is, without buttons", async () => {
    const invitation = h.emulator.addConnectionInvitation();
    h.proxy?.rewriteItems((item) => {
      if (item.Id === invitation.Id) item.ParticipantType = "OBSERVER";
    });
    const list = await runCommand(h.standin, "invitations");
    const ref = `connection:AWS:${invitation.Id}`;
    expect(rowText(list, ref)).toContain("OBSERVER");
    expect(findButton(list, ACTION.accept, ref)).toBeUndefined();
    expect(findMenuOption(list, ACTION.reject, ref)).toBeUndefined();
  });
});

describe("short AWS pages", () => {
  const rangeOf = (message: StandinMessage) => /· (\d+)–(\d+)/.exec(messageJson(message))?.slice(1, 3);

  async function turn(message: StandinMessage, actionId: string): Promise<StandinMessage> {
    const before = messageJson(h.standin.message(CHANNEL, message.ts) ?? message);
    await h.standin.clickButton({ userId: APPROVER, channelId: CHANNEL, messageTs: message.ts, actionId });
    return h.standin.waitFor(() => {
      const current = h.standin.message(CHANNEL, message.ts);
      return current && messageJson(current) !== before ? current : undefined;
    });
  }

  it("fills each page of ten from as many AWS pages as it takes, numbers what it showed, and goes back", async () => {
    const whole = await runCommand(h.standin, "engagements status=all");
    const expected = shownInvitationIds(whole);
    const second = shownInvitationIds(await turn(whole, ACTION.nextPage));
    h.proxy?.shortPages(3);
    const first = await runCommand(h.standin, "engagements status=all");
    expect(shownInvitationIds(first)).toEqual(expected);
    expect(rangeOf(first)).toEqual(["1", "10"]);
    const next = await turn(first, ACTION.nextPage);
    expect(shownInvitationIds(next)).toEqual(second);
    expect(rangeOf(next)).toEqual(["11", "20"]);
    const back = await turn(next, ACTION.previousPage);
    expect(shownInvitationIds(back)).toEqual(expected);
    expect(rangeOf(back)).toEqual(["1", "10"]);
    expect(findButton(back, ACTION.previousPage)).toBeUndefined();
  });

  it("goes on past an empty AWS page that has a token", async () => {
    h.proxy?.shortPages(4, { emptyFirst: true });
    const first = await runCommand(h.standin, "engagements status=all");
    expect(messageJson(first)).not.toContain("Nothing matches");
    expect(shownInvitationIds(first)).toHaveLength(10);
    expect(rangeOf(first)).toEqual(["1", "10"]);
  });
});
