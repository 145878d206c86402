import { describe, expect, it } from "vitest";
import { renderNewInvitations } from "../../../src/slack/blocks/alerts.ts";
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
