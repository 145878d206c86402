import { describe, expect, it } from "vitest";
import { renderDigestFailure } from "../../../src/slack/blocks/digest.ts";
import {
  describeSchedule,
  renderDigestNowAnswer,
  renderDigestStatus,
  renderSubscribeAnswer,
  renderSubscribedLine,
  renderUnsubscribeAnswer,
} from "../../../src/slack/blocks/subscription.ts";
import type { DigestSubscription } from "../../../src/store/index.ts";
import { HOSTILE, NOW } from "../../fixtures/invitations.ts";
import { expectNothingUnescaped, expectWithinSlackLimits } from "../../helpers/block-kit.ts";

const SUBSCRIBER = "U0SUBSCRIBER";
const sub: DigestSubscription = {
  channelId: "C0TEAM00001",
  cron: "30 8 * * 1,3,5",
  timezone: "Europe/Berlin",
  windowDays: 3,
  catalog: "AWS",
  quiet: true,
  createdBy: SUBSCRIBER,
  createdAt: NOW,
};
const next = new Date("2026-11-23T07:30:00Z");
const text = (message: { blocks: unknown[] }) => JSON.stringify(message.blocks);

describe("describeSchedule", () => {
  it.each([
    ["0 9 * * 1-5", "UTC", "at 09:00 on weekdays (UTC)"],
    ["5 7 * * *", "Europe/Berlin", "at 07:05 every day (Europe/Berlin)"],
    ["30 16 * * 1,3,5", "America/New_York", "at 16:30 on Mon, Wed, Fri (America/New_York)"],
    ["0 9 * * 0", "UTC", "at 09:00 on Sun (UTC)"],
    ["*/30 8-17 * * 1-5", "UTC", "on the schedule `*/30 8-17 * * 1-5` (UTC)"],
    ["* * * * * *", "UTC", "on the schedule `* * * * * *` (UTC)"],
  ])("%s in %s", (cron, zone, expected) => {
    expect(describeSchedule(cron, zone)).toBe(expected);
  });
});

describe("digest subscription renderers", () => {
  it("the failure notice gives the reason escaped, how long it tried, and no list", () => {
    const notice = renderDigestFailure({ reason: HOSTILE, windowDays: 5, attempts: 18, overMs: 855_000 });
    expect(notice.text).toMatch(
      /^:x: The digest of invitations expiring within 5 days could not be built\. /,
    );
    expect(text(notice)).toContain("Tried 18 times over 14 minutes.");
    expect(text(notice)).toContain("`/partnercentral digest now` tries again");
    expectNothingUnescaped(notice);
    expectWithinSlackLimits(notice);
    expect(text(renderDigestFailure({ reason: "x", windowDays: 1, attempts: 1, overMs: 0 }))).not.toContain(
      "Tried",
    );
  });

  it("the channel line names who subscribed, what and when", () => {
    const line = renderSubscribedLine({ userId: SUBSCRIBER, subscription: sub, next });
    expect(line.text).toBe(
      `:calendar: <@${SUBSCRIBER}> subscribed this channel to the Partner Central digest: invitations expiring within 3 days, at 08:30 on Mon, Wed, Fri (Europe/Berlin), and nothing when nothing expires. Next one: <!date^1795419000^{date_short_pretty} at {time}|2026-11-23 07:30 UTC> your time (Mon 08:30 Europe/Berlin).`,
    );
    expectNothingUnescaped(line, { mentioned: [SUBSCRIBER] });
  });

  it("the subscribe answer warns when the bot cannot post in the channel", () => {
    const ok = renderSubscribeAnswer({
      subscription: sub,
      next,
      replaced: false,
      announced: { posted: true, ts: "1.2" },
    });
    expect(ok.text).toMatch(/^:white_check_mark: Subscribed this channel to the digest: /);
    const blocked = renderSubscribeAnswer({
      subscription: sub,
      next,
      replaced: true,
      announced: { posted: false, notMember: true, detail: "channel_not_found" },
    });
    expect(blocked.text).toMatch(/^:white_check_mark: Changed this channel's digest: /);
    expect(blocked.text).toContain("Invite me with `/invite @Partner Central`");
  });

  it("unsubscribing says what still comes from the configuration", () => {
    const fallback = { subscription: { ...sub, createdBy: "config", quiet: false }, next };
    expect(renderUnsubscribeAnswer({ removed: true }).text).toBe(
      ":white_check_mark: This channel no longer gets the digest.",
    );
    expect(renderUnsubscribeAnswer({ removed: true, fallback }).text).toContain(
      "The app's default digest still comes here",
    );
    expect(renderUnsubscribeAnswer({ removed: false, fallback }).text).toContain("(`DIGEST_CHANNEL`)");
    expect(renderUnsubscribeAnswer({ removed: false }).text).toContain("there is nothing to stop");
  });

  it("status shows the schedule, its source, the next run and the last outcome, escaped", () => {
    const status = renderDigestStatus({
      scheduled: { subscription: sub, next, fromConfig: false },
      last: {
        channelId: sub.channelId,
        scheduledFor: NOW,
        status: "failed",
        claimedBy: "host:1",
        claimedAt: NOW,
        detail: HOSTILE,
      },
    });
    // "subscribed it today at 10:53 PM", never "on today".
    expect(status.text).toContain(
      `<@${SUBSCRIBER}> subscribed it <!date^1795165200^{date_short_pretty} at {time}|`,
    );
    expect(status.text).toContain(
      "*Next:* <!date^1795419000^{date_short_pretty} at {time}|2026-11-23 07:30 UTC> your time (Mon 08:30 Europe/Berlin)",
    );
    expect(status.text).toContain("*Last:* :x: failed · for <!date^");
    expectNothingUnescaped(status, { mentioned: [SUBSCRIBER] });

    const configured = renderDigestStatus({ scheduled: { subscription: sub, fromConfig: true } });
    expect(configured.text).toContain("Set in the app's configuration (`DIGEST_CHANNEL`).");
    expect(configured.text).toContain("*Next:* never");
    expect(configured.text).toContain("*Last:* none yet.");
    expect(renderDigestStatus({}).text).toContain("No digest is scheduled in this channel.");
  });

  it.each([
    [{ status: "posted", detail: "2 invitations", ts: "1.2" } as const, "Posted the digest in this channel."],
    [{ status: "skipped" } as const, "A digest is being posted in this channel right now."],
    [
      {
        status: "empty",
        detail: "Nothing expires in the window; the all-clear was posted.",
        ts: "1.2",
      } as const,
      "Nothing expires in the window; the all-clear was posted.",
    ],
    [
      { status: "failed", detail: "x", notMember: true } as const,
      "Invite me with `/invite @Partner Central`",
    ],
    [{ status: "failed", detail: "x", notMember: false, ts: "1.2" } as const, "the channel was told why"],
    [
      { status: "failed", detail: "is_archived", notMember: false } as const,
      "could not be posted: is_archived",
    ],
  ])("answers digest now: %o", (outcome, expected) => {
    expect(renderDigestNowAnswer(outcome).text).toContain(expected);
  });
});
