import cron from "node-cron";
import { describe, expect, it } from "vitest";
import { CronSchedule, catchUpOccurrence } from "../../src/digest/schedule.ts";

const at = (iso: string) => new Date(iso);
const iso = (date: Date | undefined) => date?.toISOString();

/** The next `count` occurrences after `from`. */
function nextRuns(schedule: CronSchedule, from: string, count: number): string[] {
  const runs: string[] = [];
  let cursor = at(from);
  for (let i = 0; i < count; i++) {
    const next = schedule.next(cursor);
    if (!next) break;
    runs.push(next.toISOString());
    cursor = next;
  }
  return runs;
}

describe("CronSchedule: next and previous occurrence", () => {
  const weekdays = new CronSchedule("0 9 * * 1-5", "UTC");

  it.each([
    ["Friday before nine", "2026-11-20T08:59:59Z", "2026-11-20T09:00:00.000Z"],
    ["exactly at nine: strictly after", "2026-11-20T09:00:00Z", "2026-11-23T09:00:00.000Z"],
    ["Saturday", "2026-11-21T12:00:00Z", "2026-11-23T09:00:00.000Z"],
  ])("next, %s", (_, from, expected) => {
    expect(iso(weekdays.next(at(from)))).toBe(expected);
  });

  it.each([
    ["exactly at nine: included", "2026-11-20T09:00:00Z", "2026-11-20T09:00:00.000Z"],
    ["a second before nine", "2026-11-20T08:59:59Z", "2026-11-19T09:00:00.000Z"],
    ["Monday early, over the weekend", "2026-11-23T06:00:00Z", "2026-11-20T09:00:00.000Z"],
  ])("previous, %s", (_, from, expected) => {
    expect(iso(weekdays.previous(at(from)))).toBe(expected);
  });

  it("takes seconds as node-cron does (six fields)", () => {
    const everySecond = new CronSchedule("* * * * * *", "UTC");
    expect(iso(everySecond.next(at("2026-11-20T09:00:00.400Z")))).toBe("2026-11-20T09:00:01.000Z");
    expect(iso(everySecond.previous(at("2026-11-20T09:00:00.400Z")))).toBe("2026-11-20T09:00:00.000Z");
  });

  it("understands node-cron's last-day and nth-weekday tokens", () => {
    expect(nextRuns(new CronSchedule("0 12 L * *", "UTC"), "2028-02-01T00:00:00Z", 2)).toEqual([
      "2028-02-29T12:00:00.000Z",
      "2028-03-31T12:00:00.000Z",
    ]);
    // The first Monday of each month.
    expect(nextRuns(new CronSchedule("0 9 * * 1#1", "UTC"), "2026-11-03T00:00:00Z", 2)).toEqual([
      "2026-12-07T09:00:00.000Z",
      "2027-01-04T09:00:00.000Z",
    ]);
  });

  it("finds a 29 February years away, and the one before", () => {
    const leap = new CronSchedule("0 9 29 2 *", "UTC");
    expect(iso(leap.next(at("2028-03-01T00:00:00Z")))).toBe("2032-02-29T09:00:00.000Z");
    expect(iso(leap.previous(at("2028-02-29T08:00:00Z")))).toBe("2024-02-29T09:00:00.000Z");
  });

  it.each([
    ["0 9 * * 1-5", "Europe/Berlin"],
    ["30 8 * * 1,3,5", "America/New_York"],
    ["*/10 * * * * *", "Asia/Kolkata"],
    ["0 0 L * *", "Australia/Sydney"],
  ])("agrees with node-cron's own next run for %s in %s", async (expression, timeZone) => {
    const task = cron.createTask(expression, () => undefined, { timezone: timeZone });
    task.start();
    try {
      const before = new Date();
      const theirs = task.getNextRun();
      const ours = new CronSchedule(expression, timeZone).next(before);
      // A second boundary may pass between the two readings.
      const again = new CronSchedule(expression, timeZone).next(new Date());
      expect([iso(ours), iso(again)]).toContain(iso(theirs ?? undefined));
    } finally {
      await task.destroy();
    }
  });
});

describe("CronSchedule: 09:00 Europe/Berlin across the DST changes", () => {
  const berlin = new CronSchedule("0 9 * * *", "Europe/Berlin");

  it("moves from 08:00 to 07:00 UTC on the last Sunday of March", () => {
    expect(nextRuns(berlin, "2026-03-27T12:00:00Z", 3)).toEqual([
      "2026-03-28T08:00:00.000Z", // Saturday, CET (+01:00)
      "2026-03-29T07:00:00.000Z", // Sunday, CEST (+02:00) from 02:00 that morning
      "2026-03-30T07:00:00.000Z",
    ]);
    expect(iso(berlin.previous(at("2026-03-29T07:30:00Z")))).toBe("2026-03-29T07:00:00.000Z");
    expect(iso(berlin.previous(at("2026-03-29T06:59:59Z")))).toBe("2026-03-28T08:00:00.000Z");
  });

  it("moves back from 07:00 to 08:00 UTC on the last Sunday of October", () => {
    expect(nextRuns(berlin, "2026-10-23T12:00:00Z", 3)).toEqual([
      "2026-10-24T07:00:00.000Z",
      "2026-10-25T08:00:00.000Z",
      "2026-10-26T08:00:00.000Z",
    ]);
  });

  it("skips a local time the spring change leaves out, and runs a repeated one once", () => {
    const twoThirty = new CronSchedule("30 2 * * *", "Europe/Berlin");
    expect(nextRuns(twoThirty, "2026-03-28T12:00:00Z", 2)).toEqual([
      "2026-03-30T00:30:00.000Z", // no 02:30 on 29 March
      "2026-03-31T00:30:00.000Z",
    ]);
    expect(nextRuns(twoThirty, "2026-10-24T12:00:00Z", 2)).toEqual([
      "2026-10-25T01:30:00.000Z", // the second 02:30 (CET), as node-cron picks
      "2026-10-26T01:30:00.000Z",
    ]);
  });

  it("tells calendar days apart in the zone, not in UTC", () => {
    // 23:30 UTC on the 28th is already the 29th in Berlin.
    expect(berlin.sameDay(at("2026-03-28T23:30:00Z"), at("2026-03-29T09:00:00Z"))).toBe(true);
    expect(berlin.sameDay(at("2026-03-28T22:30:00Z"), at("2026-03-29T09:00:00Z"))).toBe(false);
  });
});

describe("catchUpOccurrence", () => {
  const weekdays = new CronSchedule("0 9 * * 1-5", "Europe/Berlin");

  it("is today's occurrence when it has passed", () => {
    expect(iso(catchUpOccurrence(weekdays, at("2026-11-20T10:00:00Z")))).toBe("2026-11-20T08:00:00.000Z");
  });

  it("is nothing before today's time: yesterday's is never caught up", () => {
    expect(catchUpOccurrence(weekdays, at("2026-11-20T07:59:00Z"))).toBeUndefined();
    expect(catchUpOccurrence(weekdays, at("2026-11-21T10:00:00Z"))).toBeUndefined();
  });

  it("is only the latest of several missed today", () => {
    const twice = new CronSchedule("0 9,12 * * *", "UTC");
    expect(iso(catchUpOccurrence(twice, at("2026-11-20T13:00:00Z")))).toBe("2026-11-20T12:00:00.000Z");
  });

  it("uses the subscription's time zone for 'today'", () => {
    const tokyo = new CronSchedule("0 9 * * *", "Asia/Tokyo");
    // 16:00 UTC on the 20th is 01:00 on the 21st in Tokyo: the 09:00 of the 20th is yesterday there.
    expect(catchUpOccurrence(tokyo, at("2026-11-20T16:00:00Z"))).toBeUndefined();
    expect(iso(catchUpOccurrence(tokyo, at("2026-11-20T14:59:00Z")))).toBe("2026-11-20T00:00:00.000Z");
  });

  it("is nothing when the subscription was made after today's time", () => {
    const now = at("2026-11-20T10:00:00Z");
    expect(catchUpOccurrence(weekdays, now, at("2026-11-20T09:30:00Z"))).toBeUndefined();
    expect(iso(catchUpOccurrence(weekdays, now, at("2026-11-20T07:00:00Z")))).toBe(
      "2026-11-20T08:00:00.000Z",
    );
  });
});
