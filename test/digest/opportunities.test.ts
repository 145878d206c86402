import { describe, expect, it } from "vitest";
import { fetchNeedingAction } from "../../src/digest/opportunities.ts";
import type { Page } from "../../src/partnercentral/model.ts";
import type { OpportunityQuery, OpportunitySummary } from "../../src/partnercentral/opportunity-model.ts";

const NOW = new Date("2026-12-07T09:00:00Z");

const summary = (id: string, reviewStatus?: string): OpportunitySummary => ({
  id,
  catalog: "AWS",
  lifeCycle: { stage: "Qualified", ...(reviewStatus ? { reviewStatus } : {}) },
  expectedSpend: [],
  deliveryModels: [],
});

/** Partner Central's two lists, 100 a page: what AWS asks action on, and what closes soon. */
function lists(asked: OpportunitySummary[], closing: OpportunitySummary[]) {
  const queries: OpportunityQuery[] = [];
  return {
    queries,
    source: {
      async *pages(query: OpportunityQuery): AsyncGenerator<Page<OpportunitySummary>> {
        queries.push(query);
        const all = query.reviewStatuses ? asked : closing;
        for (let at = 0; at < all.length; at += 100) yield { items: all.slice(at, at + 100) };
      },
    },
  };
}

describe("the opportunities a digest lists", () => {
  it("keeps the first one message can show, Action Required first, and counts the rest once each", async () => {
    const asked = Array.from({ length: 30 }, (_, n) => summary(`OA${n}`, "Action Required"));
    const closing = [
      ...asked.slice(0, 10),
      ...Array.from({ length: 970 }, (_, n) => summary(`OC${n}`, n % 2 ? "Approved" : undefined)),
    ];
    const { source, queries } = lists(asked, closing);
    const found = await fetchNeedingAction(source, "AWS", NOW, 5);
    expect(found.total).toBe(1000);
    expect(found.actionRequired).toBe(30);
    expect(found.opportunities).toHaveLength(50);
    expect(found.opportunities.slice(0, 30).map((o) => o.id)).toEqual(asked.map((o) => o.id));
    expect(found.opportunities.slice(30).map((o) => o.id)).toEqual(
      Array.from({ length: 20 }, (_, n) => `OC${n}`),
    );
    expect(queries).toHaveLength(2);
  });
});
