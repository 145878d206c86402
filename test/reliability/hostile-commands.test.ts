import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingUnescaped, expectWithinSlackLimits } from "../helpers/block-kit.ts";
import { APPROVER, CHANNEL, type Harness, startHarness } from "../helpers/harness.ts";
import { runCommand, shownInvitationIds } from "../helpers/slack.ts";
import { hostileCommandTexts } from "./hostile-input.ts";

/** What the global error handler says when a listener throws: a crash, never a deliberate answer. */
const CRASH_ANSWER = "Something went wrong on our side";
const CONCURRENCY = 10;

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function healthStatus(): Promise<number> {
  return (await fetch(`http://127.0.0.1:${h.services.app.port}/healthz`)).status;
}

describe("500 hostile slash-command texts", () => {
  const texts = hostileCommandTexts(500);

  it("are generated deterministically, with long, unicode and markup-laden texts", () => {
    expect(texts).toHaveLength(500);
    expect(hostileCommandTexts(500)).toEqual(texts);
    expect(texts.filter((t) => t.length === 4000).length).toBeGreaterThanOrEqual(50);
    expect(texts.some((t) => /[\u{1f300}-\u{1faff}]/u.test(t))).toBe(true);
    for (const markup of ["<!channel>", "<@U0VIEWER001>", "<https://evil.example|click here>", "\n"]) {
      expect(texts.some((t) => t.includes(markup))).toBe(true);
    }
    expect(texts.some((t) => t.includes("status=pending status=all"))).toBe(true);
  });

  it("each get a clear, escaped answer to the caller alone, and the app keeps serving", async () => {
    const answers: Array<{ text: string; answer: Awaited<ReturnType<typeof runCommand>> }> = [];
    for (let start = 0; start < texts.length; start += CONCURRENCY) {
      const batch = texts.slice(start, start + CONCURRENCY);
      answers.push(
        ...(await Promise.all(
          batch.map(async (text) => ({ text, answer: await runCommand(h.standin, text) })),
        )),
      );
    }
    expect(answers).toHaveLength(500);
    for (const { text, answer } of answers) {
      expect(answer.ephemeralFor, text).toBe(APPROVER);
      expect(answer.text.trim().length, text).toBeGreaterThan(0);
      expect(answer.text, text).not.toContain(CRASH_ANSWER);
      expectNothingUnescaped(answer);
      expectWithinSlackLimits(answer);
    }
    // Nothing reached the channel itself: every answer stayed with the caller.
    expect(h.standin.messages(CHANNEL).filter((m) => m.ephemeralFor === undefined)).toEqual([]);
    expect(h.standin.callsTo("chat.postMessage")).toEqual([]);
    // Option injection never widened a query: the emulator only ever saw the documented filters.
    for (const call of h.emulator.calls) {
      expect(JSON.stringify(call.input)).not.toMatch(/<!|<@|<https?:/);
    }

    expect(await healthStatus()).toBe(200);
    const after = await runCommand(h.standin, "engagements status=all");
    expect(shownInvitationIds(after)).toHaveLength(10);
  });
});
