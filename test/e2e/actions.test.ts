import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StandinMessage } from "../../dev/slack-standin/index.ts";
import { ACTION } from "../../src/slack/ids.ts";
import { expectNothingUnescaped } from "../helpers/block-kit.ts";
import {
  APPROVER,
  CHANNEL,
  decisionCalls,
  GROUP_MEMBER,
  type Harness,
  startHarness,
  VIEWER,
} from "../helpers/harness.ts";
import {
  clickAsShown,
  findButton,
  findMenuOption,
  messageJson,
  runCommand,
  waitForMessageText,
} from "../helpers/slack.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ emulator: { taskCompletionMs: 50 } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.emulator.resetCalls();
});

/** A fresh pending invitation shown alone in an ephemeral list, so each test acts on its own one. */
async function engagementMessage(userId = APPROVER) {
  const invitation = h.emulator.addEngagementInvitation();
  const message = await runCommand(h.standin, `engagements engagement=${invitation.EngagementId}`, {
    userId,
  });
  expect(findMenuOption(message, ACTION.details, `engagement:AWS:${invitation.Id}`)).toBeDefined();
  return { invitation, message, value: `engagement:AWS:${invitation.Id}` };
}

/** A fresh invitation about to expire, in a digest posted in the channel, where everyone sees its buttons. */
async function digestMessage() {
  const invitation = h.emulator.addEngagementInvitation({
    InvitationDate: new Date(Date.now() - 14.9 * 86_400_000),
    ExpirationDate: new Date(Date.now() + 3_600_000),
  });
  const value = `engagement:AWS:${invitation.Id}`;
  await runCommand(h.standin, "digest now");
  const message = await h.standin.waitFor(() =>
    h.standin.messages(CHANNEL).findLast((m) => !m.ephemeralFor && findButton(m, ACTION.accept, value)),
  );
  return { invitation, message, value };
}

async function connectionMessage(userId: string, role: "RECEIVER" | "SENDER" = "RECEIVER") {
  const invitation = h.emulator.addConnectionInvitation({ ParticipantType: role });
  const message = await runCommand(h.standin, `invitation ${invitation.Id}`, { userId });
  return { invitation, message, value: `connection:AWS:${invitation.Id}` };
}

const click = (message: StandinMessage, userId: string, actionId: string, value: string) =>
  clickAsShown(h.standin, message, userId, actionId, value);

const waitForText = (message: StandinMessage, pattern: RegExp) =>
  waitForMessageText(h.standin, message, pattern);

async function openModal(userId: string) {
  return h.standin.waitFor(() => h.standin.openViews(userId).at(-1));
}

describe("who may act", () => {
  it("shows a non-approver's own answer no decisions, and names who can act", async () => {
    const { message, value } = await engagementMessage(VIEWER);
    expect(findButton(message, ACTION.accept, value)).toBeUndefined();
    expect(findButton(message, ACTION.reject, value)).toBeUndefined();
    expect(messageJson(message)).toContain("<!subteam^S0APPROVERS>");
  });

  it("refuses a non-approver in a channel message, names who can act, and calls nothing at AWS", async () => {
    const { message, value } = await digestMessage();
    h.emulator.resetCalls();
    await click(message, VIEWER, ACTION.accept, value);
    const refusal = await h.standin.waitFor(() =>
      h.standin.messages(CHANNEL).find((m) => m.ephemeralFor === VIEWER && m.text.includes("Only")),
    );
    expect(refusal.text).toContain(`<@${APPROVER}>`);
    expect(refusal.text).toContain("<!subteam^S0APPROVERS>");
    await click(message, VIEWER, ACTION.reject, value);
    await h.standin.waitFor(
      () => h.standin.messages(CHANNEL).filter((m) => m.text.includes("can reject")).length === 1,
    );
    expect(h.standin.openViews(VIEWER)).toHaveLength(0);
    expect(h.emulator.calls).toHaveLength(0);
  });

  it("lets a member of the approver user group act", async () => {
    const { invitation, message, value } = await connectionMessage(GROUP_MEMBER);
    await click(message, GROUP_MEMBER, ACTION.accept, value);
    await waitForText(message, new RegExp(`Accepted by <@${GROUP_MEMBER}>`));
    expect(h.emulator.state.connectionInvitations.get(invitation.Id)?.Status).toBe("ACCEPTED");
    expect(h.standin.callsTo("usergroups.users.list").length).toBeGreaterThan(0);
  });

  it("ignores a forged value naming an invitation the message never showed", async () => {
    const { message } = await engagementMessage();
    const other = h.emulator.addEngagementInvitation();
    h.emulator.resetCalls();
    await click(message, APPROVER, ACTION.accept, `engagement:AWS:${other.Id}`);
    await h.standin.waitFor(() =>
      h.standin.messages(CHANNEL).find((m) => m.text.includes("no longer part of this message")),
    );
    expect(h.emulator.calls).toHaveLength(0);
    expect(h.emulator.state.engagementInvitations.get(other.Id)?.Status).toBe("PENDING");
  });
});

describe("accept", () => {
  it("accepts an engagement invitation through the task, shows who and the opportunity, and audits it", async () => {
    const { invitation, message, value } = await engagementMessage();
    await click(message, APPROVER, ACTION.accept, value);
    const updated = await waitForText(message, /Accepted by <@U0APPROVER1>/);
    expect(messageJson(updated)).toMatch(/opportunity `O\d+`/);
    expect(findButton(updated, ACTION.accept, value)).toBeUndefined();
    const start = h.emulator.calls.filter((c) => c.operation === "StartEngagementByAcceptingInvitationTask");
    expect(start).toHaveLength(1);
    expect(start[0]?.input).toMatchObject({ Catalog: "AWS", Identifier: invitation.Id });
    expect(String(start[0]?.input.ClientToken)).toContain(invitation.Id);
    expect(h.emulator.calls.some((c) => c.operation === "ListEngagementByAcceptingInvitationTasks")).toBe(
      true,
    );
    expect(h.emulator.state.engagementInvitations.get(invitation.Id)?.Status).toBe("ACCEPTED");
    const record = (await auditRecords()).find((r) => r.invitationId === invitation.Id);
    expect(record).toMatchObject({ action: "accept", userId: APPROVER, status: "succeeded" });
    expect(record?.awsRequestId).toBeTruthy();
  });

  it("makes exactly one AWS call for a double click; the second click sees the first one's outcome", async () => {
    const { message, value } = await engagementMessage();
    h.emulator.resetCalls();
    await Promise.all([
      click(message, APPROVER, ACTION.accept, value),
      click(message, APPROVER, ACTION.accept, value),
    ]);
    await waitForText(message, /Accepted by/);
    expect(decisionCalls(h.emulator)).toHaveLength(1);
    // Told their own decision, not that someone got there first.
    const told = await h.standin.waitFor(() =>
      h.standin
        .messages(CHANNEL)
        .find(
          (m) =>
            m.ephemeralFor === APPROVER && /^:\w+: (<@U0APPROVER1> is accepting|Accepted by)/.test(m.text),
        ),
    );
    expect(told.text).not.toContain("got there first");
  });

  it("tells someone else who clicked second who got there first", async () => {
    const { invitation, message, value } = await engagementMessage();
    const theirs = await runCommand(h.standin, `engagements engagement=${invitation.EngagementId}`, {
      userId: GROUP_MEMBER,
    });
    await click(message, APPROVER, ACTION.accept, value);
    await waitForText(message, /Accepted by/);
    h.emulator.resetCalls();
    await click(theirs, GROUP_MEMBER, ACTION.accept, value);
    await h.standin.waitFor(() =>
      h.standin
        .messages(CHANNEL)
        .find((m) => m.ephemeralFor === GROUP_MEMBER && m.text.startsWith("Someone got there first.")),
    );
    await waitForText(theirs, /Accepted by <@U0APPROVER1>/);
    expect(h.emulator.calls).toHaveLength(0);
  });

  it("answers a click on a button already used, as a double click leaves one, in words that say so", async () => {
    const { message, value } = await digestMessage();
    const shown = findButton(message, ACTION.accept, value);
    await click(message, APPROVER, ACTION.accept, value);
    await waitForText(message, /Accepted by/);
    h.emulator.resetCalls();
    // The second click of a double click, from the message as it was drawn before the first was answered.
    await h.standin.clickButton({
      userId: APPROVER,
      channelId: CHANNEL,
      messageTs: message.ts,
      actionId: ACTION.accept,
      blockId: shown?.blockId,
      value: shown?.value,
    });
    const answer = await h.standin.waitFor(() =>
      h.standin.messages(CHANNEL).findLast((m) => m.text.includes("part of this message")),
    );
    expect(answer.text).toContain("That button is no longer part of this message (it was already used");
    expect(answer.text).not.toContain("not part of this message");
    expect(decisionCalls(h.emulator)).toEqual([]);
  });

  it("shows the real status when the invitation was already accepted elsewhere", async () => {
    const { invitation, message, value } = await engagementMessage();
    const stored = h.emulator.state.engagementInvitations.get(invitation.Id);
    if (stored) stored.Status = "ACCEPTED";
    await click(message, APPROVER, ACTION.accept, value);
    const updated = await waitForText(message, /Already accepted in Partner Central/);
    expect(findButton(updated, ACTION.accept, value)).toBeUndefined();
  });

  it("leaves the invitation actionable with the reason when AWS fails, and a retry succeeds", async () => {
    const { message, value } = await engagementMessage();
    h.emulator.failNextTask("InternalError", "The opportunity could not be created.");
    await click(message, APPROVER, ACTION.accept, value);
    const failed = await waitForText(
      message,
      /could not accept this invitation: .*The opportunity could not be created/,
    );
    expect(findButton(failed, ACTION.accept, value)).toBeDefined();
    await click(failed, APPROVER, ACTION.accept, value);
    const retried = await waitForText(message, /Accepted by/);
    expect(messageJson(retried)).not.toContain("could not accept");
    const tokens = h.emulator.calls
      .filter((c) => c.operation === "StartEngagementByAcceptingInvitationTask")
      .map((c) => c.input.ClientToken);
    expect(new Set(tokens).size).toBe(2);
  });

  it("updates only the invitation acted on; the others in the message stay actionable", async () => {
    h.emulator.addEngagementInvitation();
    h.emulator.addEngagementInvitation();
    const message = await runCommand(h.standin, "engagements");
    const values = (JSON.stringify(message.blocks).match(/engagement:AWS:engi-[0-9a-z]{13}/g) ?? []).filter(
      (v, i, all) => all.indexOf(v) === i,
    );
    expect(values.length).toBeGreaterThan(2);
    const [first, ...rest] = values as [string, ...string[]];
    await click(message, APPROVER, ACTION.accept, first);
    const updated = await waitForText(message, /Accepted by/);
    expect(findButton(updated, ACTION.accept, first)).toBeUndefined();
    for (const value of rest) expect(findButton(updated, ACTION.accept, value)).toBeDefined();
  });
});

describe("reject and cancel", () => {
  it("rejects an engagement invitation with a documented reason from the modal", async () => {
    const { invitation, message, value } = await engagementMessage();
    await click(message, APPROVER, ACTION.reject, value);
    const modal = await openModal(APPROVER);
    expect(JSON.stringify(modal.view.blocks)).toContain("Duplicate of partner referral");
    await h.standin.submitView({
      userId: APPROVER,
      viewId: modal.id,
      values: { reason_choice: { reason_choice: "Unable to support" } },
    });
    const updated = await waitForText(message, /Rejected by <@U0APPROVER1>.*Unable to support/);
    expect(findButton(updated, ACTION.reject, value)).toBeUndefined();
    const call = h.emulator.calls.find((c) => c.operation === "RejectEngagementInvitation");
    expect(call?.input).toMatchObject({ Identifier: invitation.Id, RejectionReason: "Unable to support" });
    expect(h.emulator.state.engagementInvitations.get(invitation.Id)?.Status).toBe("REJECTED");
  });

  it("validates the free text inline and calls nothing until it is right", async () => {
    const { message, value } = await engagementMessage();
    await click(message, APPROVER, ACTION.reject, value);
    const modal = await openModal(APPROVER);
    h.emulator.resetCalls();
    const tooLong = "x".repeat(81);
    const first = await h.standin.submitView({
      userId: APPROVER,
      viewId: modal.id,
      values: { reason_choice: { reason_choice: "Other" }, reason_text: { reason_text: tooLong } },
    });
    expect(JSON.parse(first.body)).toMatchObject({
      response_action: "errors",
      errors: { reason_text: expect.stringContaining("at most 80 characters (this is 81)") },
    });
    expect(h.standin.openViews(APPROVER).at(-1)?.errors?.reason_text).toContain("80 characters");
    const empty = await h.standin.submitView({
      userId: APPROVER,
      viewId: modal.id,
      values: { reason_choice: { reason_choice: "Other" }, reason_text: { reason_text: "" } },
    });
    expect(JSON.parse(empty.body).errors.reason_text).toContain("Say why");
    expect(decisionCalls(h.emulator)).toHaveLength(0);
    await h.standin.submitView({
      userId: APPROVER,
      viewId: modal.id,
      values: {
        reason_choice: { reason_choice: "Other" },
        reason_text: { reason_text: "Customer <!channel> chose a competitor" },
      },
    });
    const updated = await waitForText(message, /Rejected by/);
    expectNothingUnescaped(updated, { mentioned: [APPROVER] });
    expect(
      h.emulator.calls.find((c) => c.operation === "RejectEngagementInvitation")?.input.RejectionReason,
    ).toBe("Customer <!channel> chose a competitor");
  });

  it("rejects a connection invitation with an optional reason", async () => {
    const { invitation, message, value } = await connectionMessage(APPROVER);
    await click(message, APPROVER, ACTION.reject, value);
    const modal = await openModal(APPROVER);
    await h.standin.submitView({
      userId: APPROVER,
      viewId: modal.id,
      values: { reason_text: { reason_text: "Not a fit this year" } },
    });
    await waitForText(message, /Rejected by <@U0APPROVER1>.*Not a fit this year/);
    const call = h.emulator.calls.find((c) => c.operation === "RejectConnectionInvitation");
    expect(call?.input).toMatchObject({ Identifier: invitation.Id, Reason: "Not a fit this year" });
    expect(call?.input.ClientToken).toBeTruthy();
  });

  it("cancels a connection invitation we sent", async () => {
    const { invitation, message, value } = await connectionMessage(APPROVER, "SENDER");
    expect(findButton(message, ACTION.accept)).toBeUndefined();
    await click(message, APPROVER, ACTION.cancel, value);
    await waitForText(message, /Canceled by <@U0APPROVER1>/);
    expect(h.emulator.state.connectionInvitations.get(invitation.Id)?.Status).toBe("CANCELED");
  });
});

describe("details and audit", () => {
  it("opens details in a modal for anyone", async () => {
    const { invitation, message, value } = await engagementMessage(VIEWER);
    await click(message, VIEWER, ACTION.details, value);
    const modal = await h.standin.waitFor(() => {
      const view = h.standin.openViews(VIEWER).at(-1);
      return view && JSON.stringify(view.view.blocks).includes("Business problem") ? view : undefined;
    });
    expect(JSON.stringify(modal.view.blocks)).toContain(invitation.EngagementTitle.slice(0, 30));
    expect(h.standin.callsTo("views.update").length).toBeGreaterThan(0);
  });

  it("keeps the audit log across a restart on the same data directory", async () => {
    const before = await auditRecords();
    expect(before.length).toBeGreaterThan(0);
    await h.restartApp();
    expect(await auditRecords()).toEqual(before);
  });

  it("shows the audit log to approvers only", async () => {
    const log = await runCommand(h.standin, "audit days=1");
    expect(messageJson(log)).toMatch(
      /Engagement invitation `engi-[0-9a-z]+` · AWS\\n:white_check_mark: Accepted by <@U0APPROVER1>/,
    );
    const refused = await runCommand(h.standin, "audit", { userId: VIEWER });
    expect(refused.text).toContain("Only");
  });
});

/** The audit log's first page as an approver sees it: what, who, how it went and the AWS request id. */
async function auditRecords() {
  const log = await runCommand(h.standin, "audit days=1");
  const blocks = log.blocks as Array<{
    type: string;
    text?: { text?: string };
    elements?: Array<{ text?: string }>;
  }>;
  const verbs: Record<string, string> = { Accepted: "accept", Rejected: "reject", Canceled: "cancel" };
  return blocks.flatMap((block, n) => {
    const [what = "", how = ""] = (block.text?.text ?? "").split("\n");
    const invitation = /(?:Engagement|Connection) invitation `([^`]+)` · AWS$/.exec(what);
    const done = /^:[a-z_]+: (Accepted|Rejected|Canceled) by <@(U[0-9A-Z]+)>/.exec(how);
    const other = /<@(U[0-9A-Z]+)> (?:could not|tried to|is) (accept|reject|cancel)/.exec(how);
    if (!invitation || !(done || other)) return [];
    const next = blocks[n + 1];
    const support = next?.type === "context" ? (next.elements?.[0]?.text ?? "") : "";
    return [
      {
        userId: done?.[2] ?? other?.[1],
        action: done ? verbs[done[1] ?? ""] : other?.[2],
        invitationId: invitation[1],
        status: done
          ? "succeeded"
          : /could not/.test(how)
            ? "failed"
            : /tried to/.test(how)
              ? "conflict"
              : "pending",
        awsRequestId: /request id `([^`]+)`/.exec(support)?.[1],
      },
    ];
  });
}
