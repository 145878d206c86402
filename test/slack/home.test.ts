import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HomeOpportunities } from "../../src/home/opportunities.ts";
import { HomeService } from "../../src/home/service.ts";
import { slackAlertPoster } from "../../src/slack/channel-poster.ts";
import { type HomeTabDeps, republishOpenHomes } from "../../src/slack/home.ts";
import type { Store } from "../../src/store/index.ts";
import { APPROVER, GROUP_MEMBER } from "../helpers/harness.ts";
import { approverGroupAnswers, fakeClient, type ListenerWorld, listenerWorld } from "../helpers/listener.ts";

/** What one round of republishing the open Homes costs: the store and Slack, counted. */

let world: ListenerWorld;
beforeAll(async () => {
  world = await listenerWorld();
});
afterAll(async () => {
  await world.close();
});

/** The store, every call to it counted by concern and method ("decisions.get"). */
function counted(store: Store): { store: Store; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const concern = (name: string, target: object) =>
    new Proxy(target, {
      get(object, method) {
        const value = Reflect.get(object, method);
        if (typeof method !== "string" || typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls.set(`${name}.${method}`, (calls.get(`${name}.${method}`) ?? 0) + 1);
          return value.apply(object, args);
        };
      },
    });
  const wrapped = new Proxy(store, {
    get(object, name) {
      const value = Reflect.get(object, name);
      return typeof name === "string" && value && typeof value === "object" ? concern(name, value) : value;
    },
  });
  return { store: wrapped, calls };
}

/** The Home's dependencies as compose builds them, over a counted store; `subscriptions` counts its reads. */
function homeTab(store: Store, subscriptions: { reads: number }): HomeTabDeps {
  const { deps } = world;
  const catalog = deps.config.partnerCentral.catalog;
  return {
    store,
    home: new HomeService({
      partnerCentral: deps.partnerCentral,
      store,
      catalog,
      clock: deps.clock,
      logger: deps.logger,
      subscriptions: () => {
        subscriptions.reads++;
        return deps.digest.list();
      },
    }),
    approvers: deps.approvers,
    logger: deps.logger,
    config: deps.config,
    clock: deps.clock,
    homeOpportunities: new HomeOpportunities({ store, catalog, clock: deps.clock, windowDays: 5 }),
  };
}

/** Slack as a round calls it; `views.publish` notes how many run at once. */
function slack() {
  const publishing = { now: 0, most: 0 };
  const fake = fakeClient({
    ...approverGroupAnswers,
    "users.info": (args) => ({
      ok: true,
      user: { id: args.user, profile: { email: `${args.user}@x.example` } },
    }),
    "views.publish": async () => {
      publishing.now++;
      publishing.most = Math.max(publishing.most, publishing.now);
      await new Promise((resolve) => setImmediate(resolve));
      publishing.now--;
      return { ok: true };
    },
  });
  return { ...fake, publishing };
}

const USERS = Array.from({ length: 12 }, (_, n) => `U0OPENHOME${String(n).padStart(2, "0")}`);

describe("a round of republishing the open Homes", () => {
  it("reads what every Home shows alike once, whatever the number of Homes, and each viewer's e-mail address once a while", async () => {
    const { store, calls } = counted(world.store);
    const subscriptions = { reads: 0 };
    const deps = homeTab(store, subscriptions);
    for (const userId of USERS) await world.store.openHomes.opened(userId);
    const { client, callsTo, publishing } = slack();
    const round = republishOpenHomes(deps, client);

    await round();
    const listed = (await deps.home.current()).waiting;
    const shown = (listed?.engagements ?? 0) + (listed?.connections ?? 0) + (listed?.decided.length ?? 0);
    expect(callsTo("views.publish").map((c) => c.user_id)).toEqual(expect.arrayContaining(USERS));
    expect(publishing.most).toBeLessThanOrEqual(4);
    // One current() for the round (and the one just above): each listed invitation's decision read twice at most.
    expect(calls.get("decisions.get") ?? 0).toBeLessThanOrEqual(2 * shown);
    expect(subscriptions.reads).toBe(2);
    expect(calls.get("alertOutbox.waiting")).toBe(2);
    expect(calls.get("opportunitySnapshots.list")).toBe(1);
    expect(calls.get("invitationMessages.record")).toBeUndefined();
    expect(callsTo("users.info")).toHaveLength(callsTo("views.publish").length);

    await round();
    expect(callsTo("users.info")).toHaveLength(callsTo("views.publish").length / 2);
  });

  it("republishes the approvers' Homes the same way when a channel starts or stops refusing alerts", async () => {
    const { store, calls } = counted(world.store);
    const deps = homeTab(store, { reads: 0 });
    const { client, callsTo } = slack();
    await slackAlertPoster(client, deps.clock, deps).refusalsChanged();
    expect(
      callsTo("views.publish")
        .map((c) => c.user_id)
        .sort(),
    ).toEqual([APPROVER, GROUP_MEMBER].sort());
    expect(calls.get("alertOutbox.waiting")).toBe(1);
    expect(calls.get("opportunitySnapshots.list")).toBe(1);
  });
});
