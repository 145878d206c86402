import { describe, expect, it } from "vitest";
import { expiryPhrase, timeLeft } from "../../../src/slack/blocks/text.ts";

const now = new Date("2026-11-30T10:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

describe("timeLeft", () => {
  it.each([
    [0, "0 seconds"],
    [999, "0 seconds"],
    [1_000, "1 second"],
    [59_999, "59 seconds"],
    [MINUTE, "1 minute"],
    [60 * MINUTE - 1, "59 minutes"],
    [60 * MINUTE, "1 hour"],
    [DAY - 1, "23 hours"],
    [DAY, "1 day"],
    [2 * DAY + 23 * 60 * MINUTE, "2 days"],
    [30 * DAY - 1, "29 days"],
    [30 * DAY, "1 month"],
    [359 * DAY, "11 months"],
    [360 * DAY, "1 year"],
    [365 * DAY, "1 year"],
    [800 * DAY, "2 years"],
  ])("says %d ms as %s, the largest unit it fills, rounded down", (ms, words) => {
    expect(timeLeft(later(ms), now)).toBe(words);
    expect(timeLeft(now, later(ms))).toBe(words);
  });

  it("reads both ways in an expiry", () => {
    expect(expiryPhrase(later(2 * DAY + 5 * MINUTE), now)).toBe("expires in 2 days");
    expect(expiryPhrase(later(-3 * 60 * MINUTE), now)).toBe("expired 3 hours ago");
  });
});
