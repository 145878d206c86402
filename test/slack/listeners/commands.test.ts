import { describe, expect, it } from "vitest";
import { partnerCentralCommand } from "../../../src/slack/commands/partnercentral.ts";
import { ACTION } from "../../../src/slack/ids.ts";
import { CHANNEL, VIEWER } from "../../helpers/harness.ts";
import {
  approverGroupAnswers,
  buildCommandArgs,
  fakeAck,
  fakeClient,
  sharedListenerWorld,
} from "../../helpers/listener.ts";
import { findButton, findMenuOption, messageJson, shownInvitationIds } from "../../helpers/slack.ts";

const shared = sharedListenerWorld();

/** Runs `/partnercentral <text>` through the listener; returns the one answer and the client's calls. */
async function command(text: string, userId?: string) {
  const ack = fakeAck();
  const fake = fakeClient(approverGroupAnswers);
  const before = shared.responses.answers.length;
  await partnerCentralCommand(shared.world.deps)(
    buildCommandArgs({
      ack,
      client: fake.client,
      text,
      responseUrl: shared.responses.url,
      ...(userId ? { userId } : {}),
    }),
  );
  expect(ack).toHaveBeenCalledOnce();
  expect(ack).toHaveBeenCalledWith();
  const answers = shared.responses.answers.slice(before) as Array<{ text: string; blocks: unknown[] }>;
  expect(answers).toHaveLength(1);
  return { answer: answers[0] as { text: string; blocks: unknown[]; response_type?: string }, fake };
}

describe("/partnercentral, called with its own ack, client and command", () => {
  it("answers a list only to the caller, remembered so its buttons and Next page can find it", async () => {
    const { answer } = await command("engagements status=all");
    expect(answer.response_type).toBe("ephemeral");
    expect(shownInvitationIds(answer)).toHaveLength(10);
    const key = findButton(answer, ACTION.nextPage)?.value ?? "";
    expect(key).toMatch(/^[A-Za-z0-9_-]{16}$/);
    // Every control names the same remembered answer.
    expect(findButton(answer, ACTION.accept)?.value).toMatch(new RegExp(`\\|${key}$`));
    expect(findMenuOption(answer, ACTION.details)?.value).toMatch(new RegExp(`\\|${key}$`));
    expect((await shared.world.store.messages.recall(key, "answer"))?.version).toBe(1);
  });

  it("shows someone who may not approve no decisions, and names who can", async () => {
    const { answer } = await command("engagements", VIEWER);
    expect(findButton(answer, ACTION.accept)).toBeUndefined();
    expect(messageJson(answer)).toContain("<@U0APPROVER1>");
  });

  it("answers a mistake with what was wrong, remembering nothing and calling neither AWS nor Slack", async () => {
    shared.world.emulator.resetCalls();
    const { answer, fake } = await command("engagements status=open");
    expect(answer.text).toContain("`status=open` is not valid");
    expect(answer.text).toContain("/partnercentral help");
    expect(shared.world.emulator.calls).toEqual([]);
    expect(fake.calls).toEqual([]);
  });

  it("answers what expires soon, soonest first, with a Show all that names the answer when not all fit", async () => {
    for (let hours = 10; hours < 30; hours++) {
      const expires = Date.now() + hours * 3_600_000;
      shared.world.emulator.addEngagementInvitation({
        InvitationDate: new Date(expires - 15 * 86_400_000),
        ExpirationDate: new Date(expires),
      });
    }
    const { answer } = await command("expiring within=2");
    expect(answer.text).toMatch(/invitations expire within 2 days/);
    expect(findButton(answer, ACTION.showAll)?.value).toMatch(/^AWS:2\|[A-Za-z0-9_-]{16}$/);
  });

  it("switches alerts on and tells the channel who did", async () => {
    const { answer, fake } = await command("alerts on");
    expect(answer.text).toContain("New invitations will be posted");
    expect(fake.callsTo("chat.postMessage")).toEqual([
      expect.objectContaining({ channel: CHANNEL, text: expect.stringContaining("<@U0APPROVER1>") }),
    ]);
    expect(
      (await shared.world.store.alertChannels.list()).find((c) => c.channelId === CHANNEL)?.enabled,
    ).toBe(true);
  });

  it("switches alerts on for leads only, keeps the filter, says so in status, and refuses what cannot be", async () => {
    const { answer, fake } = await command("alerts on KIND=Engagement payload=leads");
    expect(answer.text).toContain("only engagement invitations that are leads");
    expect(fake.callsTo("chat.postMessage")[0]?.text).toContain("only engagement invitations that are leads");
    const setting = (await shared.world.store.alertChannels.list()).find((c) => c.channelId === CHANNEL);
    expect(setting?.filter).toEqual({ kind: "engagement", payload: "lead" });
    expect((await command("alerts status")).answer.text).toContain(
      "Taken here: engagement invitations that are leads.",
    );
    const refused = await command("alerts on kind=connection payload=lead");
    expect(refused.answer.text).toContain("connection invitations have none");
    expect(refused.fake.calls).toEqual([]);
    expect((await command("alerts on kind=everything")).answer.text).toContain(
      "`kind=everything` is not valid",
    );
    await command("alerts on");
    expect(
      (await shared.world.store.alertChannels.list()).find((c) => c.channelId === CHANNEL)?.filter,
    ).toBeUndefined();
    expect((await command("alerts status")).answer.text).toContain("Taken here: every new invitation.");
  });
});
