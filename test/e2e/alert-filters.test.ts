import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, OUTSIDE_CHANNEL, startHarness, VIEWER } from "../helpers/harness.ts";
import { runCommand } from "../helpers/slack.ts";

/** Alert filters through the real app: `alerts on kind= payload=` in a channel, then a look at Partner Central. */

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { ALERT_INTERVAL: "1s" } });
});
afterAll(async () => {
  await h?.close();
});

/** Waits until the watcher has looked at least once more (each look lists engagement invitations). */
async function nextLook(): Promise<void> {
  const looks = () => h.emulator.calls.filter((c) => c.operation === "ListEngagementInvitations").length;
  const before = looks();
  await h.standin.waitFor(() => looks() > before, 10_000);
}

/** The invitation ids announced in a channel so far. */
const announcedIn = (channel: string) =>
  h.standin
    .callsTo("chat.postMessage")
    .filter((c) => c.args.channel === channel && String(c.args.text).includes("received"))
    .flatMap((c) =>
      [...JSON.stringify(c.args.blocks).matchAll(/inv:(?:engagement|connection):AWS:([A-Za-z0-9-]+)/g)].map(
        (m) => m[1],
      ),
    );

describe("alert filters", () => {
  it("posts in a channel only the invitations its filter takes, and says so in status", async () => {
    // The channel the app joins by itself: it takes leads, and the other channel connection invitations.
    await runCommand(h.standin, "alerts on payload=lead", { userId: VIEWER, channelId: OUTSIDE_CHANNEL });
    await runCommand(h.standin, "alerts on kind=connection", { userId: VIEWER });
    const status = await runCommand(h.standin, "alerts status", {
      userId: VIEWER,
      channelId: OUTSIDE_CHANNEL,
    });
    expect(status.text).toContain("Taken here: engagement invitations that are leads.");
    await nextLook();
    await nextLook();

    const lead = h.emulator.addEngagementInvitation({ PayloadType: "LeadInvitation" });
    const opportunity = h.emulator.addEngagementInvitation({ PayloadType: "OpportunityInvitation" });
    const connection = h.emulator.addConnectionInvitation();
    await h.standin.waitFor(
      () =>
        announcedIn(OUTSIDE_CHANNEL).length > 0 && announcedIn("C0TEAM00001").length > 0 ? true : undefined,
      10_000,
    );
    await nextLook();
    expect(announcedIn(OUTSIDE_CHANNEL)).toEqual([lead.Id]);
    expect(announcedIn("C0TEAM00001")).toEqual([connection.Id]);
    expect([...announcedIn(OUTSIDE_CHANNEL), ...announcedIn("C0TEAM00001")]).not.toContain(opportunity.Id);
  });
});
