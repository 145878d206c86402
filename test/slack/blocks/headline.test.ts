import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { Decision } from "../../../src/events/model.ts";
import { type Invitation, invitationKey } from "../../../src/partnercentral/model.ts";
import { renderNewInvitations } from "../../../src/slack/blocks/alerts.ts";
import { showDecidedElsewhere } from "../../../src/slack/blocks/decided-elsewhere.ts";
import { renderExpiring } from "../../../src/slack/blocks/digest.ts";
import { applyOutcomes } from "../../../src/slack/blocks/outcome.ts";
import type { ActionRecord } from "../../../src/store/index.ts";
import { connectionInvitation, engagement, NOW } from "../../fixtures/invitations.ts";

const header = (blocks: KnownBlock[]) => {
  const first = blocks.find((b) => b.type === "header");
  return first?.type === "header" ? first.text.text : undefined;
};

const accepted = (invitation: Invitation, status: ActionRecord["status"] = "succeeded"): ActionRecord => ({
  key: invitationKey(invitation),
  invitationKind: invitation.kind,
  invitationId: invitation.id,
  catalog: "AWS",
  action: "accept",
  userId: "U0APPROVER1",
  status,
  attempts: 1,
  createdAt: NOW,
  finishedAt: NOW,
});

const records = (...list: ActionRecord[]) => new Map(list.map((r) => [r.key, r]));

const inPartnerCentral: Decision = { status: "REJECTED", at: NOW };

describe("a digest's headline", () => {
  const dueToday = [engagement({ expiresInHours: 3 }), connectionInvitation({ expiresInHours: 20 })];
  const later = [engagement({ expiresInHours: 50 }), engagement({ expiresInHours: 100 })];
  const digest = () =>
    renderExpiring({ invitations: [...dueToday, ...later], now: NOW, windowDays: 5, catalog: "AWS" }).blocks;

  it("counts what expires as posted", () => {
    expect(header(digest())).toBe(
      ":hourglass_flowing_sand: 4 invitations expire within 5 days — 2 within 24 hours",
    );
  });

  it("follows the rows decided in the app or in Partner Central, by their urgency, however often it is redrawn", () => {
    const [first, second] = dueToday as [Invitation, Invitation];
    const [third] = later as [Invitation];
    const once = applyOutcomes(digest(), records(accepted(first)));
    expect(header(once)).toBe(
      ":hourglass_flowing_sand: 3 invitations expire within 5 days — 1 within 24 hours — 1 decided since",
    );
    const twice = showDecidedElsewhere(once, third, inPartnerCentral);
    expect(header(twice)).toBe(
      ":hourglass_flowing_sand: 2 invitations expire within 5 days — 1 within 24 hours — 2 decided since",
    );
    expect(applyOutcomes(twice, records(accepted(first)))).toEqual(twice);
    const all = applyOutcomes(twice, records(accepted(second), ...later.map((i) => accepted(i, "conflict"))));
    expect(header(all)).toBe(":white_check_mark: Nothing left to answer — 4 decided since");
  });

  it("counts no row as decided while its decision is under way or failed", () => {
    const [first, second] = dueToday as [Invitation, Invitation];
    const blocks = applyOutcomes(digest(), records(accepted(first, "pending"), accepted(second, "failed")));
    expect(header(blocks)).toBe(
      ":hourglass_flowing_sand: 4 invitations expire within 5 days — 2 within 24 hours",
    );
  });

  it("keeps counting what did not fit in the message as waiting", () => {
    const many = Array.from({ length: 40 }, (_, n) => engagement({ expiresInHours: 30 + n }));
    const blocks = renderExpiring({ invitations: many, now: NOW, windowDays: 5, catalog: "AWS" }).blocks;
    const [shown] = many as [Invitation];
    expect(header(applyOutcomes(blocks, records(accepted(shown))))).toBe(
      ":hourglass_flowing_sand: 39 invitations expire within 5 days — 1 decided since",
    );
  });
});

describe("an alert's headline", () => {
  it("says how many of the new invitations were decided since", () => {
    const [one, two] = [engagement(), connectionInvitation()];
    const blocks = renderNewInvitations([one, two], NOW).blocks;
    expect(header(blocks)).toBe(":new: 2 new invitations received");
    expect(header(showDecidedElsewhere(blocks, one, inPartnerCentral))).toBe(
      ":new: 2 new invitations received — 1 decided since",
    );
    const single = renderNewInvitations([one], NOW).blocks;
    expect(header(applyOutcomes(single, records(accepted(one))))).toBe(
      ":new: New invitation received — decided since",
    );
  });
});
