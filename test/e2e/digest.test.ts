import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../dev/emulator/index.ts";
import type { SlackStandin, StandinMessage } from "../../dev/slack-standin/index.ts";
import { composeApp, type Instance } from "../../src/compose.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { DIGEST_EVENT_TYPE } from "../../src/slack/channel-poster.ts";
import { expectNothingUnescaped, expectWithinSlackLimits } from "../helpers/block-kit.ts";
import {
  APPROVER,
  CHANNEL,
  type Harness,
  OUTSIDE_CHANNEL,
  PRIVATE_CHANNEL,
  startHarness,
  VIEWER,
} from "../helpers/harness.ts";
import { messageJson, runCommand, shownInvitationIds } from "../helpers/slack.ts";
import { dropSchema, TEST_DATABASE_URL, uniqueSchema, withAdmin } from "../store/helpers.ts";

const DAY = 86_400_000;
const FAST_RETRY = { limitMs: 1_500, firstDelayMs: 200, maxDelayMs: 400 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Digests the bot posted in a channel (not command answers, not subscription lines). */
function digestMessages(standin: SlackStandin, channelId: string): StandinMessage[] {
  return standin
    .messages(channelId)
    .filter((m) => !m.ephemeralFor && !m.responseUrl && !m.text.startsWith(":calendar:"));
}

/** The occurrence each digest post was for, from the message metadata, in posting order. */
function postedOccurrences(standin: SlackStandin, channelId: string): string[] {
  return standin
    .callsTo("chat.postMessage")
    .filter((c) => c.args.channel === channelId)
    .map((c) => c.args.metadata as { event_type?: string; event_payload?: { scheduled_for?: string } })
    .filter((m) => m?.event_type === DIGEST_EVENT_TYPE)
    .map((m) => m.event_payload?.scheduled_for ?? "");
}

/** Pending invitations received in the AWS catalog expiring within `days`, soonest first: what the digest must list. */
function expectedExpiring(emulator: Emulator, now: Date, days: number): string[] {
  const end = now.getTime() + days * DAY;
  const engagements = [...emulator.state.engagementInvitations.values()]
    .filter((i) => i.Catalog === "AWS" && i.Status === "PENDING" && i.ParticipantType === "RECEIVER")
    .map((i) => ({
      id: i.Id,
      at: (i.ExpirationDate ?? new Date(i.InvitationDate.getTime() + 15 * DAY)).getTime(),
    }));
  const connections = [...emulator.state.connectionInvitations.values()]
    .filter(
      (i) => i.Catalog === "AWS" && i.Status === "PENDING" && i.ParticipantType === "RECEIVER" && i.ExpiresAt,
    )
    .map((i) => ({ id: i.Id, at: i.ExpiresAt?.getTime() ?? 0 }));
  return [...engagements, ...connections]
    .filter((i) => i.at > now.getTime() && i.at <= end)
    .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))
    .map((i) => i.id);
}

describe("digest commands end to end", () => {
  /** Set while a test needs the app, the emulator and its expectations to agree on the instant. */
  let frozen: Date | undefined;
  const clock = () => frozen ?? new Date();
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ clock, emulator: { now: clock }, digest: { retry: FAST_RETRY } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("digest now posts the expiring invitations soonest first in the channel, for everyone", async () => {
    // No invitation may cross the window's edge between the digest and the expectation.
    const now = new Date();
    frozen = now;
    const answer = await runCommand(h.standin, "digest now", { userId: VIEWER }).finally(() => {
      frozen = undefined;
    });
    expect(answer.ephemeralFor).toBe(VIEWER);
    expect(answer.text).toBe(":white_check_mark: Posted the digest in this channel.");

    const [digest, ...more] = digestMessages(h.standin, CHANNEL);
    expect(more).toEqual([]);
    if (!digest) throw new Error("no digest was posted");
    const expected = expectedExpiring(h.emulator, now, 5);
    expect(expected.length).toBeGreaterThan(3);
    const shown = shownInvitationIds(digest);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(expected.slice(0, shown.length));
    expect(digest.text).toMatch(new RegExp(`^${expected.length} invitations expire within 5 days`));
    expect(messageJson(digest)).toContain("Accept");
    expectWithinSlackLimits(digest);
    expectNothingUnescaped(digest);
    expect(h.standin.callsTo("chat.postMessage").at(-1)?.args).toMatchObject({ channel: CHANNEL });
  });

  it("subscribe tells the channel who subscribed; status shows the schedule and the last digest", async () => {
    const answer = await runCommand(
      h.standin,
      "digest subscribe at=08:30 on=mon,wed,fri tz=Europe/Berlin within=3 quiet",
    );
    expect(answer.ephemeralFor).toBe(APPROVER);
    expect(answer.text).toContain(
      "Subscribed this channel to the digest: invitations expiring within 3 days, at 08:30 on Mon, Wed, Fri (Europe/Berlin), and nothing when nothing expires. Next one: <!date^",
    );
    const line = h.standin
      .messages(CHANNEL)
      .find((m) => !m.ephemeralFor && m.text.startsWith(`:calendar: <@${APPROVER}> subscribed this channel`));
    expect(line?.text).toContain("at 08:30 on Mon, Wed, Fri (Europe/Berlin)");

    const status = await runCommand(h.standin, "digest status", { userId: VIEWER });
    expect(status.text).toContain("*Digest in this channel:* invitations expiring within 3 days, at 08:30");
    expect(status.text).toMatch(
      new RegExp(`<@${APPROVER}> subscribed it <!date\\^\\d+\\^\\{date_short_pretty\\} at`),
    );
    // The next one in the reader's own time, and as the schedule's zone reads it.
    expect(status.text).toMatch(
      /\*Next:\* <!date\^\d+\^[^>]+> your time \((Mon|Wed|Fri) 08:30 Europe\/Berlin\)/,
    );
    expect(status.text).toContain("*Last:* :white_check_mark: posted");

    expect((await runCommand(h.standin, "digest subscribe within=4")).text).toContain(
      "Changed this channel's digest",
    );
    const gone = await runCommand(h.standin, "digest unsubscribe");
    expect(gone.text).toBe(":white_check_mark: This channel no longer gets the digest.");
    const unsubscribedLine = `:calendar: <@${APPROVER}> unsubscribed this channel from the Partner Central digest.`;
    expect(h.standin.messages(CHANNEL).some((m) => !m.ephemeralFor && m.text === unsubscribedLine)).toBe(
      true,
    );
    expect((await runCommand(h.standin, "digest status")).text).toContain(
      "No digest is scheduled in this channel.",
    );
  });

  it("answers a mistake with what is wrong and what is allowed, and changes nothing", async () => {
    const answer = await runCommand(h.standin, "digest subscribe tz=Mars/Olympus at=09:00");
    expect(answer.text).toContain(
      "`tz=Mars/Olympus` is not a time zone: use an IANA name such as Europe/Berlin",
    );
    expect((await runCommand(h.standin, "digest status")).text).toContain("No digest is scheduled");
  });

  it("waits out a Slack 429 and posts the digest once, late", async () => {
    const before = digestMessages(h.standin, CHANNEL).length;
    h.standin.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    const answer = await runCommand(h.standin, "digest now");
    expect(answer.text).toBe(":white_check_mark: Posted the digest in this channel.");
    expect(digestMessages(h.standin, CHANNEL)).toHaveLength(before + 1);
    const [refused, accepted] = h.standin.callsTo("chat.postMessage").slice(-2);
    expect(refused?.args).toEqual(accepted?.args);
    expect((accepted?.at.getTime() ?? 0) - (refused?.at.getTime() ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it("joins a public channel it is not in, then posts there", async () => {
    const answer = await runCommand(h.standin, "digest now", { channelId: OUTSIDE_CHANNEL });
    expect(answer.text).toBe(":white_check_mark: Posted the digest in this channel.");
    expect(h.standin.callsTo("conversations.join").map((c) => c.args.channel)).toEqual([OUTSIDE_CHANNEL]);
    expect(digestMessages(h.standin, OUTSIDE_CHANNEL)).toHaveLength(1);
  });

  it("tells whoever asks in a private channel it is not in how to invite it", async () => {
    const asked = await runCommand(h.standin, "digest now", { channelId: PRIVATE_CHANNEL });
    expect(asked.text).toBe(
      ":warning: I am not a member of this private channel. Invite me with `/invite @Partner Central`, then try again.",
    );
    const subscribed = await runCommand(h.standin, "digest subscribe", { channelId: PRIVATE_CHANNEL });
    expect(subscribed.text).toContain("Subscribed this channel to the digest");
    expect(subscribed.text).toContain(
      "I am not a member of this private channel, so no digest can be posted here yet. Invite me with `/invite @Partner Central`.",
    );
    expect(digestMessages(h.standin, PRIVATE_CHANNEL)).toEqual([]);
    await runCommand(h.standin, "digest unsubscribe", { channelId: PRIVATE_CHANNEL });
  });

  // Last here: the injected faults outlast the test.
  it("posts a failure notice, never a partial list, when AWS fails for longer than the retry limit", async () => {
    h.emulator.resetCalls();
    h.emulator.injectFault("ListEngagementInvitations", "InternalServerException", 1_000);
    const answer = await runCommand(h.standin, "digest now");
    expect(answer.text).toBe(":x: The digest could not be built; the channel was told why.");
    const notice = digestMessages(h.standin, CHANNEL).at(-1);
    expect(notice?.text).toBe(
      ":x: The digest of invitations expiring within 5 days could not be built. Partner Central had an internal error. Try again in a few minutes.",
    );
    expect(notice && shownInvitationIds(notice)).toEqual([]);
    // Connection invitations were listed fine, and still not shown on their own.
    expect(h.emulator.calls.some((c) => c.operation === "ListConnectionInvitations")).toBe(true);
    const attempts = h.emulator.calls.filter((c) => c.operation === "ListEngagementInvitations").length;
    expect(attempts).toBeGreaterThan(5);
    expect((await runCommand(h.standin, "digest status")).text).toContain("*Last:* :x: failed · for <!date^");
  });
});

describe("scheduled digests end to end", () => {
  it("a per-second subscription posts once per occurrence, and nothing once stopped", async () => {
    const h = await startHarness({ env: { DIGEST_CHANNEL: CHANNEL, DIGEST_CRON: "* * * * * *" } });
    try {
      await h.standin.waitFor(() => postedOccurrences(h.standin, CHANNEL).length >= 3, 10_000);
      await h.stopApp();
      const seen = postedOccurrences(h.standin, CHANNEL);
      expect(new Set(seen).size).toBe(seen.length);
      for (const at of seen) expect(at).toMatch(/\.000Z$/);
      expect(digestMessages(h.standin, CHANNEL)).toHaveLength(seen.length);
      await sleep(1_200);
      expect(postedOccurrences(h.standin, CHANNEL)).toEqual(seen);
    } finally {
      await h.close();
    }
  });

  it("catches up today's missed digest once after downtime, and a restart posts nothing more", async () => {
    // 09:00 on 29 February only: the real clock will not reach it while this runs.
    let now = new Date("2028-02-29T08:00:00Z");
    const clock = () => now;
    const h = await startHarness({
      clock,
      emulator: { now: clock },
      env: { DIGEST_CHANNEL: CHANNEL, DIGEST_CRON: "0 9 29 2 *", DIGEST_TIMEZONE: "UTC" },
    });
    try {
      await h.stopApp();
      expect(postedOccurrences(h.standin, CHANNEL)).toEqual([]);
      now = new Date("2028-02-29T10:30:00Z");
      await h.restartApp();
      await h.standin.waitFor(() => postedOccurrences(h.standin, CHANNEL).length > 0);
      await h.restartApp();
      await h.stopApp();
      expect(postedOccurrences(h.standin, CHANNEL)).toEqual(["2028-02-29T09:00:00.000Z"]);
      expect(digestMessages(h.standin, CHANNEL)).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});

// Registered only where a server is available, as the store's PostgreSQL tests; CI sets TEST_DATABASE_URL.
if (TEST_DATABASE_URL !== undefined) {
  const serverUrl = TEST_DATABASE_URL;

  describe("two app instances on one PostgreSQL", () => {
    it("post each occurrence of a per-second digest once between them", async () => {
      const schema = uniqueSchema();
      await withAdmin(serverUrl, (client) => client.query(`CREATE SCHEMA "${schema}"`));
      const url = new URL(serverUrl);
      url.searchParams.set("options", `-c search_path=${schema}`);
      const h = await startHarness({
        env: { DATABASE_URL: url.toString(), DIGEST_CHANNEL: CHANNEL, DIGEST_CRON: "* * * * * *" },
      });
      let second: Instance | undefined;
      try {
        second = await composeApp(loadConfig(h.env), createLogger({ level: "error" }), h.compose);
        await h.standin.waitFor(() => postedOccurrences(h.standin, CHANNEL).length >= 4, 10_000);
        await Promise.all([h.stopApp(), second.stop()]);
        second = undefined;
        const seen = postedOccurrences(h.standin, CHANNEL);
        expect(new Set(seen).size).toBe(seen.length);
        expect(digestMessages(h.standin, CHANNEL)).toHaveLength(seen.length);
      } finally {
        await second?.stop();
        await h.close();
        await dropSchema(serverUrl, schema);
      }
    });
  });
}
