import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EngagementInvitation } from "../../dev/emulator/index.ts";
import type { StandinMessage, StandinView } from "../../dev/slack-standin/index.ts";
import { ACTION } from "../../src/slack/ids.ts";
import {
  APPROVER,
  CHANNEL,
  decisionCalls,
  GROUP_MEMBER,
  type Harness,
  startHarness,
} from "../helpers/harness.ts";
import {
  clickAsShown,
  findButton,
  findMenuOption,
  messageJson,
  runCommand,
  waitForMessageText,
} from "../helpers/slack.ts";

/**
 * Decisions that never lock and one truth about each: a failed redraw, an accept task still running, a
 * restart, and Partner Central's own event about a decision the app made.
 */

const HOUR_MS = 3_600_000;
/** The listener waits this long for an accept task before leaving it to the app to follow. */
const DECISIONS = { taskWaitMs: 400, taskPollMs: 20, followMs: 100 };

/** Sent 15 days before it expires, as Partner Central does, so the digest finds it. */
function expiringIn(hours: number): Partial<EngagementInvitation> {
  const expires = Date.now() + hours * HOUR_MS;
  return { InvitationDate: new Date(expires - 15 * 24 * HOUR_MS), ExpirationDate: new Date(expires) };
}

const refOf = (invitation: EngagementInvitation) => `engagement:AWS:${invitation.Id}`;

const startCalls = (h: Harness, invitation: EngagementInvitation) =>
  decisionCalls(h.emulator).filter(
    (c) => c.operation === "StartEngagementByAcceptingInvitationTask" && c.input.Identifier === invitation.Id,
  );

/** A fresh opportunity invitation about to expire, in a digest posted in the channel. */
async function digestShowing(h: Harness, partial: Partial<EngagementInvitation> = {}) {
  const invitation = h.emulator.addEngagementInvitation({ ...expiringIn(1), ...partial });
  await runCommand(h.standin, "digest now");
  const message = await h.standin.waitFor(() =>
    h.standin
      .messages(CHANNEL)
      .findLast((m) => !m.ephemeralFor && findButton(m, ACTION.accept, refOf(invitation))),
  );
  return { invitation, message, value: refOf(invitation) };
}

const click = (h: Harness, message: StandinMessage, userId: string, actionId: string, value: string) =>
  clickAsShown(h.standin, message, userId, actionId, value);

const waitForText = (h: Harness, message: StandinMessage, pattern: RegExp) =>
  waitForMessageText(h.standin, message, pattern);

/** What the user was told next to the channel, alone, after `since` messages. */
const toldTo = (h: Harness, userId: string, since = 0) =>
  h.standin
    .messages(CHANNEL)
    .slice(since)
    .filter((m) => m.ephemeralFor === userId)
    .map((m) => m.text);

describe("decisions that never lock", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ emulator: { taskCompletionMs: 30 }, decisions: DECISIONS });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.emulator.resetCalls();
  });

  it("calls AWS even when Slack refuses to show the decision as under way", async () => {
    const { invitation, message, value } = await digestShowing(h);
    const before = h.standin.messages(CHANNEL).length;
    h.standin.failNext("chat.update", { error: "fatal_error" });
    await click(h, message, APPROVER, ACTION.accept, value);
    await waitForText(h, message, /Accepted by <@U0APPROVER1>.*opportunity `O\d+`/);
    expect(startCalls(h, invitation)).toHaveLength(1);
    expect(toldTo(h, APPROVER, before).join("\n")).not.toMatch(/Something went wrong|got there first/);
  });

  it("tells the approver the outcome when Slack refuses to show it in the message", async () => {
    const { invitation, message, value } = await digestShowing(h);
    const before = h.standin.messages(CHANNEL).length;
    h.standin.failNext("chat.update", { error: "fatal_error" }, 2);
    await click(h, message, APPROVER, ACTION.accept, value);
    const told = await h.standin.waitFor(() =>
      toldTo(h, APPROVER, before).find((text) => text.includes("Accepted by")),
    );
    expect(told).toMatch(/opportunity `O\d+`/);
    expect(startCalls(h, invitation)).toHaveLength(1);
    expect(h.emulator.state.engagementInvitations.get(invitation.Id)?.Status).toBe("ACCEPTED");
  });

  it("shows an accept still running as such, follows it to its end and shows the outcome; a second click sends nothing", async () => {
    const { invitation, message, value } = await digestShowing(h);
    h.emulator.holdTasks();
    try {
      await click(h, message, APPROVER, ACTION.accept, value);
      const running = await waitForText(h, message, /Partner Central is still accepting it/);
      expect(messageJson(running)).not.toMatch(/could not accept|Try again/);
      expect(findButton(running, ACTION.accept, value)).toBeUndefined();

      // Partner Central still lists it as pending, so a fresh answer offers Accept: the click is told.
      const answer = await runCommand(h.standin, `engagement ${invitation.Id}`, { userId: GROUP_MEMBER });
      await click(h, answer, GROUP_MEMBER, ACTION.accept, value);
      await waitForText(h, answer, /Partner Central is still accepting it/);
      expect(startCalls(h, invitation)).toHaveLength(1);
    } finally {
      h.emulator.releaseTasks();
    }
    await waitForText(h, message, /Accepted by <@U0APPROVER1>.*opportunity `O\d+`/);
    expect(startCalls(h, invitation)).toHaveLength(1);
    const audit = messageJson(await runCommand(h.standin, "audit days=1"));
    expect(audit).toContain(invitation.Id);
  });

  it("follows an accept still running across a restart, and shows its outcome where it was decided", async () => {
    const { invitation, message, value } = await digestShowing(h);
    h.emulator.holdTasks();
    try {
      await click(h, message, APPROVER, ACTION.accept, value);
      await waitForText(h, message, /Partner Central is still accepting it/);
      await h.restartApp();
    } finally {
      h.emulator.releaseTasks();
    }
    await waitForText(h, message, /Accepted by <@U0APPROVER1>.*opportunity `O\d+`/);
    expect(startCalls(h, invitation)).toHaveLength(1);
  });

  it("sends a retry the client token of the attempt before when AWS refused it, a new one after a failed task", async () => {
    const { invitation, message, value } = await digestShowing(h);
    h.emulator.injectFault("StartEngagementByAcceptingInvitationTask", "AccessDeniedException");
    await click(h, message, APPROVER, ACTION.accept, value);
    const refused = await waitForText(h, message, /could not accept this invitation/);
    h.emulator.failNextTask("InternalError", "The opportunity could not be created.");
    await click(h, refused, APPROVER, ACTION.accept, value);
    const failed = await waitForText(h, message, /The opportunity could not be created/);
    await click(h, failed, APPROVER, ACTION.accept, value);
    await waitForText(h, message, /Accepted by <@U0APPROVER1>/);
    const [first, second, third] = startCalls(h, invitation).map((c) => String(c.input.ClientToken));
    expect(second).toBe(first);
    expect(third).not.toBe(second);
  });

  it("keeps every attempt, failed ones and who made them, in the audit log", async () => {
    const { invitation, message, value } = await digestShowing(h);
    h.emulator.failNextTask("InternalError", "The opportunity could not be created.");
    await click(h, message, GROUP_MEMBER, ACTION.accept, value);
    const failed = await waitForText(h, message, /could not accept this invitation/);
    await click(h, failed, APPROVER, ACTION.accept, value);
    await waitForText(h, message, /Accepted by <@U0APPROVER1>/);
    const audit = await runCommand(h.standin, "audit days=1");
    const entries = (audit.blocks as Array<{ text?: { text?: string } }>)
      .map((b) => b.text?.text ?? "")
      .filter((text) => text.includes(invitation.Id));
    expect(entries).toEqual([
      expect.stringMatching(/Accepted by <@U0APPROVER1>/),
      expect.stringMatching(/<@U0GROUPMEM1> could not accept this invitation: .*could not be created/),
    ]);
    expect(entries[0]).toContain(invitation.EngagementTitle);
  });
});

describe("what does not apply is not offered", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ emulator: { taskCompletionMs: 30 }, decisions: DECISIONS });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("offers no Accept or Reject for an engagement invitation we sent, and says why AWS refuses one", async () => {
    const sent = h.emulator.addEngagementInvitation({ ParticipantType: "SENDER" });
    const answer = await runCommand(h.standin, `engagement ${sent.Id}`);
    expect(findButton(answer, ACTION.accept)).toBeUndefined();
    expect(findButton(answer, ACTION.reject)).toBeUndefined();
    expect(messageJson(answer)).toContain("*Receiver*");

    // A button shown before our side was known: nothing is sent, and the sentence is true.
    const ours = h.emulator.addEngagementInvitation();
    const shown = await runCommand(h.standin, `engagement ${ours.Id}`);
    Object.assign(h.emulator.state.engagementInvitations.get(ours.Id) ?? {}, {
      ParticipantType: "SENDER",
      SenderAwsAccountId: h.emulator.accountId,
    });
    h.emulator.resetCalls();
    const before = h.standin.messages(CHANNEL).length;
    await click(h, shown, APPROVER, ACTION.accept, refOf(ours));
    const told = await h.standin.waitFor(() => toldTo(h, APPROVER, before)[0]);
    expect(told).toMatch(/sent/);
    expect(told).not.toMatch(/IAM policy/);
    expect(decisionCalls(h.emulator)).toHaveLength(0);
  });

  it("accepts a lead invitation with AcceptEngagementInvitation, as AWS documents for leads", async () => {
    const lead = h.emulator.addEngagementInvitation({ ...expiringIn(1), PayloadType: "LeadInvitation" });
    const answer = await runCommand(h.standin, `engagement ${lead.Id}`);
    h.emulator.resetCalls();
    await click(h, answer, APPROVER, ACTION.accept, refOf(lead));
    const accepted = await waitForText(h, answer, /Accepted by <@U0APPROVER1>/);
    expect(messageJson(accepted)).toContain(`engagement \`${lead.EngagementId}\``);
    expect(decisionCalls(h.emulator).map((c) => c.operation)).toEqual(["AcceptEngagementInvitation"]);
    expect(h.emulator.state.engagementInvitations.get(lead.Id)?.Status).toBe("ACCEPTED");
  });
});

describe("one truth about a decision, with Partner Central's events on", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      events: true,
      env: { ALERT_CHANNEL: CHANNEL, ALERT_INTERVAL: "1h" },
      emulator: { seed: false, taskCompletionMs: 30 },
      decisions: { ...DECISIONS, followMs: 1_000 },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Its Details, opened from the digest's menu, as the approver sees them. */
  async function openDetails(digest: StandinMessage, value: string): Promise<StandinView> {
    const option = findMenuOption(digest, ACTION.details, value);
    await h.standin.clickButton({
      userId: APPROVER,
      channelId: CHANNEL,
      messageTs: digest.ts,
      actionId: ACTION.more,
      blockId: option?.blockId,
      value: option?.value,
    });
    const id = value.split(":")[2] ?? "";
    return h.standin.waitFor(() => {
      const view = h.standin.openViews(APPROVER).at(-1);
      const shown = JSON.stringify(view?.view.blocks);
      return view && shown.includes(id) && shown.includes("Business problem") ? view : undefined;
    });
  }

  const detailsNow = (view: StandinView) =>
    JSON.stringify(h.standin.openViews(APPROVER).find((v) => v.id === view.id)?.view.blocks);

  /** Every place ends showing who accepted in the app, and the opportunity; none credits Partner Central. */
  async function expectCreditedEverywhere(places: StandinMessage[], details: StandinView) {
    const credited = /Accepted by <@U0APPROVER1> · <!date[^>]+>.*opportunity `O\d+`/;
    await h.standin.waitFor(
      () =>
        places.every((m) => credited.test(messageJson(h.standin.message(CHANNEL, m.ts) ?? m))) &&
        credited.test(detailsNow(details) ?? ""),
      15_000,
    );
    // Partner Central's own event about it has arrived and been handled.
    await h.standin.waitFor(() => h.emulator.queues.events.messages.length === 0, 10_000);
    for (const place of places) {
      const now = messageJson(h.standin.message(CHANNEL, place.ts) ?? place);
      expect(now).toMatch(credited);
      expect(now).not.toContain("Accepted in Partner Central");
    }
    expect(detailsNow(details)).toMatch(credited);
    expect(detailsNow(details)).not.toMatch(/Pending|Accepted in Partner Central/);
  }

  it("credits an accept from an answer to whoever made it on the digest, the answer and an open Details", async () => {
    const { invitation, message: digest, value } = await digestShowing(h);
    const details = await openDetails(digest, value);
    const answer = await runCommand(h.standin, `engagement ${invitation.Id}`);
    await click(h, answer, APPROVER, ACTION.accept, value);
    await expectCreditedEverywhere([digest, answer], details);
  });

  it("credits it too when Partner Central's event arrives before the app has seen its task end", async () => {
    const { invitation, message: digest, value } = await digestShowing(h);
    const details = await openDetails(digest, value);
    const answer = await runCommand(h.standin, `engagement ${invitation.Id}`);
    h.emulator.holdTasks();
    try {
      await click(h, answer, APPROVER, ACTION.accept, value);
      await waitForText(h, answer, /Partner Central is still accepting it/);
    } finally {
      // The task ends and its event goes out at once; the app looks at the task again only later.
      h.emulator.releaseTasks();
    }
    await expectCreditedEverywhere([digest, answer], details);
  });
});
