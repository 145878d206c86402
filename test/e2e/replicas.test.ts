import { describe, expect, it } from "vitest";
import { ACTION } from "../../src/slack/ids.ts";
import { APPROVER, CHANNEL, GROUP_MEMBER } from "../helpers/harness.ts";
import { twoReplicas } from "../helpers/replicas.ts";
import { findButton, messageJson } from "../helpers/slack.ts";
import { TEST_DATABASE_URL } from "../store/helpers.ts";

// Registered only where a server is available, as the store's PostgreSQL tests; CI sets TEST_DATABASE_URL.
if (TEST_DATABASE_URL !== undefined) {
  const serverUrl = TEST_DATABASE_URL;

  describe("two app instances on one PostgreSQL", () => {
    it("announce a new invitation once, and two approvers clicking it on different replicas make one AWS call", async () => {
      const env = { ALERT_CHANNEL: CHANNEL, ALERT_INTERVAL: "1s" };
      await twoReplicas(serverUrl, { env }, async (h, second) => {
        const firstUrl = `http://127.0.0.1:${h.services.app.port}`;
        const secondUrl = `http://127.0.0.1:${second.app.port}`;
        // Both replicas have recorded what existed before anything new arrives.
        await h.standin.waitFor(
          () => h.emulator.calls.filter((c) => c.operation === "ListEngagementInvitations").length >= 4,
          10_000,
        );
        const invitation = h.emulator.addEngagementInvitation();
        const alert = await h.standin.waitFor(
          () => h.standin.messages(CHANNEL).find((m) => messageJson(m).includes(invitation.Id)),
          10_000,
        );
        await new Promise((resolve) => setTimeout(resolve, 2500));
        const posts = h.standin
          .callsTo("chat.postMessage")
          .filter((c) => JSON.stringify(c.args.blocks).includes(invitation.Id));
        expect(posts).toHaveLength(1);

        const value = findButton(alert, ACTION.accept)?.value ?? "";
        expect(value).toContain(invitation.Id);
        h.emulator.resetCalls();
        const clickAs = (userId: string, appUrl: string) => {
          h.standin.setAppUrl(appUrl);
          return h.standin.clickButton({
            userId,
            channelId: CHANNEL,
            messageTs: alert.ts,
            actionId: ACTION.accept,
            value,
          });
        };
        await Promise.all([clickAs(APPROVER, firstUrl), clickAs(GROUP_MEMBER, secondUrl)]);
        await h.standin.waitFor(() => {
          const current = h.standin.message(CHANNEL, alert.ts);
          return current && /Accepted by/.test(messageJson(current)) ? current : undefined;
        }, 15_000);
        expect(
          h.emulator.calls.filter((c) => c.operation === "StartEngagementByAcceptingInvitationTask"),
        ).toHaveLength(1);
        await h.standin.waitFor(() =>
          h.standin
            .messages(CHANNEL)
            .find((m) => m.ephemeralFor !== undefined && m.text.startsWith("Someone got there first")),
        );
        expect(h.standin.callsTo("chat.update").length).toBeGreaterThan(0);
      });
    });
  });
}
