import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../src/slack/ids.ts";
import { CHANNEL, type Harness, startHarness } from "../helpers/harness.ts";
import { findButton, findMenuOption, messageJson, runCommand, shownInvitationIds } from "../helpers/slack.ts";

const THROTTLED = 429;
/** The error answers: Partner Central failures carry the request id, crashes the global handler's text. */
const FAILURE = /throttling requests|AWS request id|Something went wrong/;

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.emulator.setFaultRate("ThrottlingException", 0.3);
});
afterAll(async () => {
  await h?.close();
});

const aws = () => ({
  engagements: [...h.emulator.state.engagementInvitations.values()].filter((i) => i.Catalog === "AWS"),
  invitations: [...h.emulator.state.connectionInvitations.values()].filter((i) => i.Catalog === "AWS"),
  connections: [...h.emulator.state.connections.values()].filter((c) => c.Catalog === "AWS"),
});

describe("Partner Central throttling 30% of calls", () => {
  // One command at a time, so the emulator's seeded faults fall on the same calls in every run.
  it("every command and button still answers with data", async () => {
    const { engagements, invitations, connections } = aws();
    const commands: Array<[text: string, expected: RegExp | string]> = [];
    for (const status of ["pending", "accepted", "rejected", "expired", "all"]) {
      commands.push([`engagements status=${status}`, "Engagement invitations"]);
    }
    commands.push(["engagements status=all sort=asc role=sender", "Engagement invitations"]);
    for (const status of ["pending", "accepted", "rejected", "canceled", "expired", "all"]) {
      commands.push([`invitations status=${status}`, "Connection invitations"]);
    }
    commands.push(
      ["connections", "Partner connections"],
      ["connections type=subsidiary", "Partner connections"],
    );
    for (const within of [1, 5, 15]) commands.push([`expiring within=${within}`, "within"]);
    for (const i of engagements.slice(0, 8)) commands.push([`engagement ${i.Id}`, i.Id]);
    for (const i of invitations.slice(0, 6)) commands.push([`invitation ${i.Id}`, i.Id]);
    for (const c of connections.slice(0, 6))
      commands.push([`connection ${c.Id}`, c.OtherParticipantAccountId]);

    for (const [text, expected] of commands) {
      const answer = await runCommand(h.standin, text);
      expect(messageJson(answer), text).not.toMatch(FAILURE);
      expect(messageJson(answer), text).toMatch(expected);
    }

    // Paging and details are Partner Central calls behind buttons.
    let page = await runCommand(h.standin, "engagements status=all");
    const seen = [...shownInvitationIds(page)];
    for (let next = findButton(page, ACTION.nextPage); next; next = findButton(page, ACTION.nextPage)) {
      const ts = page.ts;
      const before = messageJson(page);
      await h.standin.clickButton({
        userId: page.ephemeralFor ?? "",
        channelId: CHANNEL,
        messageTs: ts,
        actionId: ACTION.nextPage,
      });
      page = await h.standin.waitFor(() => {
        const current = h.standin.message(CHANNEL, ts);
        return current && messageJson(current) !== before ? current : undefined;
      }, 30_000);
      expect(messageJson(page)).not.toMatch(FAILURE);
      seen.push(...shownInvitationIds(page));
    }
    expect(seen).toHaveLength(engagements.filter((i) => i.ParticipantType === "RECEIVER").length);

    const listed = await runCommand(h.standin, "engagements");
    for (const button of [0, 1, 2].map((n) => shownInvitationIds(listed)[n])) {
      const option = findMenuOption(listed, ACTION.details, `engagement:AWS:${button}`);
      await h.standin.clickButton({
        userId: listed.ephemeralFor ?? "",
        channelId: CHANNEL,
        messageTs: listed.ts,
        actionId: ACTION.more,
        blockId: option?.blockId,
        value: option?.value,
      });
      const modal = await h.standin.waitFor(() => {
        const view = h.standin.openViews(listed.ephemeralFor ?? "").at(-1);
        return view && JSON.stringify(view.view.blocks).includes(button ?? "?") ? view : undefined;
      }, 30_000);
      expect(JSON.stringify(modal.view.blocks)).not.toMatch(FAILURE);
    }

    const throttled = h.emulator.calls.filter((c) => c.status === THROTTLED).length;
    expect(throttled / h.emulator.calls.length).toBeGreaterThan(0.2);
  }, 120_000);
});
