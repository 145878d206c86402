import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionInvitation, EngagementInvitation } from "../../dev/emulator/index.ts";
import { createLogger } from "../../src/logger.ts";
import { ACTION, menuValue } from "../../src/slack/ids.ts";
import { APPROVER, BOT_TOKEN, CHANNEL, type Harness, startHarness } from "../helpers/harness.ts";
import { findButton, findMenuOption, messageJson, runCommand, shownInvitationIds } from "../helpers/slack.ts";

const HOUR_MS = 3_600_000;

let h: Harness;
const logLines: string[] = [];

beforeAll(async () => {
  h = await startHarness({
    logger: createLogger({ level: "error", destination: { write: (line: string) => logLines.push(line) } }),
  });
});
afterAll(async () => {
  await h?.close();
});

/** Received and pending in the AWS catalog, expiring in `hours`: sent 15 days before. */
function expiringIn(hours: number): Partial<EngagementInvitation> {
  const expires = Date.now() + hours * HOUR_MS;
  return { InvitationDate: new Date(expires - 15 * 24 * HOUR_MS), ExpirationDate: new Date(expires) };
}

describe("answers", () => {
  it("Show all under an `expiring` answer lists every invitation, from the answer only its caller sees", async () => {
    for (let i = 0; i < 20; i++) h.emulator.addEngagementInvitation(expiringIn(10 + i));
    const answer = await runCommand(h.standin, "expiring within=2");
    const showAll = findButton(answer, ACTION.showAll);
    expect(answer.ephemeralFor).toBe(APPROVER);
    // The button sits in an answer Slack leaves out of the click, so its value also names the answer.
    expect(showAll?.value).toMatch(/^AWS:2\|[A-Za-z0-9_-]+$/);
    const before = h.standin.messages(CHANNEL).length;
    await h.standin.clickButton({
      userId: APPROVER,
      channelId: CHANNEL,
      messageTs: answer.ts,
      actionId: ACTION.showAll,
      value: showAll?.value ?? "",
    });
    const all = await h.standin.waitFor(
      () =>
        h.standin
          .messages(CHANNEL)
          .slice(before)
          .find((m) => m.ephemeralFor === APPROVER),
      10_000,
    );
    expect(all.text).not.toContain("not one this app made");
    expect(messageJson(all)).toContain("Invitations nearing expiry");
    expect(shownInvitationIds(all)).toHaveLength(10);
    expect(findButton(all, ACTION.nextPage)).toBeDefined();
  });

  it("lists pending connection invitations soonest to expire first, received and sent", async () => {
    const hoursAgo = (n: number) => new Date(Date.now() - n * HOUR_MS);
    // Sent 15 days ago less two hours: the oldest, and the one that expires first.
    const urgent = h.emulator.addConnectionInvitation({
      CreatedAt: hoursAgo(15 * 24 - 2),
      ExpiresAt: new Date(Date.now() + 2 * HOUR_MS),
    });
    h.emulator.addConnectionInvitation({
      CreatedAt: hoursAgo(1),
      ExpiresAt: new Date(Date.now() + 359 * HOUR_MS),
    });
    const answer = await runCommand(h.standin, "invitations");
    const pending = [...h.emulator.state.connectionInvitations.values()]
      .filter((i: ConnectionInvitation) => i.Catalog === "AWS" && i.Status === "PENDING")
      .sort(
        (a, b) =>
          (a.ExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY) -
            (b.ExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY) || a.Id.localeCompare(b.Id),
      );
    expect(shownInvitationIds(answer)[0]).toBe(urgent.Id);
    expect(shownInvitationIds(answer)).toEqual(pending.slice(0, 10).map((i) => i.Id));
    expect(messageJson(answer)).toContain("soonest to expire first");
    expect(messageJson(answer)).toMatch(/expires in (2|1) hours?/);
  });
});

describe("logs", () => {
  it("a failed listener is logged with its error's stack, the reference the user is shown, and no token", async () => {
    const answer = await runCommand(h.standin, "engagements");
    const details = findMenuOption(answer, ACTION.details);
    expect(details).toBeDefined();
    h.standin.failNext("views.open", { error: "fatal_error" });
    const before = h.standin.messages(CHANNEL).length;
    await h.standin.clickButton({
      userId: APPROVER,
      channelId: CHANNEL,
      messageTs: answer.ts,
      actionId: ACTION.more,
      blockId: details?.blockId ?? "",
      value: details?.value ?? menuValue(ACTION.details, ""),
    });
    const told = await h.standin.waitFor(
      () =>
        h.standin
          .messages(CHANNEL)
          .slice(before)
          .find((m) => m.text.includes("Something went wrong")),
      10_000,
    );
    const reference = /`([0-9a-f]{8})`/.exec(told.text)?.[1];
    const line = await h.standin.waitFor(() =>
      logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.reference === reference),
    );
    expect(line).toMatchObject({
      msg: "listener failed",
      err: { message: expect.stringContaining("fatal_error") },
    });
    expect(String((line.err as { stack?: string }).stack)).toMatch(/fatal_error\n\s+at /);
    expect(logLines.join("\n")).not.toContain(BOT_TOKEN);
  });
});
