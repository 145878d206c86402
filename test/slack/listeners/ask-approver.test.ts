import type { KnownBlock } from "@slack/types";
import { beforeEach, describe, expect, it } from "vitest";
import type { EngagementInvitation } from "../../../dev/emulator/index.ts";
import { askApproverAction } from "../../../src/slack/actions/ask-approver.ts";
import { decideAction } from "../../../src/slack/actions/decide.ts";
import { invitationMenuAction } from "../../../src/slack/actions/overflow.ts";
import { renderNewInvitations } from "../../../src/slack/blocks/alerts.ts";
import { renderInvitationList } from "../../../src/slack/blocks/lists.ts";
import { type ButtonClickArgs, clicked } from "../../../src/slack/clicks.ts";
import { ACTION } from "../../../src/slack/ids.ts";
import type { ButtonArgs } from "../../../src/slack/listener-args.ts";
import { rememberEphemeral } from "../../../src/slack/message-memory.ts";
import { APPROVER, CHANNEL, decisionCalls, GROUP_MEMBER, VIEWER } from "../../helpers/harness.ts";
import {
  approverGroupAnswers,
  buildButtonArgs,
  buildOverflowArgs,
  type ClickPlace,
  fakeAck,
  fakeClient,
  sharedListenerWorld,
} from "../../helpers/listener.ts";
import { findButton, findMenuOption, messageJson } from "../../helpers/slack.ts";

const shared = sharedListenerWorld({ emulator: { seed: false } });

const refOf = (invitation: { Id: string }) => `engagement:AWS:${invitation.Id}`;
const DIGEST_TS = "1700000000.000100";

/** A channel message showing a new invitation with its buttons, as an alert posts it. */
async function alert(invitation: EngagementInvitation) {
  const shown = await shared.world.deps.partnerCentral.engagements.getWithSide("AWS", invitation.Id);
  return renderNewInvitations([shown], new Date());
}

/** Slack as the listener sees it: every post taken (with a channel and ts), or refused where `refuse` says. */
function slack(refuse: (args: Record<string, unknown>) => string | undefined = () => undefined) {
  let posts = 0;
  return fakeClient({
    ...approverGroupAnswers,
    "chat.postMessage": (args) => {
      const refusal = refuse(args);
      if (refusal) throw new Error(`An API error occurred: ${refusal}`);
      posts++;
      const channel = String(args.channel);
      return {
        ok: true,
        channel: channel.startsWith("U") ? `D${channel.slice(1)}` : channel,
        ts: `1700000001.00000${posts}`,
      };
    },
  });
}

/** Chooses Ask an approver in the menu of a row of the channel message, as `userId`. */
async function askInChannel(blocks: KnownBlock[], ref: string, userId: string, client = slack()) {
  const option = findMenuOption({ blocks }, ACTION.askApprover, ref);
  await invitationMenuAction(shared.world.deps)(
    buildOverflowArgs({
      ack: fakeAck(),
      client: client.client,
      actionId: ACTION.more,
      value: option?.value ?? "",
      userId,
      place: {
        kind: "message",
        channelId: CHANNEL,
        ts: DIGEST_TS,
        blocks,
        responseUrl: shared.responses.url,
      },
    }),
  );
  return client;
}

/** Clicks Ask an approver in a place, as the colleague. */
async function askAt(place: ClickPlace, value: string, client = slack()) {
  await clicked<ButtonArgs>(askApproverAction(shared.world.deps))(
    buildButtonArgs({
      ack: fakeAck(),
      client: client.client,
      actionId: ACTION.askApprover,
      value,
      userId: VIEWER,
      place,
    }),
  );
  return client;
}

beforeEach(() => {
  shared.world.emulator.resetCalls();
});

const answers = () => shared.responses.answers.map((a) => String((a as { text?: string }).text));

describe("Ask an approver (askApproverAction)", () => {
  it("asks once in the thread of the channel message, naming the invitation and its expiry, with the approvers' Accept", async () => {
    const invitation = shared.world.emulator.addEngagementInvitation();
    const { blocks } = await alert(invitation);
    const first = await askInChannel(blocks, refOf(invitation), VIEWER);
    const [post] = first.callsTo("chat.postMessage") as Array<{
      channel: string;
      thread_ts: string;
      blocks: KnownBlock[];
      text: string;
    }>;
    expect(first.callsTo("chat.postMessage")).toHaveLength(1);
    expect(post).toMatchObject({ channel: CHANNEL, thread_ts: DIGEST_TS });
    expect(messageJson(post ?? { blocks: [] })).toContain(
      "<@U0VIEWER001> asks <@U0APPROVER1> or members of <!subteam^S0APPROVERS> to accept or reject this invitation before it expires in",
    );
    expect(findButton(post ?? { blocks: [] }, ACTION.accept, refOf(invitation))).toBeDefined();
    expect(findButton(post ?? { blocks: [] }, ACTION.askApprover)).toBeUndefined();
    expect(answers().at(-1)).toMatch(
      /^:raising_hand: Asked <@U0APPROVER1> .* in this message's thread to decide /,
    );

    // The same colleague again, even twice at once: nothing more is posted, and they are told when they asked.
    const again = slack();
    await Promise.all([
      askInChannel(blocks, refOf(invitation), VIEWER, again),
      askInChannel(blocks, refOf(invitation), VIEWER, again),
    ]);
    expect(again.callsTo("chat.postMessage")).toEqual([]);
    expect(answers().at(-1)).toMatch(
      /^:information_source: You already asked the approvers about .* <!date\^\d+.* in the thread of the message in <#C0TEAM00001>/,
    );

    // The approver's Accept there decides it through the same path as anywhere.
    const approver = fakeClient(approverGroupAnswers);
    await decideAction(
      shared.world.deps,
      "accept",
    )(
      buildButtonArgs({
        client: approver.client,
        actionId: ACTION.accept,
        value: refOf(invitation),
        place: { kind: "message", channelId: CHANNEL, ts: "1700000001.000001", blocks: post?.blocks ?? [] },
      }) as ButtonClickArgs,
    );
    expect(messageJson(approver.callsTo("chat.update").at(-1) as { blocks: unknown[] })).toMatch(
      /Accepted by <@U0APPROVER1>/,
    );
  });

  it("asks the approvers by direct message from an answer only the colleague sees", async () => {
    const invitation = shared.world.emulator.addEngagementInvitation();
    const shown = await shared.world.deps.partnerCentral.engagements.getWithSide("AWS", invitation.Id);
    const list = renderInvitationList({
      heading: "Engagement invitations",
      filter: "pending",
      invitations: [shown],
      page: { number: 1, shownBefore: 0 },
      now: new Date(),
      viewer: { mayAct: false, approversText: "Only <@U0APPROVER1> can accept invitations." },
    });
    expect(findButton(list, ACTION.accept)).toBeUndefined();
    const tagged = await rememberEphemeral(shared.world.store, list);
    const value = findButton(tagged, ACTION.askApprover, refOf(invitation))?.value ?? "";
    const fake = await askAt({ kind: "ephemeral", responseUrl: shared.responses.url }, value);
    const posts = fake.callsTo("chat.postMessage");
    expect(posts.map((p) => p.channel).sort()).toEqual([APPROVER, GROUP_MEMBER].sort());
    expect(posts.every((p) => p.thread_ts === undefined)).toBe(true);
    expect(messageJson(posts[0] as { blocks: unknown[] })).toContain(
      "<@U0VIEWER001> asks you to accept or reject",
    );
    expect(answers().at(-1)).toMatch(/by direct message to decide/);
  });

  it("asks by direct message when the channel refuses the thread, and not at all, able to ask again, when nobody can be reached", async () => {
    const invitation = shared.world.emulator.addEngagementInvitation();
    const { blocks } = await alert(invitation);
    const threadRefused = slack((args) => (args.thread_ts ? "not_in_channel" : undefined));
    await askInChannel(blocks, refOf(invitation), "U0SOMEONE01", threadRefused);
    expect(
      threadRefused
        .callsTo("chat.postMessage")
        .filter((p) => !p.thread_ts)
        .map((p) => p.channel)
        .sort(),
    ).toEqual([APPROVER, GROUP_MEMBER].sort());

    const down = slack(() => "fatal_error");
    await askInChannel(blocks, refOf(invitation), VIEWER, down);
    expect(answers().at(-1)).toMatch(
      /^:warning: The approvers could not be asked about .*fatal_error.*try again/,
    );
    const back = await askInChannel(blocks, refOf(invitation), VIEWER);
    expect(back.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("tells an approver to decide it, and a colleague that a decided one waits no more, asking nobody", async () => {
    const invitation = shared.world.emulator.addEngagementInvitation();
    const { blocks } = await alert(invitation);
    const approver = await askInChannel(blocks, refOf(invitation), APPROVER);
    expect(approver.callsTo("chat.postMessage")).toEqual([]);
    expect(answers().at(-1)).toContain("You may decide this invitation yourself");

    shared.world.emulator.state.engagementInvitations.set(invitation.Id, {
      ...invitation,
      Status: "ACCEPTED",
    });
    const colleague = await askInChannel(blocks, refOf(invitation), VIEWER);
    expect(colleague.callsTo("chat.postMessage")).toEqual([]);
    expect(answers().at(-1)).toContain("no longer waits for an answer (accepted in Partner Central)");
    expect(decisionCalls(shared.world.emulator)).toEqual([]);
  });

  it("answers a value the message does not show, asking nobody", async () => {
    const invitation = shared.world.emulator.addEngagementInvitation();
    const fake = await askAt(
      { kind: "message", blocks: [], responseUrl: shared.responses.url },
      `${refOf(invitation)}@C0ELSEWHERE:1700000000.000100`,
    );
    expect(fake.callsTo("chat.postMessage")).toEqual([]);
    expect(answers().at(-1)).toContain("no longer part of this message");
  });
});

describe("the refusal a colleague gets for Accept", () => {
  it("offers Ask an approver, which asks in the thread of the message they pressed Accept in", async () => {
    const invitation = shared.world.emulator.addEngagementInvitation();
    const { blocks } = await alert(invitation);
    const before = shared.responses.answers.length;
    await decideAction(
      shared.world.deps,
      "accept",
    )(
      buildButtonArgs({
        client: fakeClient(approverGroupAnswers).client,
        actionId: ACTION.accept,
        value: refOf(invitation),
        userId: VIEWER,
        place: {
          kind: "message",
          channelId: CHANNEL,
          ts: DIGEST_TS,
          blocks,
          responseUrl: shared.responses.url,
        },
      }) as ButtonClickArgs,
    );
    const [refusal] = shared.responses.answers.slice(before) as Array<{ text: string; blocks: KnownBlock[] }>;
    expect(refusal?.text).toMatch(
      /^:lock: Only <@U0APPROVER1> or members of <!subteam\^S0APPROVERS> can accept invitations\. Nothing was changed\./,
    );
    const ask = findButton(refusal ?? { blocks: [] }, ACTION.askApprover);
    expect(ask?.value).toMatch(
      new RegExp(`^${refOf(invitation)}@${CHANNEL}:${DIGEST_TS}\\|[A-Za-z0-9_-]{16}$`),
    );

    const fake = await askAt({ kind: "ephemeral", responseUrl: shared.responses.url }, ask?.value ?? "");
    expect(fake.callsTo("chat.postMessage")).toEqual([
      expect.objectContaining({ channel: CHANNEL, thread_ts: DIGEST_TS }),
    ]);
    expect(decisionCalls(shared.world.emulator)).toEqual([]);
  });
});
