import { describe, expect, it } from "vitest";
import { ExpiringSelection, groupByUrgency, urgencyOf } from "../../src/digest/select.ts";
import type { Invitation } from "../../src/partnercentral/model.ts";
import { engagementExpiry } from "../../src/partnercentral/model.ts";
import { connectionInvitation, engagement, NOW } from "../fixtures/invitations.ts";

const HOUR = 3_600_000;

/** Every pending invitation we received that expires within the window, soonest first. */
const selectExpiring = (invitations: Invitation[], now: Date, windowDays: number) =>
  new ExpiringSelection(now, windowDays).add(invitations).soonest;

describe("the invitations expiring within the window", () => {
  it("keeps pending received invitations of both kinds inside the window, soonest first", () => {
    const a = engagement({ expiresInHours: 100 });
    const b = connectionInvitation({ expiresInHours: 5 });
    const c = engagement({ expiresInHours: 30 });
    expect(selectExpiring([a, b, c], NOW, 5).map((i) => i.id)).toEqual([b.id, c.id, a.id]);
  });

  it("includes an invitation expiring exactly at the window's end and leaves out one a second later", () => {
    const atEdge = engagement({ expiresInHours: 5 * 24 });
    const justOutside = engagement({ expiresAt: new Date(NOW.getTime() + 5 * 24 * HOUR + 1000) });
    expect(selectExpiring([atEdge, justOutside], NOW, 5)).toEqual([atEdge]);
  });

  it("leaves out what has already expired, what is not pending, and what we sent", () => {
    const expired = engagement({ expiresInHours: -1 });
    const expiringNow = engagement({ expiresAt: NOW });
    const accepted = engagement({ status: "ACCEPTED" });
    const sent = connectionInvitation({ role: "SENDER" });
    expect(selectExpiring([expired, expiringNow, accepted, sent], NOW, 5)).toEqual([]);
  });

  it("uses 15 days after the invitation date when the service gives no expiry", () => {
    const invitedAt = new Date(NOW.getTime() - 14 * 24 * HOUR);
    const derived = engagement({ ...engagementExpiry(invitedAt, undefined), invitedAt });
    expect(derived.expiryDerived).toBe(true);
    expect(derived.expiresAt?.toISOString()).toBe(new Date(NOW.getTime() + 24 * HOUR).toISOString());
    expect(selectExpiring([derived], NOW, 5)).toEqual([derived]);
  });

  it("leaves out an invitation with neither expiry nor invitation date", () => {
    const unknown = engagement({ expiresAt: undefined, invitedAt: undefined });
    expect(selectExpiring([unknown], NOW, 15)).toEqual([]);
  });

  it("orders ties by id so the digest is stable", () => {
    const at = new Date(NOW.getTime() + 10 * HOUR);
    const x = engagement({ id: "engi-b000000000000", expiresAt: at });
    const y = engagement({ id: "engi-a000000000000", expiresAt: at });
    expect(selectExpiring([x, y], NOW, 5).map((i) => i.id)).toEqual([y.id, x.id]);
  });
});

describe("urgency groups", () => {
  it("splits at 24 hours and 3 days, edges included in the more urgent group", () => {
    expect(urgencyOf(engagement({ expiresInHours: 24 }), NOW)).toBe("day");
    expect(urgencyOf(engagement({ expiresInHours: 24.01 }), NOW)).toBe("threeDays");
    expect(urgencyOf(engagement({ expiresInHours: 72 }), NOW)).toBe("threeDays");
    expect(urgencyOf(engagement({ expiresInHours: 73 }), NOW)).toBe("later");
  });

  it("keeps order within groups and drops empty groups", () => {
    const selected = selectExpiring(
      [
        engagement({ expiresInHours: 2 }),
        engagement({ expiresInHours: 100 }),
        connectionInvitation({ expiresInHours: 3 }),
      ],
      NOW,
      5,
    );
    const groups = groupByUrgency(selected, NOW);
    expect(groups.map((g) => [g.urgency, g.invitations.length])).toEqual([
      ["day", 2],
      ["later", 1],
    ]);
  });
});
