import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AlertRoute } from "../../src/alerts/channels.ts";
import {
  type AlertPoster,
  type AlertPostResult,
  type AlertSource,
  AlertWatcher,
  DEFAULT_ALERT_RETRY,
} from "../../src/alerts/watcher.ts";
import { PartnerCentralError } from "../../src/partnercentral/errors.ts";
import { type Invitation, invitationKey } from "../../src/partnercentral/model.ts";
import type { Store } from "../../src/store/index.ts";
import { connectionInvitation, engagement, NOW } from "../fixtures/invitations.ts";
import { fakeLogger } from "../helpers/listener.ts";
import { memoryStore } from "../helpers/memory-store.ts";
import { testClock } from "../store/helpers.ts";

const TEAM = "C0TEAM00001";
const SALES = "C0SALES0001";
const { firstDelayMs, leaseMs } = DEFAULT_ALERT_RETRY;

/** Partner Central as the watcher reads it: what is pending now, and each invitation by id. */
class FakePartnerCentral {
  readonly invitations = new Map<string, Invitation>();
  readonly gets: string[] = [];

  add(invitation: Invitation): Invitation {
    this.invitations.set(invitation.id, invitation);
    return invitation;
  }

  decide(invitation: Invitation, status: "ACCEPTED" | "EXPIRED"): void {
    this.invitations.set(invitation.id, { ...invitation, status });
  }

  private pending(kind: Invitation["kind"]): Invitation[] {
    return [...this.invitations.values()].filter((i) => i.kind === kind && i.status === "PENDING");
  }

  private get = async (_catalog: string, id: string) => {
    this.gets.push(id);
    const found = this.invitations.get(id);
    if (!found) throw new PartnerCentralError("NotFound", "No such invitation.", "Get");
    return found;
  };

  readonly source = {
    engagements: {
      listPendingReceivedSince: async (
        _catalog: string,
        known: (page: Invitation[]) => Promise<Set<string>>,
      ) => {
        const newestFirst = this.pending("engagement").reverse();
        const seen = await known(newestFirst);
        return newestFirst.filter((i) => !seen.has(i.id));
      },
      get: this.get,
    },
    connections: {
      listAllInvitations: async () => this.pending("connection"),
      getInvitation: this.get,
    },
  } as unknown as AlertSource;
}

/** Slack as the watcher sees it: each post taken, or answered from `answers` first. */
function fakeSlack() {
  const posts: Array<{ channelId: string; ids: string[] }> = [];
  const opportunityPosts: Array<{ channelId: string; id: string; threadTs?: string }> = [];
  const answers: Array<(channelId: string) => AlertPostResult | undefined> = [];
  const refusing = new Map<string, string>();
  const attempts: string[] = [];
  let refusalsChanged = 0;
  let hang: ((result: AlertPostResult) => void) | undefined;
  const poster: AlertPoster = {
    async post(channelId, invitations) {
      attempts.push(channelId);
      const refusal = refusing.get(channelId);
      if (refusal) return { posted: false, refused: true, detail: refusal };
      const answer = answers.shift()?.(channelId);
      if (answer) return answer;
      if (hanging) {
        hanging = false;
        return new Promise((resolve) => {
          hang = resolve;
        });
      }
      posts.push({ channelId, ids: invitations.map((i) => i.id) });
      return { posted: true, ts: `${posts.length}.000100` };
    },
    async postOpportunity(channelId, post, threadTs) {
      attempts.push(channelId);
      const answer = answers.shift()?.(channelId);
      if (answer) return answer;
      opportunityPosts.push({ channelId, id: post.id, ...(threadTs ? { threadTs } : {}) });
      return { posted: true, ts: `${opportunityPosts.length}.000200` };
    },
    async refusalsChanged() {
      refusalsChanged += 1;
    },
  };
  let hanging = false;
  return {
    poster,
    posts,
    opportunityPosts,
    attempts,
    refusing,
    failNext(detail: string, times = 1) {
      for (let n = 0; n < times; n++) answers.push(() => ({ posted: false, refused: false, detail }));
    },
    /** The next post never answers, as when its process dies; `release` answers it late. */
    hangNext() {
      hanging = true;
    },
    release(result: AlertPostResult) {
      hang?.(result);
    },
    get refusalsChanged() {
      return refusalsChanged;
    },
  };
}

let clock: ReturnType<typeof testClock>;
let store: Store;
let pc: FakePartnerCentral;
let slack: ReturnType<typeof fakeSlack>;
let channels: AlertRoute[];
/** How often the watcher asked which channels get alerts. */
let channelReads: number;
let log: ReturnType<typeof fakeLogger>;

function watcher(): AlertWatcher {
  return new AlertWatcher(
    {
      partnerCentral: pc.source,
      store,
      catalog: "AWS",
      logger: log.logger,
      channels: async () => {
        channelReads++;
        return channels;
      },
    },
    clock.now,
  );
}

/** A watcher whose first look has recorded what already exists. */
async function installed(): Promise<AlertWatcher> {
  const w = watcher();
  expect(await w.check(slack.poster)).toEqual([]);
  return w;
}

const LEVELS = { info: 30, warn: 40 } as const;
const messages = (level: keyof typeof LEVELS) =>
  log
    .lines()
    .filter((l) => l.level === LEVELS[level])
    .map((l) => String(l.msg));

beforeEach(async () => {
  clock = testClock(NOW.getTime());
  store = await memoryStore(clock.now);
  pc = new FakePartnerCentral();
  slack = fakeSlack();
  channels = [{ channelId: TEAM }];
  channelReads = 0;
  log = fakeLogger();
});
afterEach(async () => {
  await store.close();
});

describe("the first look", () => {
  it("records what already exists without posting it, and later looks announce only what is new", async () => {
    pc.add(engagement());
    pc.add(connectionInvitation());
    const w = await installed();
    expect(slack.posts).toEqual([]);
    const fresh = pc.add(engagement());
    expect((await w.check(slack.poster)).map((i) => i.id)).toEqual([fresh.id]);
    expect(slack.posts).toEqual([{ channelId: TEAM, ids: [fresh.id] }]);
  });

  it("is taken by one of two processes looking at once: the other announces nothing the first recorded", async () => {
    for (let n = 0; n < 5; n++) pc.add(engagement());
    const [a, b] = [watcher(), watcher()];
    await Promise.all([a.check(slack.poster), b.check(slack.poster)]);
    expect(slack.attempts).toEqual([]);
    expect(messages("info").filter((m) => m.endsWith("recorded what already exists"))).toHaveLength(1);
  });
});

describe("the channels alerts go to", () => {
  it("are read once a look, and not at all to post what was announced to channels already read", async () => {
    const w = await installed();
    pc.add(engagement());
    channelReads = 0;
    await w.check(slack.poster);
    expect(channelReads).toBe(1);
    const byEvent = pc.add(engagement());
    await w.announce(channels, [byEvent], slack.poster);
    expect(channelReads).toBe(1);
    expect(slack.posts.map((p) => p.channelId)).toEqual([TEAM, TEAM]);
  });
});

describe("an alert Slack does not take at once", () => {
  it("is tried again after a growing pause, not before, and posted once", async () => {
    const w = await installed();
    const invitation = pc.add(engagement());
    slack.failNext("fatal_error", 2);
    expect((await w.check(slack.poster)).map((i) => i.id)).toEqual([invitation.id]);
    expect(slack.attempts).toEqual([TEAM]);
    const retryAt = new Date(NOW.getTime() + firstDelayMs);
    expect(await store.alertOutbox.waiting()).toEqual([
      { channelId: TEAM, count: 1, updates: 0, since: NOW, dueAt: retryAt, retryAt },
    ]);
    expect(await w.deliver(slack.poster)).toBe(0);
    expect(slack.attempts).toHaveLength(1);

    clock.advance(firstDelayMs);
    await w.deliver(slack.poster);
    expect(slack.attempts).toHaveLength(2);
    clock.advance(firstDelayMs);
    await w.check(slack.poster);
    expect(slack.attempts).toHaveLength(2);
    clock.advance(firstDelayMs);
    expect(await w.deliver(slack.poster)).toBe(1);
    expect(slack.posts).toEqual([{ channelId: TEAM, ids: [invitation.id] }]);

    clock.advance(60 * 60_000);
    await w.check(slack.poster);
    await w.deliver(slack.poster);
    expect(slack.posts).toHaveLength(1);
    expect(await store.alertOutbox.waiting()).toEqual([]);
    expect(messages("warn")).toContain("could not post new-invitation alerts; trying again later");
  });

  it("is tried again by the running watcher itself when due, between its looks", async () => {
    vi.useFakeTimers({ now: NOW, toFake: ["setTimeout", "setInterval", "Date"] });
    const own = await memoryStore(() => new Date());
    try {
      const w = new AlertWatcher(
        {
          partnerCentral: pc.source,
          store: own,
          catalog: "AWS",
          logger: log.logger,
          channels: async () => channels,
        },
        () => new Date(),
      );
      w.start(60 * 60_000, slack.poster);
      await vi.advanceTimersByTimeAsync(0);
      // Found by Partner Central's event, and refused once.
      const invitation = pc.add(engagement());
      slack.failNext("fatal_error");
      await w.announce(channels, [invitation], slack.poster);
      expect(slack.posts).toEqual([]);
      await vi.advanceTimersByTimeAsync(firstDelayMs - 1);
      expect(slack.attempts).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(slack.posts).toEqual([{ channelId: TEAM, ids: [invitation.id] }]);
      await w.stop();
    } finally {
      await own.close();
      vi.useRealTimers();
    }
  });

  it("waits no longer than the longest pause", async () => {
    const w = new AlertWatcher(
      {
        partnerCentral: pc.source,
        store,
        catalog: "AWS",
        logger: log.logger,
        channels: async () => channels,
        retry: { firstDelayMs: 1000, maxDelayMs: 3000 },
      },
      clock.now,
    );
    await w.check(slack.poster);
    pc.add(engagement());
    slack.failNext("fatal_error", 4);
    await w.check(slack.poster);
    for (const pause of [1000, 2000, 3000, 3000]) {
      clock.advance(pause - 1);
      await w.deliver(slack.poster);
      clock.advance(1);
      const before = slack.attempts.length;
      await w.deliver(slack.poster);
      expect(slack.attempts).toHaveLength(before + 1);
    }
    expect(slack.posts).toHaveLength(1);
  });

  it("is posted by another process when the one that recorded it stopped before posting", async () => {
    await installed();
    const invitation = pc.add(connectionInvitation());
    // Recorded as the look of a process that died right after that write.
    await store.alertOutbox.enqueue([invitationKey(invitation)], [TEAM, SALES]);
    channels = [{ channelId: TEAM }, { channelId: SALES }];
    const other = watcher();
    expect(await other.check(slack.poster)).toEqual([]);
    expect(pc.gets).toEqual([invitation.id, invitation.id]);
    expect(slack.posts).toEqual([
      { channelId: TEAM, ids: [invitation.id] },
      { channelId: SALES, ids: [invitation.id] },
    ]);
  });

  it("is posted once the lease of a process that died while posting it ends, and only then", async () => {
    const first = await installed();
    const invitation = pc.add(engagement());
    slack.hangNext();
    void first.check(slack.poster);
    await expect.poll(() => slack.attempts.length).toBe(1);

    const second = watcher();
    await second.deliver(slack.poster);
    expect(slack.attempts).toHaveLength(1);
    clock.advance(leaseMs);
    expect(await second.deliver(slack.poster)).toBe(1);
    expect(slack.posts).toEqual([{ channelId: TEAM, ids: [invitation.id] }]);

    // The first process answers after all: what it records changes nothing, and it says so.
    slack.release({ posted: true, ts: "9.000900" });
    await expect
      .poll(() => messages("warn"))
      .toContain(
        "posted new-invitation alerts after another process had taken them over; they may appear twice",
      );
    expect(await store.alertOutbox.waiting()).toEqual([]);
  });

  it("is dropped, not posted, once the invitation is no longer pending or Partner Central no longer knows it", async () => {
    const w = await installed();
    const [accepted, gone, still] = [pc.add(engagement()), pc.add(engagement()), pc.add(engagement())];
    slack.failNext("fatal_error");
    await w.check(slack.poster);
    pc.decide(accepted, "ACCEPTED");
    pc.invitations.delete(gone.id);
    clock.advance(firstDelayMs);
    expect(await w.deliver(slack.poster)).toBe(1);
    expect(slack.posts).toEqual([{ channelId: TEAM, ids: [still.id] }]);
    expect(await store.alertOutbox.waiting()).toEqual([]);
    expect(messages("info").filter((m) => m === "dropped a new-invitation alert")).toHaveLength(2);
  });

  it("is tried again later when Partner Central cannot say what became of the invitation", async () => {
    const w = await installed();
    const invitation = pc.add(engagement());
    slack.failNext("fatal_error");
    await w.check(slack.poster);
    const get = pc.source.engagements.get;
    pc.source.engagements.get = async () => {
      throw new PartnerCentralError("Throttling", "Slow down.", "GetEngagementInvitation");
    };
    clock.advance(firstDelayMs);
    await w.deliver(slack.poster);
    expect(slack.attempts).toHaveLength(1);
    expect(await store.alertOutbox.waiting()).toMatchObject([{ count: 1 }]);
    pc.source.engagements.get = get;
    clock.advance(2 * firstDelayMs);
    await w.deliver(slack.poster);
    expect(slack.posts).toEqual([{ channelId: TEAM, ids: [invitation.id] }]);
  });

  it("is dropped when alerts are turned off in its channel", async () => {
    channels = [{ channelId: TEAM }, { channelId: SALES }];
    const w = await installed();
    pc.add(engagement());
    slack.refusing.set(SALES, "not_in_channel");
    await w.check(slack.poster);
    channels = [{ channelId: TEAM }];
    await w.check(slack.poster);
    expect(await store.alertOutbox.waiting()).toEqual([]);
    expect(slack.refusalsChanged).toBe(2);
  });
});

describe("a channel that refuses its alerts", () => {
  it("is shown to the approvers once, keeps what waits, and gets it all in one message once the app is invited", async () => {
    channels = [{ channelId: TEAM }, { channelId: SALES }];
    const w = await installed();
    slack.refusing.set(SALES, "not_in_channel");
    const first = pc.add(engagement());
    await w.check(slack.poster);
    expect(slack.posts).toEqual([{ channelId: TEAM, ids: [first.id] }]);
    expect(await store.alertOutbox.waiting()).toEqual([
      { channelId: SALES, count: 1, updates: 0, since: NOW, dueAt: NOW, refusal: "not_in_channel" },
    ]);
    expect(slack.refusalsChanged).toBe(1);

    clock.advance(60_000);
    const second = pc.add(connectionInvitation());
    await w.check(slack.poster);
    // Tried again with the new one, still refused: the approvers were already told.
    expect(slack.attempts.filter((c) => c === SALES)).toHaveLength(2);
    expect(slack.refusalsChanged).toBe(1);
    expect(await store.alertOutbox.waiting()).toMatchObject([{ channelId: SALES, count: 2 }]);

    slack.refusing.delete(SALES);
    expect(await w.deliver(slack.poster, { channelId: SALES })).toBe(2);
    expect(slack.posts.at(-1)).toEqual({ channelId: SALES, ids: [first.id, second.id] });
    expect(slack.refusalsChanged).toBe(2);
    await w.check(slack.poster);
    expect(slack.posts.filter((p) => p.channelId === SALES)).toHaveLength(1);
  });

  it("is tried again by the next look without waiting for a pause", async () => {
    channels = [{ channelId: SALES }];
    const w = await installed();
    slack.refusing.set(SALES, "channel_not_found");
    const invitation = pc.add(engagement());
    await w.check(slack.poster);
    slack.refusing.delete(SALES);
    await w.check(slack.poster);
    expect(slack.posts).toEqual([{ channelId: SALES, ids: [invitation.id] }]);
  });
});

describe("several invitations waiting for one channel", () => {
  it("go out in one message, in the order they were found", async () => {
    const w = await installed();
    slack.failNext("fatal_error");
    const [older, newer] = [
      pc.add(engagement({ expiresInHours: 40 })),
      pc.add(engagement({ expiresInHours: 45 })),
    ];
    const connection = pc.add(connectionInvitation());
    await w.check(slack.poster);
    clock.advance(1000);
    const later = pc.add(engagement());
    slack.failNext("fatal_error");
    await w.check(slack.poster);
    clock.advance(2 * firstDelayMs);
    await w.deliver(slack.poster);
    expect(slack.posts).toEqual([{ channelId: TEAM, ids: [newer.id, older.id, connection.id, later.id] }]);
  });
});

describe("a channel's filter", () => {
  it("takes only the invitations it names, whichever look or event finds them", async () => {
    const LEADS = "C0LEADS0001";
    channels = [
      { channelId: TEAM },
      { channelId: SALES, filter: { kind: "connection" } },
      { channelId: LEADS, filter: { payload: "lead" } },
    ];
    const w = await installed();
    const opportunity = pc.add(engagement());
    const lead = pc.add(engagement({ payloadType: "LeadInvitation" }));
    const connection = pc.add(connectionInvitation());
    const newer = pc.add(engagement({ payloadType: "SomePayloadAwsAddsLater" }));
    await w.check(slack.poster);
    const posted = (channelId: string) =>
      slack.posts.filter((p) => p.channelId === channelId).flatMap((p) => p.ids.sort());
    expect(posted(TEAM)).toEqual([opportunity.id, lead.id, connection.id, newer.id].sort());
    expect(posted(SALES)).toEqual([connection.id]);
    expect(posted(LEADS)).toEqual([lead.id]);

    const byEvent = pc.add(engagement({ payloadType: "LeadInvitation" }));
    await w.announce(channels, [byEvent], slack.poster);
    expect(posted(LEADS)).toEqual([lead.id, byEvent.id].sort());
    expect(posted(SALES)).toEqual([connection.id]);
  });

  it("changed before a waiting alert is posted, drops what it no longer takes", async () => {
    const w = await installed();
    const invitation = pc.add(engagement());
    slack.failNext("fatal_error");
    await w.check(slack.poster);
    channels = [{ channelId: TEAM, filter: { kind: "connection" } }];
    clock.advance(firstDelayMs);
    expect(await w.deliver(slack.poster)).toBe(0);
    expect(slack.posts).toEqual([]);
    expect(await store.alertOutbox.waiting()).toEqual([]);
    expect(pc.gets).toEqual([invitation.id]);
  });
});

describe("opportunities' changes in the outbox", () => {
  const payload = (id: string) =>
    JSON.stringify({
      catalog: "AWS",
      id,
      changes: [{ kind: "stage", to: "Committed" }],
      firstSighting: false,
    });
  const recordPost = (id: string, body = payload(id), threadTs?: string) =>
    store.opportunitySnapshots.save("AWS", id, "{}", undefined, [
      { key: `opportunity:AWS:${id}:1`, channelId: TEAM, payload: body, ...(threadTs ? { threadTs } : {}) },
    ]);

  it("posts each as its own message, in its thread, and leaves invitations' alerts to theirs", async () => {
    const w = await installed();
    await recordPost("O1", payload("O1"), "1700000000.000100");
    await recordPost("O2");
    pc.add(engagement({ id: "engi-new1" }));
    await w.check(slack.poster);
    expect(slack.opportunityPosts).toEqual([
      { channelId: TEAM, id: "O1", threadTs: "1700000000.000100" },
      { channelId: TEAM, id: "O2" },
    ]);
    expect(slack.posts).toEqual([{ channelId: TEAM, ids: ["engi-new1"] }]);
    expect(await w.deliver(slack.poster)).toBe(0);
  });

  it("posts only the keys named, and tries again later what Slack did not take", async () => {
    const w = await installed();
    await recordPost("O3");
    await recordPost("O4");
    slack.failNext("fatal_error");
    expect(await w.deliver(slack.poster, { only: ["opportunity:AWS:O3:1"] })).toBe(0);
    expect(slack.opportunityPosts).toEqual([]);
    clock.advance(firstDelayMs);
    expect(await w.deliver(slack.poster)).toBe(2);
    expect(slack.opportunityPosts.map((p) => p.id).sort()).toEqual(["O3", "O4"]);
  });

  it("drops a post it cannot read instead of posting it", async () => {
    const w = await installed();
    await recordPost("O5", '{"not":"a post"}');
    expect(await w.deliver(slack.poster)).toBe(0);
    expect(slack.opportunityPosts).toEqual([]);
    expect(await store.alertOutbox.waiting()).toEqual([]);
  });
});
