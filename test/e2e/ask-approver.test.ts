import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StandinMessage } from "../../dev/slack-standin/index.ts";
import { ACTION } from "../../src/slack/ids.ts";
import {
  APPROVER,
  CHANNEL,
  decisionCalls,
  GROUP_MEMBER,
  type Harness,
  startHarness,
  VIEWER,
} from "../helpers/harness.ts";
import { clickAsShown, findButton, messageJson, runCommand, waitForMessageText } from "../helpers/slack.ts";

/** Ask an approver through the real app: signed clicks from the Slack stand-in, Partner Central emulated. */

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { DIGEST_WINDOW_DAYS: "15" }, emulator: { taskCompletionMs: 20 } });
});
afterAll(async () => {
  await h?.close();
});

/** The app's replies in the thread of `ts`. */
const threadReplies = (ts: string) => h.standin.messages(CHANNEL).filter((m) => m.threadTs === ts);

/** The last message only `userId` sees in the channel, once there is a new one. */
async function nextEphemeral(userId: string, after: number): Promise<StandinMessage> {
  return h.standin.waitFor(() => {
    const mine = h.standin.messages(CHANNEL).filter((m) => m.ephemeralFor === userId);
    return mine.length > after ? mine.at(-1) : undefined;
  }, 15_000);
}

const ephemeralCount = (userId: string) =>
  h.standin.messages(CHANNEL).filter((m) => m.ephemeralFor === userId).length;

describe("Ask an approver", () => {
  it("asks once per invitation and colleague, in the thread of the digest, where the approver's Accept decides it", async () => {
    const digest = await runCommand(h.standin, "digest now", { userId: VIEWER });
    const posted = await h.standin.waitFor(
      () => h.standin.messages(CHANNEL).find((m) => !m.ephemeralFor && /expires? within/.test(m.text)),
      15_000,
    );
    expect(digest.text).toBeDefined();
    const [id] = [...messageJson(posted).matchAll(/engagement:AWS:(engi-[a-z0-9]+)/g)].map((m) => m[1]);
    if (!id) throw new Error("the digest lists an engagement invitation");
    const ref = `engagement:AWS:${id}`;

    const before = ephemeralCount(VIEWER);
    await clickAsShown(h.standin, posted, VIEWER, ACTION.askApprover, ref);
    const told = await nextEphemeral(VIEWER, before);
    expect(told.text).toMatch(
      /^:raising_hand: Asked <@U0APPROVER1> or members of <!subteam\^S0APPROVERS> in this message's thread/,
    );
    const [request] = threadReplies(posted.ts);
    expect(threadReplies(posted.ts)).toHaveLength(1);
    expect(request?.text).toContain(
      "asks <@U0APPROVER1> or members of <!subteam^S0APPROVERS> to accept or reject",
    );
    expect(messageJson(request ?? { blocks: [] })).toMatch(/expires in \d+ (days|hours|minutes)/);

    // Asking again, twice at once: one answer each that they already asked, and nothing more in the thread.
    const again = ephemeralCount(VIEWER);
    await Promise.all([
      clickAsShown(h.standin, posted, VIEWER, ACTION.askApprover, ref),
      clickAsShown(h.standin, posted, VIEWER, ACTION.askApprover, ref),
    ]);
    await h.standin.waitFor(() => ephemeralCount(VIEWER) >= again + 2, 15_000);
    expect(
      h.standin
        .messages(CHANNEL)
        .filter((m) => m.ephemeralFor === VIEWER)
        .slice(-2)
        .map((m) => m.text),
    ).toEqual([
      expect.stringMatching(
        /^:information_source: You already asked the approvers about .* in the thread of the message in <#C0TEAM00001>/,
      ),
      expect.stringMatching(/^:information_source: You already asked/),
    ]);
    expect(threadReplies(posted.ts)).toHaveLength(1);

    // The approver accepts in the thread, through the same path and checks as anywhere.
    if (!request) throw new Error("the request was posted");
    expect(findButton(request, ACTION.accept, ref)).toBeDefined();
    await h.standin.clickButton({
      userId: APPROVER,
      channelId: CHANNEL,
      messageTs: request.ts,
      actionId: ACTION.accept,
      value: ref,
    });
    await waitForMessageText(h.standin, request, /Accepted by <@U0APPROVER1>/);
    expect(h.emulator.state.engagementInvitations.get(id)?.Status).toBe("ACCEPTED");
    expect(decisionCalls(h.emulator)).toHaveLength(1);
  });

  it("asks the approvers by direct message from an answer only the colleague sees", async () => {
    const invitation = h.emulator.addEngagementInvitation();
    const ref = `engagement:AWS:${invitation.Id}`;
    const list = await runCommand(h.standin, `engagement ${invitation.Id}`, { userId: VIEWER });
    const ask = findButton(list, ACTION.askApprover, ref);
    expect(ask).toBeDefined();
    expect(findButton(list, ACTION.accept, ref)).toBeUndefined();
    const before = ephemeralCount(VIEWER);
    await h.standin.clickButton({
      userId: VIEWER,
      channelId: CHANNEL,
      messageTs: list.ts,
      actionId: ACTION.askApprover,
      value: ask?.value ?? "",
    });
    const told = await nextEphemeral(VIEWER, before);
    expect(told.text).toMatch(/by direct message to decide/);
    for (const approver of [APPROVER, GROUP_MEMBER]) {
      const [dm] = h.standin
        .messages(approver)
        .filter((m) => JSON.stringify(m.blocks).includes(invitation.Id));
      expect(dm?.text).toContain("<@U0VIEWER001> asks you to accept or reject this invitation");
      expect(dm?.threadTs).toBeUndefined();
    }
    const dm = h.standin.messages(APPROVER).find((m) => JSON.stringify(m.blocks).includes(invitation.Id));
    if (!dm) throw new Error("the approver got a direct message");
    await h.standin.clickButton({
      userId: APPROVER,
      channelId: dm.channelId,
      messageTs: dm.ts,
      actionId: ACTION.accept,
      value: ref,
    });
    await h.standin.waitFor(
      () =>
        /Accepted by <@U0APPROVER1>/.test(
          messageJson(h.standin.message(dm.channelId, dm.ts) ?? { blocks: [] }),
        )
          ? true
          : undefined,
      15_000,
    );
    expect(h.emulator.state.engagementInvitations.get(invitation.Id)?.Status).toBe("ACCEPTED");
  });

  it("offers it in the refusal of a colleague's Accept, asking in the thread of the message they clicked in", async () => {
    const invitation = h.emulator.addEngagementInvitation({
      ExpirationDate: new Date(Date.now() + 3 * 3_600_000),
    });
    const ref = `engagement:AWS:${invitation.Id}`;
    await runCommand(h.standin, "digest now", { userId: APPROVER });
    const digest = await h.standin.waitFor(
      () =>
        h.standin
          .messages(CHANNEL)
          .findLast(
            (m) =>
              !m.ephemeralFor &&
              !m.threadTs &&
              m.text.includes("expire") &&
              JSON.stringify(m.blocks).includes(invitation.Id),
          ),
      15_000,
    );
    const before = ephemeralCount(VIEWER);
    await clickAsShown(h.standin, digest, VIEWER, ACTION.accept, ref);
    const refusal = await nextEphemeral(VIEWER, before);
    expect(refusal.text).toMatch(/^:lock: Only .* can accept invitations\. Nothing was changed\./);
    const ask = findButton(refusal, ACTION.askApprover);
    await h.standin.clickButton({
      userId: VIEWER,
      channelId: CHANNEL,
      messageTs: refusal.ts,
      actionId: ACTION.askApprover,
      value: ask?.value ?? "",
    });
    await h.standin.waitFor(() => (threadReplies(digest.ts).length === 1 ? true : undefined), 15_000);
    expect(messageJson(threadReplies(digest.ts)[0] ?? { blocks: [] })).toContain(invitation.Id);
    expect(h.emulator.state.engagementInvitations.get(invitation.Id)?.Status).toBe("PENDING");
  });
});
