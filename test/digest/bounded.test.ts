import { describe, expect, it } from "vitest";
import { fetchExpiring, MOST_SHOWN } from "../../src/digest/fetch.ts";
import { ExpiringSelection } from "../../src/digest/select.ts";
import type { Invitation } from "../../src/partnercentral/model.ts";
import { renderExpiring } from "../../src/slack/blocks/digest.ts";
import { connectionInvitation, engagement, NOW } from "../fixtures/invitations.ts";

/** 3,000 pending received invitations of both kinds, expiring in an order unlike the one AWS lists them in. */
function many(): Invitation[] {
  return Array.from({ length: 3_000 }, (_, i) => {
    const expiresInHours = ((i * 7919) % 3_000) / 20 - 5;
    return i % 2 ? engagement({ expiresInHours }) : connectionInvitation({ expiresInHours });
  });
}

/** Every one of them that expires within five days, soonest first, selected in one go. */
const expiringWithinFiveDays = (all: Invitation[]) => new ExpiringSelection(NOW, 5).add(all).soonest;

const pagesOf = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, n) => items.slice(n * size, (n + 1) * size));

describe("the digest in bounded memory", () => {
  it("keeps the soonest to expire as the pages arrive, and counts every one by urgency", () => {
    const all = many();
    const selection = new ExpiringSelection(NOW, 5, 20);
    for (const page of pagesOf(all, 100)) {
      selection.add(page);
      expect(selection.soonest.length).toBeLessThanOrEqual(20);
    }
    const expected = expiringWithinFiveDays(all);
    expect(selection.soonest).toEqual(expected.slice(0, 20));
    expect(selection.counts.total).toBe(expected.length);
    const whole = new ExpiringSelection(NOW, 5).add(all).counts;
    expect(selection.counts.byUrgency).toEqual(whole.byUrgency);
    expect(whole.byUrgency.day + whole.byUrgency.threeDays + whole.byUrgency.later).toBe(expected.length);
  });

  it("fetches page by page and keeps only what one message can show", async () => {
    const all = many();
    const engagements = all.filter((i) => i.kind === "engagement");
    const connections = all.filter((i) => i.kind === "connection");
    const found = await fetchExpiring(
      {
        engagements: {
          describe: async (invitations) => invitations,
          async *pagesExpiringBefore() {
            for (const page of pagesOf(engagements, 100)) yield page;
          },
          countPendingReceived: async () => engagements.length,
        },
        connections: {
          async *invitationPages() {
            for (const items of pagesOf(connections, 100)) yield { items };
          },
        },
      },
      "AWS",
      NOW,
      5,
    );
    const expected = expiringWithinFiveDays(all);
    expect(found.invitations).toEqual(expected.slice(0, MOST_SHOWN));
    expect(found.counts.total).toBe(expected.length);
  });

  it("renders the same message from the soonest and the counts as from every invitation", () => {
    const all = many();
    const selection = new ExpiringSelection(NOW, 5, MOST_SHOWN).add(all);
    const digest = { now: NOW, windowDays: 5, catalog: "AWS" as const };
    const reduced = renderExpiring({ ...digest, invitations: selection.soonest, counts: selection.counts });
    expect(reduced).toEqual(renderExpiring({ ...digest, invitations: expiringWithinFiveDays(all) }));
    expect(JSON.stringify(reduced.blocks)).toContain(`Show all ${selection.counts.total}`);
  });
});
