import type { Invitation } from "../partnercentral/model.ts";
import { plural } from "../words.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type Urgency = "day" | "threeDays" | "later";

export interface UrgencyGroup {
  urgency: Urgency;
  invitations: Invitation[];
}

export function windowEnd(now: Date, windowDays: number): Date {
  return new Date(now.getTime() + windowDays * DAY);
}

/** How many invitations expire within the window, in all and by urgency. */
export interface ExpiringCounts {
  total: number;
  byUrgency: Record<Urgency, number>;
}

/** Soonest to expire first; the id orders invitations that expire at the same moment. */
const soonerThan = (a: Invitation, b: Invitation) =>
  (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0) || a.id.localeCompare(b.id);

/**
 * Pending invitations we received that expire within the window (the window's end included, anything
 * already expired left out), taken a page at a time as AWS returns them: it keeps only the `keep` that
 * expire soonest, in order, and counts the rest by urgency, so its memory does not grow with the list.
 */
export class ExpiringSelection {
  /** The `keep` soonest to expire so far, soonest first. */
  readonly soonest: Invitation[] = [];
  readonly counts: ExpiringCounts = { total: 0, byUrgency: { day: 0, threeDays: 0, later: 0 } };
  private readonly now: Date;
  private readonly end: number;
  private readonly keep: number;

  constructor(now: Date, windowDays: number, keep = Number.POSITIVE_INFINITY) {
    this.now = now;
    this.end = windowEnd(now, windowDays).getTime();
    this.keep = keep;
  }

  add(invitations: Iterable<Invitation>): this {
    for (const invitation of invitations) {
      const expiresAt = invitation.expiresAt?.getTime();
      if (invitation.status !== "PENDING" || invitation.role !== "RECEIVER" || expiresAt === undefined)
        continue;
      if (expiresAt <= this.now.getTime() || expiresAt > this.end) continue;
      this.counts.total++;
      this.counts.byUrgency[urgencyOf(invitation, this.now)]++;
      this.#keepIfSoonest(invitation);
    }
    return this;
  }

  #keepIfSoonest(invitation: Invitation): void {
    const { soonest } = this;
    const last = soonest.at(-1);
    if (soonest.length >= this.keep && (!last || soonerThan(invitation, last) >= 0)) return;
    let low = 0;
    let high = soonest.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (soonerThan(soonest[middle] as Invitation, invitation) <= 0) low = middle + 1;
      else high = middle;
    }
    soonest.splice(low, 0, invitation);
    if (soonest.length > this.keep) soonest.pop();
  }
}

export function urgencyOf(invitation: Invitation, now: Date): Urgency {
  const left = (invitation.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY) - now.getTime();
  if (left <= DAY) return "day";
  if (left <= 3 * DAY) return "threeDays";
  return "later";
}

/** Groups an already sorted selection by urgency, keeping the order and leaving out empty groups. */
export function groupByUrgency(selected: Invitation[], now: Date): UrgencyGroup[] {
  const groups: UrgencyGroup[] = (["day", "threeDays", "later"] as const).map((urgency) => ({
    urgency,
    invitations: [],
  }));
  for (const invitation of selected) {
    groups.find((g) => g.urgency === urgencyOf(invitation, now))?.invitations.push(invitation);
  }
  return groups.filter((g) => g.invitations.length > 0);
}

/** "2 invitations expire within 5 days — 1 within 24 hours": the digest's heading and its recorded outcome. */
export function expiringHeadline(counts: ExpiringCounts, windowDays: number): string {
  const urgent = counts.byUrgency.day;
  const verb = counts.total === 1 ? "expires" : "expire";
  return `${plural(counts.total, "invitation")} ${verb} within ${plural(windowDays, "day")}${urgent ? ` — ${urgent} within 24 hours` : ""}`;
}
