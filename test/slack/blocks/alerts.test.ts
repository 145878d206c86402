import { describe, expect, it } from "vitest";
import { renderAlertRefusals, renderNewInvitations } from "../../../src/slack/blocks/alerts.ts";
import { renderHome } from "../../../src/slack/blocks/home.ts";
import { connectionInvitation, engagement, HOSTILE, NOW } from "../../fixtures/invitations.ts";
import { expectNothingUnescaped, expectWithinSlackLimits } from "../../helpers/block-kit.ts";

describe("new-invitation alerts", () => {
  it("shows one invitation with its buttons", () => {
    const message = renderNewInvitations([engagement({ title: HOSTILE })], NOW);
    expect(message.text).toMatch(/^New invitation received\n• /);
    expect(JSON.stringify(message.blocks)).toContain('"action_id":"invitation_accept"');
    expectNothingUnescaped(message);
  });

  it("puts several in one message and counts what does not fit", () => {
    const many = Array.from({ length: 40 }, (_, i) => (i % 2 ? engagement() : connectionInvitation()));
    const message = renderNewInvitations(many, NOW);
    expectWithinSlackLimits(message);
    expect(message.text).toMatch(/^40 new invitations received/);
    const shown = message.blocks.filter((b) => b.block_id?.startsWith("inv:")).length;
    expect(shown).toBeGreaterThanOrEqual(15);
    expect(JSON.stringify(message.blocks)).toContain(`…and ${40 - shown} more.`);
  });
});

describe("channels that refuse alerts, on an approver's Home", () => {
  const waiting = (refusal: string, count = 2, updates = 0) => ({
    channelId: "G0PRIVATE01",
    count,
    updates,
    since: NOW,
    dueAt: NOW,
    refusal,
  });
  const text = (blocks: unknown) => JSON.stringify(blocks);

  it("say what waits since when, and how to end it: invite the app, or turn its alerts off", () => {
    for (const refusal of ["not_in_channel", "channel_not_found"]) {
      const shown = text(renderAlertRefusals([waiting(refusal)]));
      expect(shown).toContain("New-invitation alerts cannot be posted in <#G0PRIVATE01>");
      expect(shown).toContain("2 new invitations wait to be announced there since <!date^");
      expect(shown).toContain("/invite @Partner Central");
      expect(shown).toContain("/partnercentral alerts off");
    }
    expect(text(renderAlertRefusals([waiting("not_in_channel", 1)]))).toContain("1 new invitation waits");
    expect(text(renderAlertRefusals([waiting("not_in_channel", 1, 2)]))).toContain(
      "1 new invitation and 2 opportunity updates wait to be announced there",
    );
    expect(text(renderAlertRefusals([waiting("not_in_channel", 0, 1)]))).toContain(
      "1 opportunity update waits to be posted there",
    );
  });

  it("tell an archived channel from one the app is not in, and escape a refusal they do not know", () => {
    expect(text(renderAlertRefusals([waiting("is_archived")]))).toContain("is archived. Unarchive it");
    const unknown = text(renderAlertRefusals([waiting("<!channel>")]));
    expect(unknown).toContain("&lt;!channel&gt;");
    expect(unknown).not.toContain("<!channel>");
  });

  it("are shown to approvers only, and not at all while every channel takes its alerts", () => {
    const home = (mayAct: boolean, alertRefusals = [waiting("not_in_channel")]) =>
      text(
        renderHome(
          { catalog: "AWS", now: NOW, digests: [], decisions: new Map(), alertRefusals },
          { mayAct, approversText: "Only you." },
        ).blocks,
      );
    expect(home(true)).toContain("cannot be posted");
    expect(home(false)).not.toContain("cannot be posted");
    expect(home(true, [])).not.toContain("cannot be posted");
  });
});
