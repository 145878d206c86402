import { TZDate } from "@date-fns/tz";
import cron, { type ParsedFields, type ScheduledTask } from "node-cron";

/** How far to look for an occurrence: a 29 February schedule can wait eight years (2096 to 2104). */
const SEARCH_DAYS = 8 * 366 + 1;
const DAY_MS = 86_400_000;

interface LocalDay {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
}

interface LocalTime extends LocalDay {
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

function localTime(instant: Date, timeZone: string): LocalTime {
  const local = new TZDate(instant.getTime(), timeZone);
  return {
    year: local.getFullYear(),
    month: local.getMonth() + 1,
    day: local.getDate(),
    hour: local.getHours(),
    minute: local.getMinutes(),
    second: local.getSeconds(),
    weekday: local.getDay(),
  };
}

function secondOfDay(time: LocalTime): number {
  return time.hour * 3600 + time.minute * 60 + time.second;
}

function addDays(day: LocalDay, days: number): LocalDay {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * A cron expression in an IANA time zone, with node-cron's own matching (so `L`, `W` and `#` mean what
 * they mean to the scheduler). Local times skipped by a DST change never occur; a repeated local time
 * occurs once, as node-cron runs it.
 */
export class CronSchedule {
  readonly #fields: ParsedFields;
  readonly #matcher: ScheduledTask;

  /** Throws for an expression node-cron rejects. */
  readonly expression: string;
  readonly timeZone: string;

  constructor(expression: string, timeZone: string) {
    this.expression = expression;
    this.timeZone = timeZone;
    this.#fields = cron.parse(expression);
    // node-cron exposes its matcher only on tasks; a destroyed task is out of its registry and still matches.
    this.#matcher = cron.createTask(expression, () => undefined, { timezone: timeZone });
    this.#matcher.destroy();
  }

  /** The first occurrence strictly after `after`; undefined if there is none within eight years. */
  next(after: Date): Date | undefined {
    const start = localTime(after, this.timeZone);
    for (let i = 0; i < SEARCH_DAYS; i++) {
      const day = addDays(start, i);
      const times = this.#times(1, i === 0 ? secondOfDay(start) : undefined);
      const found = this.#onDay(day, times, (t) => t > after.getTime());
      if (found) return found;
    }
    return undefined;
  }

  /** The last occurrence at or before `atOrBefore`; undefined if there is none within eight years. */
  previous(atOrBefore: Date): Date | undefined {
    const start = localTime(atOrBefore, this.timeZone);
    for (let i = 0; i < SEARCH_DAYS; i++) {
      const day = addDays(start, -i);
      const times = this.#times(-1, i === 0 ? secondOfDay(start) : undefined);
      const found = this.#onDay(day, times, (t) => t <= atOrBefore.getTime());
      if (found) return found;
    }
    return undefined;
  }

  /** True when both instants fall on the same calendar day in this schedule's time zone. */
  sameDay(a: Date, b: Date): boolean {
    const x = localTime(a, this.timeZone);
    const y = localTime(b, this.timeZone);
    return x.year === y.year && x.month === y.month && x.day === y.day;
  }

  /**
   * Every (hour, minute, second) of the expression, earliest first (1) or latest first (-1); on the first
   * day searched, only from `from` (a second of the day) onwards in that order, as node-cron walks.
   */
  *#times(order: 1 | -1, from?: number): Generator<[number, number, number]> {
    const sorted = (values: number[]) => [...values].sort((a, b) => order * (a - b));
    const minutes = sorted(this.#fields.minute);
    const seconds = sorted(this.#fields.second);
    const reached = (second: number) => from === undefined || order * (second - from) >= 0;
    for (const hour of sorted(this.#fields.hour)) {
      if (!reached(hour * 3600 + (order === 1 ? 3599 : 0))) continue;
      for (const minute of minutes) {
        for (const second of seconds) {
          if (reached(hour * 3600 + minute * 60 + second)) yield [hour, minute, second];
        }
      }
    }
  }

  /**
   * The first candidate time of the day (in the order given) that exists locally and passes `inRange`
   * decides: every time field matches by construction, so node-cron's verdict on it is the day's.
   */
  #onDay(
    day: LocalDay,
    times: Iterable<[number, number, number]>,
    inRange: (instant: number) => boolean,
  ): Date | undefined {
    if (!this.#mayMatchDay(day)) return undefined;
    for (const [hour, minute, second] of times) {
      const instant = new TZDate(day.year, day.month - 1, day.day, hour, minute, second, this.timeZone);
      const time = instant.getTime();
      if (!inRange(time)) continue;
      const local = localTime(new Date(time), this.timeZone);
      const exists =
        local.year === day.year &&
        local.month === day.month &&
        local.day === day.day &&
        local.hour === hour &&
        local.minute === minute &&
        local.second === second;
      if (!exists) continue;
      return this.#matcher.match(new Date(time)) ? new Date(time) : undefined;
    }
    return undefined;
  }

  /** A quick filter on month, day and weekday; tokens such as `L` or `1#2` are left to node-cron. */
  #mayMatchDay(day: LocalDay): boolean {
    const { month, dayOfMonth, dayOfWeek } = this.#fields;
    const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
    const fits = (values: (number | string)[], value: number) =>
      values.includes(value) || values.some((v) => typeof v === "string");
    return month.includes(day.month) && fits(dayOfMonth, day.day) && fits(dayOfWeek, weekday);
  }
}

/**
 * The occurrence to post on start-up when it was missed: the previous occurrence, only if it is today in
 * the schedule's zone and not before `notBefore` (when the subscription was made). Whether it was
 * actually missed is for the occurrence claim to say.
 */
export function catchUpOccurrence(schedule: CronSchedule, now: Date, notBefore?: Date): Date | undefined {
  const previous = schedule.previous(now);
  if (!previous || !schedule.sameDay(previous, now)) return undefined;
  if (notBefore && previous.getTime() < notBefore.getTime()) return undefined;
  return previous;
}
