import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/slack/commands/parse.ts";

const defaults = { catalog: "AWS" as const, windowDays: 5 };
const parse = (text: string) => parseCommand(text, defaults);

const subscribe = (fields: Record<string, unknown> = {}) => ({
  kind: "digest",
  command: { action: "subscribe", windowDays: 5, catalog: "AWS", quiet: false, ...fields },
});

describe("digest sub-grammar: valid commands", () => {
  it.each([
    ["digest status", { kind: "digest", command: { action: "status" } }],
    ["DIGEST Now", { kind: "digest", command: { action: "now" } }],
    ["digest unsubscribe", { kind: "digest", command: { action: "unsubscribe" } }],
    // Nothing about when: the configured DIGEST_CRON and DIGEST_TIMEZONE.
    ["digest subscribe", subscribe()],
    ["digest subscribe at=08:30", subscribe({ cron: "30 8 * * 1-5" })],
    ["digest subscribe at=7:05 on=daily", subscribe({ cron: "5 7 * * *" })],
    ["digest subscribe on=weekdays", subscribe({ cron: "0 9 * * 1-5" })],
    ["digest subscribe on=Fri,mon,WEDNESDAY,tues,mon", subscribe({ cron: "0 9 * * 1,2,3,5" })],
    ["digest subscribe at=23:59 on=sun", subscribe({ cron: "59 23 * * 0" })],
    ['digest subscribe cron="0 9 * * 1-5"', subscribe({ cron: "0 9 * * 1-5" })],
    ["digest subscribe cron=“*/30  8-17 * * mon-fri”", subscribe({ cron: "*/30 8-17 * * mon-fri" })],
    ["digest subscribe tz=europe/berlin", subscribe({ timezone: "Europe/Berlin" })],
    ["digest subscribe tz=UTC within=15 quiet", subscribe({ timezone: "UTC", windowDays: 15, quiet: true })],
    [
      "digest subscribe QUIET within=1 catalog=sandbox",
      subscribe({ windowDays: 1, quiet: true, catalog: "Sandbox" }),
    ],
    [
      "digest subscribe at=16:00 on=mon,wed,fri tz=America/New_York within=3",
      subscribe({ cron: "0 16 * * 1,3,5", timezone: "America/New_York", windowDays: 3 }),
    ],
  ])("%s", (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });
});

describe("digest sub-grammar: mistakes get a sentence naming what is wrong and what is allowed", () => {
  it.each([
    ["digest", /`digest` needs one of `subscribe`, `unsubscribe`, `status` or `now`/],
    ["digest weekly", /`digest` needs one of/],
    ["digest at=09:00", /`digest` needs one of/],
    ["digest status now", /`digest status` takes no options \(`now`\)/],
    ["digest now within=3", /`digest now` takes no options \(`within=3`\)/],
    [
      "digest subscribe tz=Mars/Olympus",
      /`tz=Mars\/Olympus` is not a time zone: use an IANA name such as Europe\/Berlin/,
    ],
    ["digest subscribe tz=CEST+1", /`tz=CEST\+1` is not a time zone/],
    ["digest subscribe at=25:00", /`at=25:00` is not a time: use HH:MM on a 24-hour clock, such as 09:00/],
    ["digest subscribe at=9am", /`at=9am` is not a time/],
    ["digest subscribe at=09:60", /`at=09:60` is not a time/],
    ['digest subscribe cron="0 9 * * *" at=09:00', /Give either `cron=` or `at=`\/`on=`, not both/],
    ['digest subscribe on=daily cron="0 9 * * *"', /Give either `cron=` or `at=`\/`on=`, not both/],
    ["digest subscribe within=0", /`within=0` is not valid: use a whole number from 1 to 15/],
    ["digest subscribe within=16", /`within=16` is not valid: use a whole number from 1 to 15/],
    [
      "digest subscribe on=funday",
      /`on=funday` is not valid: use weekdays, daily, or days such as mon,wed,fri/,
    ],
    ["digest subscribe on=mo", /`on=mo` is not valid/],
    ['digest subscribe cron="0 9 * *"', /is not a cron expression this takes: use five fields/],
    ['digest subscribe cron="* * * * * *"', /is not a cron expression this takes: use five fields/],
    ['digest subscribe cron="0 25 * * *"', /`cron=0 25 \* \* \*` is not a cron expression/],
    [
      "digest subscribe loud",
      /`loud` is not an option of `digest subscribe`: it takes `at=`.* and the word `quiet`/,
    ],
    ["digest subscribe every=day", /`digest subscribe` has no option `every`/],
    ["digest subscribe at=09:00 at=10:00", /`at` is given more than once/],
    ["digest subscribe catalog=mars", /`catalog=mars` is not valid: use AWS or Sandbox/],
    ['digest subscribe cron="0 9 * * 1', /never closed/],
  ])("%s", (text, message) => {
    const result = parse(text);
    expect(result.kind).toBe("error");
    expect(result.kind === "error" && result.message).toMatch(message);
  });
});
