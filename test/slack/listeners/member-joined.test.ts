import { WebAPIPlatformError } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invitationKey } from "../../../src/partnercentral/model.ts";
import { slackAlertPoster } from "../../../src/slack/channel-poster.ts";
import { memberJoinedChannel } from "../../../src/slack/events/member-joined.ts";
import { APPROVER, GROUP_MEMBER, PRIVATE_CHANNEL, VIEWER } from "../../helpers/harness.ts";
import {
  approverGroupAnswers,
  buildMemberJoinedArgs,
  fakeClient,
  type ListenerWorld,
  listenerWorld,
} from "../../helpers/listener.ts";

let world: ListenerWorld;

beforeAll(async () => {
  world = await listenerWorld({ env: { ALERT_CHANNEL: PRIVATE_CHANNEL } });
});
afterAll(async () => {
  await world.close();
});

/** A client of an app that is not in the private channel: Slack answers as if it did not exist. */
const outsider = () =>
  fakeClient({
    ...approverGroupAnswers,
    "chat.postMessage": () => {
      throw new WebAPIPlatformError({ ok: false, error: "channel_not_found" });
    },
  });

describe("member_joined_channel", () => {
  it("posts the alerts that waited for the app in the channel it was invited to, and clears the approvers' notice", async () => {
    const { deps } = world;
    const created = world.emulator.addEngagementInvitation();
    const invitation = await deps.partnerCentral.engagements.get("AWS", created.Id);
    const refused = outsider();
    await deps.alerts.announce(
      [{ channelId: PRIVATE_CHANNEL }],
      [invitation],
      slackAlertPoster(refused.client, deps.clock, deps),
    );
    expect(refused.callsTo("views.publish").map((c) => c.user_id)).toEqual([APPROVER, GROUP_MEMBER]);
    expect(JSON.stringify(refused.callsTo("views.publish")[0])).toContain(
      "New-invitation alerts cannot be posted",
    );

    const { client, callsTo } = fakeClient(approverGroupAnswers);
    await memberJoinedChannel(deps)(
      buildMemberJoinedArgs({ client, channelId: PRIVATE_CHANNEL, inviter: APPROVER }),
    );
    const [post] = callsTo("chat.postMessage");
    expect(post).toMatchObject({
      channel: PRIVATE_CHANNEL,
      text: expect.stringMatching(/^New invitation received/),
    });
    expect(JSON.stringify(post?.blocks)).toContain(invitationKey(invitation).split(":")[2]);
    expect(callsTo("views.publish").map((c) => c.user_id)).toEqual([APPROVER, GROUP_MEMBER]);
    expect(JSON.stringify(callsTo("views.publish"))).not.toContain("New-invitation alerts cannot be posted");
    expect(await world.store.alertOutbox.waiting()).toEqual([]);
  });

  it("does nothing when someone else joins a channel, or nothing waits for the app there", async () => {
    const { client, calls } = fakeClient(approverGroupAnswers);
    await memberJoinedChannel(world.deps)(
      buildMemberJoinedArgs({ client, channelId: PRIVATE_CHANNEL, userId: VIEWER }),
    );
    await memberJoinedChannel(world.deps)(buildMemberJoinedArgs({ client, channelId: PRIVATE_CHANNEL }));
    expect(calls).toEqual([]);
  });
});
