import { describe, expect, it } from "vitest";
import { invitationKey } from "../../../src/partnercentral/model.ts";
import { renderNewInvitations } from "../../../src/slack/blocks/alerts.ts";
import { showDecidedElsewhere } from "../../../src/slack/blocks/decided-elsewhere.ts";
import { renderEngagementDetails } from "../../../src/slack/blocks/details.ts";
import { applyOutcomes, outcomeText } from "../../../src/slack/blocks/outcome.ts";
import { ACTION } from "../../../src/slack/ids.ts";
import type { ActionRecord } from "../../../src/store/index.ts";
import { engagement, hostileEngagementDetails, NOW } from "../../fixtures/invitations.ts";
import { findButton, findMenuOption, messageJson } from "../../helpers/slack.ts";

const invitation = engagement();
const key = invitationKey(invitation);
const record = (overrides: Partial<ActionRecord> = {}): ActionRecord => ({
  key,
  invitationKind: "engagement",
  invitationId: invitation.id,
  catalog: "AWS",
  action: "accept",
  userId: "U0APPROVER1",
  status: "pending",
  attempts: 1,
  createdAt: NOW,
  ...overrides,
});

describe("an outcome where the invitation is", () => {
  it("says an accept Partner Central is still running is under way, and offers no decision meanwhile", () => {
    const running = record({ taskId: "task-1" });
    expect(outcomeText(running)).toMatch(
      /^:hourglass_flowing_sand: <@U0APPROVER1> accepted this invitation; Partner Central is still accepting it · <!date/,
    );
    const row = applyOutcomes(renderNewInvitations([invitation], NOW).blocks, new Map([[key, running]]));
    expect(findButton({ blocks: row }, ACTION.accept, key)).toBeUndefined();
    expect(findMenuOption({ blocks: row }, ACTION.reject, key)).toBeUndefined();
    expect(findMenuOption({ blocks: row }, ACTION.details, key)).toBeDefined();
    // Before Partner Central answers, the buttons stay: the call may still fail.
    const calling = applyOutcomes(renderNewInvitations([invitation], NOW).blocks, new Map([[key, record()]]));
    expect(findButton({ blocks: calling }, ACTION.accept, key)).toBeDefined();
  });

  it("names what an accept made: an opportunity, or for a lead its engagement", () => {
    expect(outcomeText(record({ status: "succeeded", resultId: "O1234" }))).toContain("opportunity `O1234`");
    expect(outcomeText(record({ status: "succeeded", resultId: "eng-0f1qc9agjm2hvv" }))).toContain(
      "engagement `eng-0f1qc9agjm2hvv`",
    );
  });

  it("says in the audit log that an attempt did not finish, and offers no retry there", () => {
    expect(outcomeText({ ...record(), status: "abandoned" }, "log")).toMatch(
      /^:warning: <@U0APPROVER1> set out to accept this invitation, but the app stopped before Partner Central answered/,
    );
    expect(outcomeText(record({ status: "failed", detail: "throttled" }), "log")).not.toContain("Try again");
  });

  it("gives Details the Status the invitation became, never Pending beside an outcome", () => {
    const details = { ...hostileEngagementDetails(), ...invitation, kind: "engagement" as const };
    const shown = renderEngagementDetails(details, NOW, { withActions: true }).blocks;
    const statusOf = (records: ActionRecord[]) =>
      /\*Status\*\\n([^"]+)"/.exec(
        messageJson({ blocks: applyOutcomes(shown, new Map(records.map((r) => [r.key, r]))) }),
      )?.[1];
    expect(statusOf([])).toBe(":hourglass_flowing_sand: Pending");
    expect(statusOf([record({ status: "succeeded", resultId: "O1" })])).toBe(":white_check_mark: Accepted");
    expect(statusOf([record({ action: "reject", status: "succeeded" })])).toBe(":x: Rejected");
    expect(statusOf([record({ taskId: "task-1" })])).toBe(":hourglass_flowing_sand: Accepting");
    expect(statusOf([record({ status: "conflict", detail: "EXPIRED" })])).toBe(
      ":heavy_multiplication_x: Expired",
    );
    const elsewhere = showDecidedElsewhere(shown, invitation, { status: "REJECTED", at: NOW });
    expect(messageJson({ blocks: elsewhere })).toContain("*Status*\\n:x: Rejected");
    // A failed attempt changed nothing: it is still pending, and its buttons stay.
    expect(statusOf([record({ status: "failed", detail: "throttled" })])).toBe(
      ":hourglass_flowing_sand: Pending",
    );
  });
});
