import { WebAPIPlatformError, type WebClient } from "@slack/web-api";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Opportunity } from "../../src/partnercentral/opportunity-model.ts";
import { renderOpportunityDetails } from "../../src/slack/blocks/opportunity.ts";
import { recordModal } from "../../src/slack/invitation-places.ts";
import { showOpportunityInSlack } from "../../src/slack/opportunity-places.ts";
import type { Store } from "../../src/store/index.ts";
import { NOW } from "../fixtures/invitations.ts";
import { memoryStore } from "../helpers/memory-store.ts";

/** An opportunity as just read, in the review status given. */
const opportunity = (reviewStatus: string): Opportunity => ({
  id: "O42",
  catalog: "AWS",
  customer: { companyName: "Bluepeak" },
  lifeCycle: { stage: "Qualified", reviewStatus },
  expectedSpend: [],
  deliveryModels: [],
  lastModifiedAt: NOW,
  project: { title: "Data lake", salesActivities: [], apnPrograms: [] },
  nextStepsHistory: [],
  team: [],
  customerContacts: [],
  primaryNeedsFromAws: [],
  related: { awsProducts: [], solutions: [], marketplaceOffers: [], marketplaceOfferSets: [] },
});

const viewer = { mayAct: false, approversText: "Only approvers can." };

describe("an opportunity shown again where its details are open", () => {
  let store: Store;
  const deps = { logger: { warn: () => undefined }, config: { events: {} } };

  beforeEach(async () => {
    store = await memoryStore(() => NOW);
  });

  /** Details windows open on the opportunity, as the app records them. */
  async function openDetails(...viewIds: string[]): Promise<void> {
    for (const viewId of viewIds) {
      const shown = renderOpportunityDetails({ opportunity: opportunity("Submitted") }, NOW, viewer);
      await recordModal({ store, ...deps }, { userId: "U0VIEWER001", viewId }, "Opportunity", shown);
    }
  }

  it("redraws one window one change at a time, the latest last", async () => {
    await openDetails("V0DETAILS01");
    let drawing = 0;
    let most = 0;
    const drawn: string[] = [];
    const client = {
      views: {
        update: async (args: { view: { blocks: unknown[] } }) => {
          drawing++;
          most = Math.max(most, drawing);
          await new Promise((resolve) => setImmediate(resolve));
          drawn.push(JSON.stringify(args.view.blocks));
          drawing--;
        },
      },
    } as unknown as WebClient;
    const show = showOpportunityInSlack({
      client,
      store,
      approvers: { describe: () => viewer.approversText },
      clock: () => NOW,
      ...deps,
    });
    await Promise.all([
      show({ opportunity: opportunity("In review") }),
      show({ opportunity: opportunity("Action Required") }),
    ]);
    expect(most).toBe(1);
    expect(drawn.at(-1)).toContain("Action Required");
  });

  it("passes over a window closed since, without a warning, and redraws the others", async () => {
    await openDetails("V0CLOSED001", "V0DETAILS01");
    const warn = vi.fn();
    const updated: string[] = [];
    const client = {
      views: {
        update: async (args: { view_id: string }) => {
          if (args.view_id === "V0CLOSED001")
            throw new WebAPIPlatformError({ ok: false, error: "not_found" });
          updated.push(args.view_id);
        },
      },
    } as unknown as WebClient;
    await showOpportunityInSlack({
      client,
      store,
      approvers: { describe: () => viewer.approversText },
      clock: () => NOW,
      ...deps,
      logger: { warn },
    })({ opportunity: opportunity("Approved") });
    expect(updated).toEqual(["V0DETAILS01"]);
    expect(warn).not.toHaveBeenCalled();
  });
});
