import { WebAPIPlatformError, type WebClient } from "@slack/web-api";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Decision, InvitationRef } from "../../src/events/model.ts";
import { type Invitation, invitationKey } from "../../src/partnercentral/model.ts";
import { renderNewInvitations } from "../../src/slack/blocks/alerts.ts";
import { decidedElsewhereText, showDecidedElsewhere } from "../../src/slack/blocks/decided-elsewhere.ts";
import { renderEngagementDetails } from "../../src/slack/blocks/details.ts";
import { slackPlaces } from "../../src/slack/decided-elsewhere.ts";
import { ACTION } from "../../src/slack/ids.ts";
import {
  locationPrefix,
  placeOf,
  recordChannelMessage,
  recordDecidedFrom,
  recordModal,
  rememberAnswer,
} from "../../src/slack/invitation-places.ts";
import type { Store } from "../../src/store/index.ts";
import { connectionInvitation, engagement, NOW } from "../fixtures/invitations.ts";
import { memoryStore } from "../helpers/memory-store.ts";
import { findButton, messageJson } from "../helpers/slack.ts";

const refOf = ({ kind, id, catalog }: Invitation): InvitationRef => ({ kind, id, catalog });
const accepted: Decision = { status: "ACCEPTED", actor: { accountId: "111122223333" }, at: NOW };
const silent = { warn: () => undefined };
/** Partner Central's events are on: places are read to show decisions made there. */
const eventsOn = { events: { queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/events" } };

describe("a decision made in Partner Central, as a line", () => {
  it("says what, where, when and, as far as the event tells, by which account or profile", () => {
    expect(decidedElsewhereText(accepted)).toBe(
      ":white_check_mark: Accepted in Partner Central · <!date^1795165200^{date_short_pretty} at {time}|2026-11-20 09:00 UTC> · by account `111122223333`",
    );
    expect(decidedElsewhereText({ status: "CANCELED", actor: { profileId: "pprof-1" }, at: NOW })).toMatch(
      /^:no_entry_sign: Canceled in Partner Central · <!date\^\d+\^.*> · by partner profile `pprof-1`$/,
    );
    expect(decidedElsewhereText({ status: "EXPIRED", at: NOW })).toMatch(
      /^:heavy_multiplication_x: Expired in Partner Central · <!date\^\d+\^[^>]*>$/,
    );
  });

  it("replaces that invitation's buttons only, and again gives the same blocks", () => {
    const [decided, other] = [engagement(), connectionInvitation()] as [Invitation, Invitation];
    const { blocks } = renderNewInvitations([decided, other], NOW);
    const once = showDecidedElsewhere(blocks, refOf(decided), accepted);
    expect(findButton({ blocks: once }, ACTION.accept, invitationKey(decided))).toBeUndefined();
    expect(findButton({ blocks: once }, ACTION.accept, invitationKey(other))).toBeDefined();
    // As with a decision made in Slack, the row's buttons block goes and its menu moves beside the summary.
    expect(once).toHaveLength(blocks.length - 1);
    const row = once.find((b) => b.block_id === `inv:${invitationKey(decided)}`);
    expect(messageJson({ blocks: [row] })).toContain("Accepted in Partner Central");
    expect(messageJson({ blocks: [row] })).not.toContain("Pending");
    expect(showDecidedElsewhere(once, refOf(decided), accepted)).toEqual(once);
  });
});

describe("places", () => {
  let store: Store;
  beforeEach(async () => {
    store = await memoryStore(() => NOW);
  });

  it("are read back as recorded, response URLs with their colons", async () => {
    const invitation = engagement();
    await recordChannelMessage(
      { store, logger: silent, config: eventsOn },
      "C0TEAM00001",
      "1795165200.000100",
      {
        text: "New invitation received",
        blocks: renderNewInvitations([invitation], NOW).blocks,
      },
    );
    const url = "https://hooks.slack.com/actions/T1/2/abc";
    await rememberAnswer(
      { store, logger: silent, config: eventsOn },
      renderNewInvitations([invitation], NOW),
      url,
    );
    const places = (await store.invitationMessages.find(invitationKey(invitation))).map(placeOf);
    expect(places).toEqual([
      { kind: "answer", memoryKey: expect.any(String), responseUrl: url },
      { kind: "channel", channelId: "C0TEAM00001", ts: "1795165200.000100", memoryKey: expect.any(String) },
    ]);
    // An App Home, as earlier versions recorded it: every change republishes the open Homes instead.
    expect(placeOf("home:U0APPROVER1")).toBeUndefined();
    expect(placeOf("somewhere:else")).toBeUndefined();
  });

  it("are not kept without Partner Central's events, which alone read them", async () => {
    const invitation = engagement();
    const off = { store, logger: silent, config: { events: {} } };
    await recordChannelMessage(off, "C0TEAM00001", "1.1", renderNewInvitations([invitation], NOW));
    await rememberAnswer(
      off,
      renderNewInvitations([invitation], NOW),
      "https://hooks.slack.com/actions/T1/2/abc",
    );
    expect(await store.invitationMessages.find(invitationKey(invitation))).toEqual([]);
  });

  it("record no answer whose response URL would replace another message", async () => {
    const invitation = engagement();
    await rememberAnswer(
      { store, logger: silent, config: eventsOn },
      renderNewInvitations([invitation], NOW),
      undefined,
    );
    expect(await store.invitationMessages.find(invitationKey(invitation))).toEqual([]);
  });
});

describe("showing a decision in a channel message", () => {
  let store: Store;
  let updates: Array<Record<string, unknown>>;
  let show: ReturnType<typeof slackPlaces>["showDecision"];
  const [decided, other] = [engagement(), engagement()] as [Invitation, Invitation];

  beforeEach(async () => {
    store = await memoryStore(() => NOW);
    updates = [];
    const client = {
      chat: { update: async (args: Record<string, unknown>) => updates.push(args) },
    } as unknown as WebClient;
    // A channel message needs neither the Home service nor the approvers.
    const deps = { client, store, logger: silent } as unknown as Parameters<typeof slackPlaces>[0];
    show = slackPlaces(deps).showDecision;
    const message = renderNewInvitations([decided, other], NOW);
    await recordChannelMessage({ store, logger: silent, config: eventsOn }, "C0TEAM00001", "1.2", message);
  });

  const location = async (invitation: Invitation) =>
    (await store.invitationMessages.find(invitationKey(invitation)))[0] ?? "";
  const lastBlocks = () => ({ blocks: (updates.at(-1)?.blocks ?? []) as unknown[] });

  it("updates the message from its remembered copy, and keeps the copy as shown", async () => {
    await show(await location(decided), refOf(decided), accepted);
    expect(updates.at(-1)).toMatchObject({ channel: "C0TEAM00001", ts: "1.2" });
    expect(findButton(lastBlocks(), ACTION.accept, invitationKey(decided))).toBeUndefined();
    // The other invitation decided next: the first one's line stays.
    await show(await location(other), refOf(other), { status: "REJECTED", at: NOW });
    expect(findButton(lastBlocks(), ACTION.accept)).toBeUndefined();
    expect(messageJson(lastBlocks())).toContain("Accepted in Partner Central");
    expect(messageJson(lastBlocks())).toContain("Rejected in Partner Central");
    // The decision replaces each row's status line: nothing in the message still reads as pending.
    expect(messageJson(lastBlocks())).not.toContain("Pending");
    const memoryKey = (placeOf(await location(decided)) as { memoryKey: string }).memoryKey;
    const copy = await store.messages.recall(memoryKey, "channel-message");
    expect(JSON.parse(copy?.value ?? "{}").blocks).toEqual(lastBlocks().blocks);
  });

  it("keeps Slack's own successful decision, and never shows a decision still under way", async () => {
    const claim = (invitation: Invitation) =>
      store.decisions.claim({
        key: invitationKey(invitation),
        invitationKind: "engagement",
        invitationId: invitation.id,
        catalog: "AWS",
        action: "accept",
        userId: "U0APPROVER1",
      });
    await claim(decided);
    await store.decisions.finish(invitationKey(decided), { status: "succeeded", resultId: "O1234" });
    await claim(other);
    await show(await location(decided), refOf(decided), accepted);
    expect(messageJson(lastBlocks())).toContain("Accepted by <@U0APPROVER1>");
    expect(messageJson(lastBlocks())).not.toContain("Accepted in Partner Central");
    expect(messageJson(lastBlocks())).not.toContain("is accepting");
    expect(findButton(lastBlocks(), ACTION.accept, invitationKey(other))).toBeDefined();
  });

  it("passes over an App Home an earlier version recorded, which the change republishes with every open Home", async () => {
    await expect(show("home:U0APPROVER1", refOf(decided), accepted)).resolves.toBeUndefined();
    expect(updates).toEqual([]);
  });

  it("does nothing when no copy of the message is remembered any more", async () => {
    const place = await location(decided);
    const memoryKey = (placeOf(place) as { memoryKey: string }).memoryKey;
    const copy = await store.messages.recall(memoryKey, "channel-message");
    await store.messages.replace(memoryKey, "null", copy?.version ?? 0);
    await show(place, refOf(decided), accepted);
    expect(updates).toEqual([]);
  });
});

describe("showing the app's own outcome wherever the invitation is", () => {
  let store: Store;
  let updates: Array<{ method: string; args: Record<string, unknown> }>;
  let places: ReturnType<typeof slackPlaces>;
  let homeChanges: number;
  const invitation = engagement();
  const key = invitationKey(invitation);

  beforeEach(async () => {
    store = await memoryStore(() => NOW);
    updates = [];
    const client = {
      chat: {
        update: async (args: Record<string, unknown>) => updates.push({ method: "chat.update", args }),
      },
      views: {
        update: async (args: Record<string, unknown>) => updates.push({ method: "views.update", args }),
      },
    } as unknown as WebClient;
    homeChanges = 0;
    const home = {
      changed: () => {
        homeChanges++;
      },
    };
    places = slackPlaces({ client, store, logger: silent, home } as unknown as Parameters<
      typeof slackPlaces
    >[0]);
  });

  const decide = async (finish?: Parameters<Store["decisions"]["finish"]>[1]) => {
    const claim = await store.decisions.claim({
      key,
      invitationKind: "engagement",
      invitationId: invitation.id,
      catalog: "AWS",
      action: "accept",
      userId: "U0APPROVER1",
    });
    if (!claim.won) throw new Error("lost");
    return finish ? store.decisions.finish(key, finish) : claim.record;
  };

  /** An alert showing the invitation, posted in the team's channel at `ts`. */
  const alertAt = (ts: string) =>
    recordChannelMessage(
      { store, logger: silent, config: eventsOn },
      "C0TEAM00001",
      ts,
      renderNewInvitations([invitation], NOW),
    );

  it("redraws every place but the one it was made from, Details with the Status it became", async () => {
    await alertAt("1.3");
    const details = renderEngagementDetails(
      {
        ...invitation,
        kind: "engagement",
        senderContacts: [],
        existingMembers: [],
        receiverResponsibilities: [],
      },
      NOW,
      { withActions: true },
    );
    await recordModal(
      { store, logger: silent, config: eventsOn },
      { userId: "U0APPROVER1", viewId: "V0DETAILS01" },
      "Invitation details",
      details,
    );
    await recordDecidedFrom(
      { store, logger: silent },
      { kind: "channel", channelId: "C0OTHER0001", ts: "2.1" },
      renderNewInvitations([invitation], NOW),
    );
    const record = await decide({ status: "succeeded", resultId: "O1234" });
    await places.showOutcome(record, {
      except: locationPrefix({ kind: "channel", channelId: "C0OTHER0001", ts: "2.1" }),
    });

    expect(updates.map((u) => u.method).sort()).toEqual(["chat.update", "views.update"]);
    const channel = updates.find((u) => u.method === "chat.update");
    expect(channel?.args).toMatchObject({ channel: "C0TEAM00001", ts: "1.3" });
    expect(messageJson(channel?.args as { blocks: unknown[] })).toMatch(
      /Accepted by <@U0APPROVER1> .* opportunity `O1234`/,
    );
    const modal = updates.find((u) => u.method === "views.update")?.args as {
      view_id: string;
      view: { title: { text: string }; blocks: unknown[] };
    };
    expect(modal.view_id).toBe("V0DETAILS01");
    expect(modal.view.title.text).toBe("Invitation details");
    expect(messageJson(modal.view)).toContain("*Status*\\n:white_check_mark: Accepted");
    expect(messageJson(modal.view)).not.toContain("Pending");
    expect(findButton(modal.view, ACTION.accept)).toBeUndefined();
  });

  it("passes over a window closed since, without a warning, and redraws the others", async () => {
    await alertAt("1.5");
    await recordModal(
      { store, logger: silent, config: eventsOn },
      { userId: "U0APPROVER1", viewId: "V0CLOSED001" },
      "Invitation details",
      renderNewInvitations([invitation], NOW),
    );
    const warn = vi.fn();
    const client = {
      chat: {
        update: async (args: Record<string, unknown>) => updates.push({ method: "chat.update", args }),
      },
      views: {
        update: async () => {
          throw new WebAPIPlatformError({ ok: false, error: "not_found" });
        },
      },
    } as unknown as WebClient;
    const redrawn = slackPlaces({
      client,
      store,
      logger: { warn },
      home: { changed: () => undefined },
    } as unknown as Parameters<typeof slackPlaces>[0]);
    await redrawn.showOutcome(await decide({ status: "succeeded", resultId: "O77" }));
    expect(updates.map((u) => u.method)).toEqual(["chat.update"]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("records where a decision was made, events or not, once per place", async () => {
    const shown = renderNewInvitations([invitation], NOW);
    const from = { kind: "channel", channelId: "C0TEAM00001", ts: "1.4" } as const;
    await recordDecidedFrom({ store, logger: silent }, from, shown);
    await recordDecidedFrom({ store, logger: silent }, from, shown);
    const locations = await store.invitationMessages.find(key);
    expect(locations.map(placeOf)).toEqual([
      { kind: "channel", channelId: "C0TEAM00001", ts: "1.4", memoryKey: expect.any(String) },
    ]);
    // An accept still running there ends: the place shows its end.
    await decide({ status: "succeeded", resultId: "O9" });
    const record = await store.decisions.get(key);
    if (record) await places.showOutcome(record);
    expect(messageJson(updates[0]?.args as { blocks: unknown[] })).toContain("opportunity `O9`");
    // Every open Home, one it was made from too, is republished once the change's look is done.
    expect(homeChanges).toBeGreaterThan(0);
  });
});
