import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StandinView } from "../../dev/slack-standin/index.ts";
import { ACTION } from "../../src/slack/ids.ts";
import { expectWithinSlackLimits } from "../helpers/block-kit.ts";
import {
  APPROVER,
  CHANNEL,
  type Harness,
  OUTSIDE_CHANNEL,
  startHarness,
  VIEWER,
} from "../helpers/harness.ts";
import { findButton, runCommand } from "../helpers/slack.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: { ALERT_CHANNEL: CHANNEL, ALERT_INTERVAL: "1s" },
    emulator: { taskCompletionMs: 20 },
  });
});
afterAll(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Alert messages posted into a channel that mention this invitation id. */
function alertsAbout(id: string, channel = CHANNEL) {
  return h.standin
    .callsTo("chat.postMessage")
    .filter((c) => c.args.channel === channel && JSON.stringify(c.args.blocks).includes(id));
}

/** Waits until the watcher has looked at least once more (each look lists engagement invitations). */
async function nextLook(): Promise<void> {
  const before = h.emulator.calls.filter((c) => c.operation === "ListEngagementInvitations").length;
  await h.standin.waitFor(
    () => h.emulator.calls.filter((c) => c.operation === "ListEngagementInvitations").length > before,
    10_000,
  );
}

describe("new-invitation alerts", () => {
  it("records what exists at installation without posting it", async () => {
    await nextLook();
    await nextLook();
    expect(h.standin.callsTo("chat.postMessage").filter((c) => c.args.channel === CHANNEL)).toHaveLength(0);
  });

  it("announces a new invitation once, with its buttons, within one interval", async () => {
    const invitation = h.emulator.addEngagementInvitation();
    const [alert] = await h.standin.waitFor(() => {
      const found = alertsAbout(invitation.Id);
      return found.length ? found : undefined;
    }, 10_000);
    expect(String(alert?.args.text)).toMatch(/^New invitation received/);
    const message = h.standin.messages(CHANNEL).at(-1);
    expect(message && findButton(message, ACTION.accept, `engagement:AWS:${invitation.Id}`)).toBeDefined();
    await nextLook();
    await nextLook();
    expect(alertsAbout(invitation.Id)).toHaveLength(1);
  });

  it("puts several new invitations of both kinds in one message", async () => {
    const engagement = h.emulator.addEngagementInvitation();
    const connection = h.emulator.addConnectionInvitation();
    const posts = await h.standin.waitFor(() => {
      const found = alertsAbout(engagement.Id);
      return found.length ? found : undefined;
    }, 10_000);
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]?.args.blocks)).toContain(connection.Id);
    expect(String(posts[0]?.args.text)).toMatch(/^2 new invitations received/);
  });

  it("announces nothing again after a restart", async () => {
    const before = h.standin.callsTo("chat.postMessage").length;
    await h.restartApp();
    await nextLook();
    await nextLook();
    expect(h.standin.callsTo("chat.postMessage")).toHaveLength(before);
  });

  it("is switched per channel with alerts on, off and status", async () => {
    const on = await runCommand(h.standin, "alerts on", { channelId: OUTSIDE_CHANNEL });
    expect(on.text).toContain("New invitations will be posted here");
    const invitation = h.emulator.addEngagementInvitation();
    // Each channel's alert is its own post, in no promised order.
    await h.standin.waitFor(
      () =>
        alertsAbout(invitation.Id, OUTSIDE_CHANNEL).length > 0 &&
        alertsAbout(invitation.Id, CHANNEL).length > 0,
      10_000,
    );
    expect(alertsAbout(invitation.Id, OUTSIDE_CHANNEL)).toHaveLength(1);
    expect(alertsAbout(invitation.Id, CHANNEL)).toHaveLength(1);
    await runCommand(h.standin, "alerts off");
    const status = await runCommand(h.standin, "alerts status");
    expect(status.text).toContain("*off* here");
    const later = h.emulator.addEngagementInvitation();
    await h.standin.waitFor(() => alertsAbout(later.Id, OUTSIDE_CHANNEL).length > 0, 10_000);
    await sleep(1500);
    expect(alertsAbout(later.Id, CHANNEL)).toHaveLength(0);
  });
});

describe("App Home", () => {
  function pendingReceived() {
    const engagements = [...h.emulator.state.engagementInvitations.values()].filter(
      (i) => i.Catalog === "AWS" && i.Status === "PENDING" && i.ParticipantType === "RECEIVER",
    );
    const connections = [...h.emulator.state.connectionInvitations.values()].filter(
      (i) => i.Catalog === "AWS" && i.Status === "PENDING" && i.ParticipantType === "RECEIVER",
    );
    return { engagements: engagements.length, connections: connections.length };
  }

  async function publishedHome(
    userId: string,
    predicate: (view: StandinView) => boolean,
  ): Promise<StandinView> {
    return h.standin.waitFor(() => {
      const view = h.standin.homeView(userId);
      return view && predicate(view) ? view : undefined;
    }, 15_000);
  }

  const homeText = (view: StandinView) => JSON.stringify(view.view.blocks);

  it("shows the counts by kind, the ten soonest with buttons, and whether the user may approve", async () => {
    await h.standin.openHome(APPROVER);
    const { engagements, connections } = pendingReceived();
    const home = await publishedHome(APPROVER, (v) => homeText(v).includes("Pending invitations"));
    expect(homeText(home)).toContain(
      `${engagements + connections} (${engagements} engagement${engagements === 1 ? "" : "s"}, ${connections} connection${connections === 1 ? "" : "s"})`,
    );
    expect(homeText(home)).toContain("You may accept, reject and cancel invitations.");
    expect(home.view.blocks.filter((b) => (b.block_id ?? "").startsWith("act:"))).toHaveLength(10);
    expectWithinSlackLimits({ blocks: home.view.blocks }, 100);

    await h.standin.openHome(VIEWER);
    const theirs = await publishedHome(VIEWER, (v) => homeText(v).includes("Pending invitations"));
    expect(homeText(theirs)).toContain("You can still see everything.");
  });

  it("shows the outcome after the user acts from Home, and keeps the decided row after the refresh", async () => {
    await h.standin.openHome(APPROVER);
    const home = await publishedHome(APPROVER, (v) => homeText(v).includes("Expiring soonest"));
    const button = findButton({ blocks: home.view.blocks }, ACTION.accept);
    expect(button?.value).toBeDefined();
    await h.standin.clickButton({
      userId: APPROVER,
      viewId: home.id,
      actionId: ACTION.accept,
      value: button?.value,
    });
    const id = String(button?.value).split(":")[2] ?? "";
    // The outcome at once, then the list without it among the pending, the decided row still shown.
    await h.standin.waitFor(() =>
      h.standin
        .callsTo("views.publish")
        .some((c) => c.args.user_id === APPROVER && JSON.stringify(c.args.view).includes("Accepted by")),
    );
    const { engagements, connections } = pendingReceived();
    const refreshed = await publishedHome(APPROVER, (v) =>
      homeText(v).includes(`*Pending invitations*\\n${engagements + connections} `),
    );
    expect(homeText(refreshed)).toContain(id);
  });
});
