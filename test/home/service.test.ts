import { describe, expect, it, vi } from "vitest";
import { type HomeDeps, HomeService } from "../../src/home/service.ts";
import { createLogger } from "../../src/logger.ts";
import { PartnerCentralError } from "../../src/partnercentral/errors.ts";
import type { Invitation } from "../../src/partnercentral/model.ts";
import { connectionInvitation, engagement, NOW } from "../fixtures/invitations.ts";
import { memoryStore } from "../helpers/memory-store.ts";
import { testClock } from "../store/helpers.ts";

const silent = createLogger({ level: "error", destination: { write: () => undefined } });

/** Partner Central with these pending invitations, failing while `failure` gives an error; counts the looks. */
function partnerCentral(pending: Invitation[], failure: () => Error | undefined) {
  let looks = 0;
  const list = (kind: Invitation["kind"]) => async () => {
    looks++;
    const error = failure();
    if (error) throw error;
    return pending.filter((i) => i.kind === kind);
  };
  const fake: HomeDeps["partnerCentral"] = {
    engagements: { listPendingReceived: list("engagement"), describe: async (invitations) => invitations },
    connections: { listAllInvitations: list("connection") },
  };
  return { fake, looks: () => looks };
}

async function home(pending: Invitation[], failure: () => Error | undefined = () => undefined) {
  const clock = testClock(NOW.getTime());
  const store = await memoryStore(clock.now);
  const { fake, looks } = partnerCentral(pending, failure);
  const service = new HomeService({
    partnerCentral: fake,
    store,
    catalog: "AWS",
    clock: clock.now,
    logger: silent,
    subscriptions: async () => [],
    settleMs: 500,
  });
  return { service, store, clock, looks };
}

/**
 * Records the app's decision on the invitation: finished with `status`, an accept task still running, or
 * claimed and under way.
 */
async function decideInTheApp(
  store: Awaited<ReturnType<typeof memoryStore>>,
  invitation: Invitation,
  status: "succeeded" | "running" | "under way",
): Promise<string> {
  const key = `${invitation.kind}:AWS:${invitation.id}`;
  const { record } = await store.decisions.claim({
    key,
    invitationKind: invitation.kind,
    invitationId: invitation.id,
    catalog: "AWS",
    action: "accept",
    userId: "U0APPROVER1",
  });
  if (status === "running") await store.decisions.recordTask(key, record.attempts, { taskId: "task-1" });
  else if (status === "succeeded") await store.decisions.finish(key, { status: "succeeded", resultId: "O1" });
  return key;
}

describe("HomeService", () => {
  it("shows nothing waiting until the first look has answered", async () => {
    const { service } = await home([engagement()]);
    expect(service.fresh).toBe(false);
    expect((await service.current()).waiting).toBeUndefined();
  });

  it("counts what is waiting by kind and urgency, and lists the ten expiring first", async () => {
    const pending = [
      ...Array.from({ length: 11 }, (_, i) => engagement({ expiresInHours: 100 - i })),
      connectionInvitation({ expiresInHours: 2 }),
      connectionInvitation({ expiresInHours: 30 }),
      engagement({ expiresAt: undefined }),
    ];
    const { service } = await home(pending);
    await service.refresh();
    const { waiting } = await service.current();
    expect(waiting).toMatchObject({
      at: NOW,
      engagements: 12,
      connections: 2,
      byUrgency: { day: 1, threeDays: 1, later: 12 },
    });
    const soonest = waiting?.soonest.map((i) => i.expiresAt?.getTime() ?? 0) ?? [];
    expect(soonest).toHaveLength(10);
    expect(soonest).toEqual([...soonest].sort((a, b) => a - b));
    expect(waiting?.soonest[0]).toBe(pending[11]);
  });

  it("brings the decisions recorded on what it lists", async () => {
    const invitation = engagement({ expiresInHours: 5 });
    const { service, store } = await home([invitation]);
    await store.decisions.claim({
      key: `engagement:AWS:${invitation.id}`,
      invitationKind: "engagement",
      invitationId: invitation.id,
      catalog: "AWS",
      action: "accept",
      userId: "U0APPROVER1",
    });
    await service.refresh();
    const { decisions } = await service.current();
    expect(decisions.get(`engagement:AWS:${invitation.id}`)).toMatchObject({ status: "pending" });
  });

  it("is fresh for a minute, and everyone waiting on a look shares it", async () => {
    const { service, clock, looks } = await home([engagement()]);
    await Promise.all([service.refresh(), service.refresh(), service.refresh()]);
    expect(looks()).toBe(2);
    expect(service.fresh).toBe(true);
    clock.advance(60_000);
    expect(service.fresh).toBe(false);
  });

  it("says why a look failed, and keeps what it saw before", async () => {
    let failing = false;
    const { service } = await home([engagement()], () =>
      failing ? new PartnerCentralError("Throttling", "Slow down.", "ListEngagementInvitations") : undefined,
    );
    await service.refresh();
    failing = true;
    await service.refresh();
    const after = await service.current();
    expect(after.problem).toBe("Slow down.");
    expect(after.waiting?.engagements).toBe(1);
    failing = false;
    await service.refresh();
    expect((await service.current()).problem).toBeUndefined();
  });

  it("drops an invitation decided in Partner Central at once, and a look begun before cannot bring it back", async () => {
    const decided = engagement({ expiresInHours: 5 });
    const other = engagement({ expiresInHours: 9 });
    const pending = [decided, other];
    const { service } = await home(pending);
    await service.refresh();
    await service.markDecided(`engagement:AWS:${decided.id}`);
    expect((await service.current()).waiting?.soonest).toEqual([other]);
    // Partner Central still lists it, as a look that began before the decision would.
    await service.refresh();
    expect((await service.current()).waiting).toMatchObject({ engagements: 1, soonest: [other] });
    pending.splice(0, 1);
    await service.refresh();
    expect((await service.current()).waiting?.soonest).toEqual([other]);
  });

  it("keeps an invitation decided from Slack marked until the next look, when its event arrives too", async () => {
    const decided = engagement({ expiresInHours: 5 });
    const other = engagement({ expiresInHours: 9 });
    const pending = [decided, other];
    const { service, store } = await home(pending);
    await service.refresh();
    const key = `engagement:AWS:${decided.id}`;
    await store.decisions.claim({
      key,
      invitationKind: "engagement",
      invitationId: decided.id,
      catalog: "AWS",
      action: "accept",
      userId: "U0APPROVER1",
    });
    await store.decisions.finish(key, { status: "succeeded", resultId: "O1" });
    await service.markDecided(key);
    pending.splice(0, 1);
    await service.refresh();
    const { waiting, decisions } = await service.current();
    expect(waiting?.decided).toEqual([decided]);
    expect(decisions.get(key)).toMatchObject({ status: "succeeded" });
  });

  it("keeps an invitation decided from Slack when a look finds it gone before the app recorded the outcome", async () => {
    const decided = engagement({ expiresInHours: 5 });
    const pending = [decided, engagement({ expiresInHours: 9 })];
    const { service, store } = await home(pending);
    await service.refresh();
    const key = await decideInTheApp(store, decided, "under way");
    // Partner Central has accepted it and a look runs, while the app is still to record the outcome.
    pending.splice(0, 1);
    await service.refresh();
    await store.decisions.finish(key, { status: "succeeded", resultId: "O1" });
    expect((await service.current()).waiting?.decided).toEqual([decided]);
    await service.refresh();
    expect((await service.current()).waiting?.decided).toEqual([decided]);
  });

  it("keeps an invitation decided in Partner Central from a look only for as long as a look could have begun before", async () => {
    const decided = engagement({ expiresInHours: 5 });
    const { service, clock } = await home([decided]);
    await service.markDecided(`engagement:AWS:${decided.id}`);
    clock.advance(15 * 60_000 - 1);
    await service.refresh();
    expect((await service.current()).waiting?.soonest).toEqual([]);
    // Nobody opened a Home meanwhile: what it held is let go all the same.
    clock.advance(1);
    await service.refresh();
    expect((await service.current()).waiting?.soonest).toEqual([decided]);
  });

  it("holds at most 10,000 decisions made in Partner Central, however many arrive before anyone looks", async () => {
    const first = engagement({ expiresInHours: 5 });
    const { service } = await home([first]);
    await service.markDecided(`engagement:AWS:${first.id}`);
    for (let i = 0; i < 10_000; i++) await service.markDecided(`engagement:AWS:engi-later${i}`);
    await service.refresh();
    expect((await service.current()).waiting?.soonest).toEqual([first]);
  });

  it("counts an invitation decided in the app, or being accepted, no longer, and shows it apart, whoever looks", async () => {
    const [accepted, accepting, waiting] = [
      engagement({ expiresInHours: 2 }),
      engagement({ expiresInHours: 3 }),
      connectionInvitation({ expiresInHours: 4 }),
    ];
    // Partner Central still lists both as pending: a look began before, or it is still accepting.
    const { service, store } = await home([accepted, accepting, waiting]);
    await service.refresh();
    await decideInTheApp(store, accepted, "succeeded");
    await decideInTheApp(store, accepting, "running");
    const { waiting: shown, decisions } = await service.current();
    expect(shown).toMatchObject({
      engagements: 0,
      connections: 1,
      byUrgency: { day: 1 },
      soonest: [waiting],
    });
    expect(shown?.decided).toEqual([accepted, accepting]);
    expect([...decisions.keys()]).toHaveLength(2);
  });

  it("tells its listeners once of changes arriving together, and once more of a change meanwhile", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    try {
      const { service } = await home([engagement()]);
      let told = 0;
      let during: (() => void) | undefined;
      service.onChanged(async () => {
        told++;
        during?.();
        during = undefined;
      });
      service.changed();
      service.changed();
      await service.markDecided("engagement:AWS:engi-elsewhere00");
      await vi.advanceTimersByTimeAsync(499);
      expect(told).toBe(0);
      during = () => service.changed();
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(() => expect(told).toBe(1));
      await vi.advanceTimersByTimeAsync(500);
      await vi.waitFor(() => expect(told).toBe(2));
      await vi.advanceTimersByTimeAsync(5000);
      expect(told).toBe(2);
      await service.stop();
      service.changed();
      await vi.advanceTimersByTimeAsync(5000);
      expect(told).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("brings forward what waits for its timer when asked to settle", async () => {
    const { service } = await home([engagement()]);
    let told = 0;
    service.onChanged(async () => {
      told++;
    });
    service.changed();
    await service.settled();
    expect(told).toBe(1);
    await service.stop();
  });
});
