import { beforeEach, describe, expect, it } from "vitest";
import { type AlertSource, AlertWatcher } from "../../src/alerts/watcher.ts";
import type { Decision, InvitationRef } from "../../src/events/model.ts";
import { createEventPorts, EVENT_CLAIM_TTL_SECONDS, type EventPortsDeps } from "../../src/events/ports.ts";
import { createLogger } from "../../src/logger.ts";
import { PartnerCentralError } from "../../src/partnercentral/errors.ts";
import type { PartnerCentral } from "../../src/partnercentral/index.ts";
import { type Invitation, invitationKey } from "../../src/partnercentral/model.ts";
import type { Store } from "../../src/store/index.ts";
import { connectionInvitation, engagement, NOW } from "../fixtures/invitations.ts";
import { memoryStore } from "../helpers/memory-store.ts";
import { testClock } from "../store/helpers.ts";
import { recordingLogger } from "./fakes.ts";

const silent = createLogger({ level: "error", destination: { write: () => undefined } });
const refOf = ({ kind, id, catalog }: Invitation): InvitationRef => ({ kind, id, catalog });
const ACCEPTED: Decision = { status: "ACCEPTED", actor: { accountId: "111122223333" }, at: NOW };

let clock: ReturnType<typeof testClock>;
let store: Store;
let known: Map<string, Invitation>;
let gets: string[];
let channels: string[];
let channelReads: number;
let posts: { channelId: string; ids: string[] }[];
let refusing: Set<string>;
let shown: { location: string; invitation: string; decision: Decision }[];
let homeDecided: string[];
let homeChanges: number;
let logger: ReturnType<typeof recordingLogger>;

function ports(overrides: Partial<EventPortsDeps> = {}) {
  const get = async (catalog: string, id: string) => {
    gets.push(id);
    const found = [...known.values()].find((i) => i.id === id && i.catalog === catalog);
    if (!found) throw new PartnerCentralError("NotFound", "No such invitation.", "Get");
    return found;
  };
  const alerts = new AlertWatcher(
    {
      // Announcing never lists, only a look does; a retried alert is looked up again.
      partnerCentral: {
        engagements: { get, listPendingReceivedSince: async () => [] },
        connections: { getInvitation: get, listAllInvitations: async () => [] },
      } as unknown as AlertSource,
      store,
      catalog: "AWS",
      logger: silent,
      channels: async () => {
        channelReads++;
        return channels.map((channelId) => ({ channelId }));
      },
    },
    clock.now,
  );
  return createEventPorts({
    partnerCentral: {
      engagements: { get: get as PartnerCentral["engagements"]["get"] },
      connections: { getInvitation: get as PartnerCentral["connections"]["getInvitation"] },
    },
    store,
    alerts,
    post: {
      async post(channelId, invitations) {
        if (refusing.has(channelId)) return { posted: false, refused: true, detail: "channel_not_found" };
        posts.push({ channelId, ids: invitations.map((i) => i.id) });
        return { posted: true, ts: `${posts.length}.000100` };
      },
      postOpportunity: async () => ({ posted: true, ts: "1.000300" }),
      refusalsChanged: async () => undefined,
    },
    opportunities: {
      seen: async () => ({ changes: [], firstSighting: false, stale: false, updated: false, posted: [] }),
    },
    decisions: { settleFromOpportunity: async () => undefined },
    home: {
      markDecided: async (key) => {
        homeDecided.push(key);
      },
      changed: () => {
        homeChanges++;
      },
    },
    showDecision: async (location, invitation, decision) => {
      if (location.startsWith("gone:")) throw new Error("message_not_found");
      shown.push({ location, invitation: invitationKey(invitation), decision });
    },
    logger,
    ...overrides,
  });
}

beforeEach(async () => {
  clock = testClock(NOW.getTime());
  store = await memoryStore(clock.now);
  known = new Map();
  gets = [];
  channels = ["C0TEAM00001", "C0SALES0001"];
  channelReads = 0;
  posts = [];
  refusing = new Set();
  shown = [];
  homeDecided = [];
  homeChanges = 0;
  logger = recordingLogger();
});

const add = (invitation: Invitation) => {
  known.set(invitationKey(invitation), invitation);
  return invitation;
};

describe("announce", () => {
  it("posts a pending invitation we received in every alert channel, once, after one Get", async () => {
    const invitation = add(engagement());
    const p = ports();
    expect(await p.announce(refOf(invitation))).toBe("announced");
    expect(posts).toEqual([
      { channelId: "C0TEAM00001", ids: [invitation.id] },
      { channelId: "C0SALES0001", ids: [invitation.id] },
    ]);
    // Which channels get alerts is read once, for recording the alerts and posting them.
    expect(channelReads).toBe(1);
    expect(await p.announce(refOf(invitation))).toBe("already-announced");
    expect(gets).toEqual([invitation.id]);
    expect(posts).toHaveLength(2);
    // The Homes look again for the new one, not for the repeat.
    expect(homeChanges).toBe(1);
  });

  it("shares the announced-once record with polling, so a decided invitation is never announced", async () => {
    const invitation = add(connectionInvitation());
    const p = ports();
    await p.recordDecided(refOf(invitation));
    expect(await p.announce(refOf(invitation))).toBe("already-announced");
    expect(gets).toEqual([]);
    expect(await store.announced.known([invitationKey(invitation)])).toHaveLength(1);
  });

  it("says why it posted nothing: nobody listens, unknown, no longer pending, sent by us", async () => {
    const accepted = add(engagement({ status: "ACCEPTED" }));
    const sent = add(connectionInvitation({ role: "SENDER" }));
    const p = ports();
    channels = [];
    expect(await p.announce(refOf(add(engagement())))).toBe("no-channel");
    expect(gets).toEqual([]);
    expect(homeChanges).toBe(1);
    channels = ["C0TEAM00001"];
    expect(await p.announce({ kind: "engagement", id: "engi-unknown", catalog: "AWS" })).toBe("not-found");
    expect(await p.announce(refOf(accepted))).toBe("not-pending");
    expect(await p.announce(refOf(sent))).toBe("not-received");
    expect(posts).toEqual([]);
  });

  it("rejects on any other Partner Central failure, so the event comes back", async () => {
    const invitation = add(engagement());
    const p = ports({
      partnerCentral: {
        engagements: {
          get: async () => {
            throw new PartnerCentralError("Throttling", "Slow down.", "GetEngagementInvitation");
          },
        },
        connections: { getInvitation: async () => connectionInvitation() as never },
      },
    });
    await expect(p.announce(refOf(invitation))).rejects.toThrow("Slow down.");
    expect(await store.announced.known([invitationKey(invitation)])).toEqual([]);
  });

  it("counts as announced when one channel refuses the post, whose alert waits for it", async () => {
    const invitation = add(engagement());
    refusing.add("C0SALES0001");
    const p = ports();
    expect(await p.announce(refOf(invitation))).toBe("announced");
    expect(posts).toEqual([{ channelId: "C0TEAM00001", ids: [invitation.id] }]);
    expect(await store.alertOutbox.waiting()).toMatchObject([
      { channelId: "C0SALES0001", count: 1, refusal: "channel_not_found" },
    ]);
    // A second event about it changes nothing. The next invitation's event posts that one alone, looked up
    // once; what waited is the next look's.
    expect(await p.announce(refOf(invitation))).toBe("already-announced");
    refusing.clear();
    const later = add(engagement());
    expect(await p.announce(refOf(later))).toBe("announced");
    expect(posts.slice(1)).toEqual([
      { channelId: "C0TEAM00001", ids: [later.id] },
      { channelId: "C0SALES0001", ids: [later.id] },
    ]);
    expect(gets).toEqual([invitation.id, later.id]);
    expect(await store.alertOutbox.waiting()).toMatchObject([{ channelId: "C0SALES0001", count: 1 }]);
  });
});

describe("markDecided", () => {
  it("shows the decision wherever Slack shows the invitation, and on the App Home", async () => {
    const invitation = engagement();
    const key = invitationKey(invitation);
    await store.invitationMessages.record([key], "here:1", 60);
    await store.invitationMessages.record([key], "gone:2", 60);
    await store.invitationMessages.record([key], "here:3", 60);
    await ports().markDecided(refOf(invitation), ACCEPTED);
    expect(shown.map((s) => s.location).sort()).toEqual(["here:1", "here:3"]);
    expect(shown[0]).toMatchObject({ invitation: key, decision: ACCEPTED });
    expect(homeDecided).toEqual([key]);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        fields: { invitation: key, err: expect.objectContaining({ message: "message_not_found" }) },
      }),
    );
  });

  it("changes nothing about a decision the app made or is making, which the app shows itself", async () => {
    const claimOf = (invitation: Invitation, action: "accept" | "reject") => ({
      key: invitationKey(invitation),
      invitationKind: invitation.kind,
      invitationId: invitation.id,
      catalog: invitation.catalog,
      action,
      userId: "U0APPROVER1",
    });
    const [made, making, other, failed] = [engagement(), engagement(), engagement(), engagement()];
    await store.decisions.claim(claimOf(made, "accept"));
    await store.decisions.finish(invitationKey(made), { status: "succeeded", resultId: "O1" });
    await store.decisions.claim(claimOf(making, "accept"));
    await store.decisions.recordTask(invitationKey(making), 1, { taskId: "task-1" });
    // Under way, but not what Partner Central reports: someone rejected it there meanwhile.
    await store.decisions.claim(claimOf(other, "reject"));
    await store.decisions.claim(claimOf(failed, "accept"));
    await store.decisions.finish(invitationKey(failed), { status: "failed", detail: "throttled" });
    for (const invitation of [made, making, other, failed]) {
      await store.invitationMessages.record([invitationKey(invitation)], `here:${invitation.id}`, 60);
      await ports().markDecided(refOf(invitation), ACCEPTED);
    }
    expect(shown.map((s) => s.invitation)).toEqual([invitationKey(other), invitationKey(failed)]);
    expect(homeDecided).toEqual([invitationKey(other), invitationKey(failed)]);
  });

  it("finds nothing to update once the places have expired", async () => {
    const invitation = engagement();
    await store.invitationMessages.record([invitationKey(invitation)], "here:1", 60);
    clock.advance(60_000);
    await ports().markDecided(refOf(invitation), ACCEPTED);
    expect(shown).toEqual([]);
  });
});

describe("claimEvent", () => {
  it("is true once per event for as long as SQS could deliver it again", async () => {
    const p = ports();
    expect(await p.claimEvent("e1")).toBe(true);
    expect(await p.claimEvent("e1")).toBe(false);
    expect(await p.claimEvent("e2")).toBe(true);
    clock.advance(EVENT_CLAIM_TTL_SECONDS * 1000 - 1);
    expect(await p.claimEvent("e1")).toBe(false);
  });
});

describe("opportunityChanged", () => {
  const ref = { id: "O42", catalog: "AWS" as const };
  const observation = (changes: number, stale = false) => ({
    changes: Array.from({ length: changes }, () => ({ kind: "stage" as const, to: "Committed" })),
    firstSighting: false,
    stale,
    updated: changes > 0,
    posted: [],
  });

  it("says whether the opportunity read again changed, or was older than what was seen", async () => {
    const answers = [observation(1), observation(0), observation(0, true)];
    const p = ports({ opportunities: { seen: async () => answers.shift() ?? observation(0) } });
    expect(await p.opportunityChanged(ref, false)).toBe("told");
    expect(await p.opportunityChanged(ref, false)).toBe("unchanged");
    expect(await p.opportunityChanged(ref, false)).toBe("stale");
  });

  it("settles an accept still running when its opportunity is created, and only then", async () => {
    const settled: string[] = [];
    const p = ports({
      decisions: {
        settleFromOpportunity: async (_catalog, id) => {
          settled.push(id);
          return undefined;
        },
      },
    });
    await p.opportunityChanged(ref, true);
    await p.opportunityChanged(ref, false);
    expect(settled).toEqual(["O42"]);
  });

  it("drops an event about an opportunity Partner Central does not know, and lets other failures retry it", async () => {
    const notFound = ports({
      opportunities: {
        seen: async () => {
          throw new PartnerCentralError("NotFound", "No such opportunity.", "GetOpportunity");
        },
      },
    });
    expect(await notFound.opportunityChanged(ref, false)).toBe("not-found");
    const throttled = ports({
      opportunities: {
        seen: async () => {
          throw new PartnerCentralError("Throttling", "Slow down.", "GetOpportunity");
        },
      },
    });
    await expect(throttled.opportunityChanged(ref, false)).rejects.toThrow("Slow down.");
  });
});
