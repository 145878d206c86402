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

/**
 * Pending invitations we received that expire within the window (the window's end included, anything
 * already expired left out), soonest first. Pure: the same invitations and time give the same answer.
 */
export function selectExpiring(invitations: Invitation[], now: Date, windowDays: number): Invitation[] {
  const end = windowEnd(now, windowDays).getTime();
  return invitations
    .filter(
      (i) =>
        i.status === "PENDING" &&
        i.role === "RECEIVER" &&
        i.expiresAt !== undefined &&
        i.expiresAt.getTime() > now.getTime() &&
        i.expiresAt.getTime() <= end,
    )
    .sort(
      (a, b) => (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0) || a.id.localeCompare(b.id),
    );
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
export function expiringHeadline(invitations: Invitation[], now: Date, windowDays: number): string {
  const urgent = invitations.filter((i) => urgencyOf(i, now) === "day").length;
  const verb = invitations.length === 1 ? "expires" : "expire";
  return `${plural(invitations.length, "invitation")} ${verb} within ${plural(windowDays, "day")}${urgent ? ` — ${urgent} within 24 hours` : ""}`;
}
