import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APPROVER,
  CHANNEL,
  GROUP_MEMBER,
  type Harness,
  PRIVATE_CHANNEL,
  startHarness,
} from "../helpers/harness.ts";
import { runCommand } from "../helpers/slack.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: { ALERT_CHANNEL: CHANNEL, ALERT_INTERVAL: "1s" },
    alerts: { retry: { firstDelayMs: 200 } },
  });
  // The first look has recorded what already existed once a second one has begun.
  await nextLook();
  await nextLook();
});
afterAll(async () => {
  await h?.close();
});

/** Every chat.postMessage of an alert about this invitation in the channel, whether Slack took it or not. */
function attemptsFor(id: string, channel: string) {
  return h.standin
    .callsTo("chat.postMessage")
    .filter((c) => c.args.channel === channel && JSON.stringify(c.args.blocks).includes(id));
}

/** Alert messages in the channel that show this invitation. */
function alertsShowing(id: string, channel: string) {
  return h.standin.messages(channel).filter((m) => JSON.stringify(m.blocks).includes(id));
}

/** Waits until the watcher has begun another look, so the one before has finished. */
async function nextLook(): Promise<void> {
  const looks = () => h.emulator.calls.filter((c) => c.operation === "ListEngagementInvitations").length;
  const before = looks();
  await h.standin.waitFor(() => looks() > before, 10_000);
}

const NOTICE = "New-invitation alerts cannot be posted";
const homesWithNotice = () =>
  h.standin
    .callsTo("views.publish")
    .filter((c) => JSON.stringify(c.args.view).includes(NOTICE))
    .map((c) => c.args.user_id);

describe("an alert Slack refuses once", () => {
  it("is posted later, once (fatal_error)", async () => {
    h.standin.failNext("chat.postMessage", { error: "fatal_error" });
    const invitation = h.emulator.addEngagementInvitation();
    await h.standin.waitFor(() => alertsShowing(invitation.Id, CHANNEL).length > 0, 10_000);
    expect(attemptsFor(invitation.Id, CHANNEL)).toHaveLength(2);
    await nextLook();
    await nextLook();
    expect(alertsShowing(invitation.Id, CHANNEL)).toHaveLength(1);
    expect(attemptsFor(invitation.Id, CHANNEL)).toHaveLength(2);
  });
});

describe("a channel the app is not in", () => {
  it("keeps its alerts, shows the approvers what to do once, and gets them all when the app is invited", async () => {
    const on = await runCommand(h.standin, "alerts on", { channelId: PRIVATE_CHANNEL });
    expect(on.text).toContain("New invitations will be posted here");
    const first = h.emulator.addEngagementInvitation();
    await h.standin.waitFor(() => alertsShowing(first.Id, CHANNEL).length > 0, 10_000);
    expect(attemptsFor(first.Id, PRIVATE_CHANNEL)).toHaveLength(1);
    // Every approver's Home says which channel refuses and what to do there.
    await h.standin.waitFor(() => homesWithNotice().length >= 2, 10_000);
    expect(homesWithNotice().sort()).toEqual([APPROVER, GROUP_MEMBER].sort());
    const home = JSON.stringify(h.standin.homeView(APPROVER)?.view.blocks);
    expect(home).toContain(`<#${PRIVATE_CHANNEL}>`);
    expect(home).toContain("/invite @Partner Central");
    expect(home).toContain("/partnercentral alerts off");
    const status = await runCommand(h.standin, "alerts status", { channelId: PRIVATE_CHANNEL });
    expect(status.text).toContain("1 new invitation waits to be announced here");

    // A second invitation is tried there too, and still refused: the approvers are not told again.
    const second = h.emulator.addConnectionInvitation();
    await h.standin.waitFor(() => attemptsFor(second.Id, PRIVATE_CHANNEL).length > 0, 10_000);
    await nextLook();
    await nextLook();
    expect(homesWithNotice()).toHaveLength(2);
    expect(alertsShowing(first.Id, PRIVATE_CHANNEL)).toEqual([]);

    const publishes = h.standin.callsTo("views.publish").length;
    await h.standin.inviteBot(PRIVATE_CHANNEL, APPROVER);
    const [alert] = await h.standin.waitFor(() => {
      const found = alertsShowing(first.Id, PRIVATE_CHANNEL);
      return found.length > 0 ? found : undefined;
    }, 10_000);
    expect(alert?.text).toMatch(/^2 new invitations received/);
    expect(JSON.stringify(alert?.blocks)).toContain(second.Id);
    // The notice leaves the approvers' Homes.
    await h.standin.waitFor(() => h.standin.callsTo("views.publish").length >= publishes + 2, 10_000);
    expect(JSON.stringify(h.standin.homeView(APPROVER)?.view.blocks)).not.toContain(NOTICE);
    await nextLook();
    await nextLook();
    expect(alertsShowing(first.Id, PRIVATE_CHANNEL)).toHaveLength(1);
  });
});
