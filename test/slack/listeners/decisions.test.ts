import type { KnownBlock } from "@slack/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EngagementInvitation } from "../../../dev/emulator/index.ts";
import { Decisions } from "../../../src/decisions/service.ts";
import { decideAction } from "../../../src/slack/actions/decide.ts";
import { connectionDetailsAction, invitationDetailsAction } from "../../../src/slack/actions/details.ts";
import { rejectAction } from "../../../src/slack/actions/reject.ts";
import { renderNewInvitations } from "../../../src/slack/blocks/alerts.ts";
import { renderEngagementDetails } from "../../../src/slack/blocks/details.ts";
import { renderHome } from "../../../src/slack/blocks/home.ts";
import { REJECT_FIELDS } from "../../../src/slack/blocks/modals.ts";
import type { ButtonClickArgs } from "../../../src/slack/clicks.ts";
import { slackPlaces } from "../../../src/slack/decided-elsewhere.ts";
import type { ListenerDeps } from "../../../src/slack/deps.ts";
import { ACTION, connectionRefValue } from "../../../src/slack/ids.ts";
import { placeOf } from "../../../src/slack/invitation-places.ts";
import { rememberEphemeral } from "../../../src/slack/message-memory.ts";
import { rejectSubmission } from "../../../src/slack/views/reject-submit.ts";
import { APPROVER, CHANNEL, decisionCalls, VIEWER } from "../../helpers/harness.ts";
import {
  approverGroupAnswers,
  buildButtonArgs,
  buildViewSubmitArgs,
  type ClickPlace,
  fakeAck,
  fakeClient,
  fakeLogger,
  type ListenerWorld,
  listenerWorld,
  responseCatcher,
} from "../../helpers/listener.ts";
import { memoryStore } from "../../helpers/memory-store.ts";
import { findButton, findMenuOption, messageJson } from "../../helpers/slack.ts";

/** The decision listeners, each called with its own ack, client and body, the Bolt starter template's way. */

let world: ListenerWorld;
let deps: ListenerDeps;
let responses: Awaited<ReturnType<typeof responseCatcher>>;

beforeAll(async () => {
  world = await listenerWorld({ emulator: { seed: false, taskCompletionMs: 5 } });
  // A click waits a moment for an accept task before the app follows it on its own.
  deps = {
    ...world.deps,
    decisions: new Decisions({
      partnerCentral: world.deps.partnerCentral,
      store: world.store,
      taskPollMs: 2,
      taskWaitMs: 100,
    }),
  };
  responses = await responseCatcher();
});
afterAll(async () => {
  await responses.close();
  await world.close();
});
beforeEach(() => {
  world.emulator.resetCalls();
});

const refOf = (invitation: { Id: string }, kind = "engagement") => `${kind}:AWS:${invitation.Id}`;

/** A channel message showing the invitation with its buttons, as an alert posts it. */
async function alertShowing(invitation: EngagementInvitation) {
  const shown = await deps.partnerCentral.engagements.getWithSide("AWS", invitation.Id);
  return renderNewInvitations([shown], new Date());
}

/** A click on a button (or the menu option standing for it) in a channel message showing `blocks`. */
function clickIn(
  actionId: string,
  blocks: unknown[],
  value: string,
  overrides: Partial<Parameters<typeof buildButtonArgs>[0]> = {},
  ts?: string,
) {
  return buildButtonArgs({
    actionId,
    value,
    place: { kind: "message", channelId: CHANNEL, blocks, ...(ts ? { ts } : {}) },
    ...overrides,
  });
}

const acceptIn = (blocks: unknown[], value: string, ...rest: [Parameters<typeof clickIn>[3]?, string?]) =>
  clickIn(ACTION.accept, blocks, value, ...rest);

/** Text of the last `chat.update` the client was asked for. */
const lastUpdate = (calls: Array<Record<string, unknown>>) =>
  messageJson((calls.at(-1) ?? { blocks: [] }) as { blocks: unknown[] });

/** A click whose response URL the test reads: what the clicker is told there. */
function answeredAt(args: ButtonClickArgs): ButtonClickArgs {
  (args.body as { response_url?: string }).response_url = responses.url;
  return args;
}

/** Makes a click's body one from a modal (Details) showing these blocks. */
function inModal(args: ButtonClickArgs, blocks: KnownBlock[]): ButtonClickArgs {
  const body = args.body as unknown as Record<string, unknown>;
  body.container = { type: "view", view_id: "V0DETAILS01" };
  body.view = {
    id: "V0DETAILS01",
    type: "modal",
    title: { type: "plain_text", text: "Invitation details" },
    blocks,
  };
  return args;
}

describe("Accept (decideAction)", () => {
  it("acknowledges, accepts through the task, and shows under way and then who and the opportunity", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    const ack = fakeAck();
    const { client, callsTo } = fakeClient(approverGroupAnswers);
    await decideAction(deps, "accept")(acceptIn(blocks, refOf(invitation), { ack, client }));
    expect(ack).toHaveBeenCalledOnce();
    const updates = callsTo("chat.update");
    expect(updates).toHaveLength(2);
    expect(messageJson(updates[0] as { blocks: unknown[] })).toContain("<@U0APPROVER1> is accepting");
    expect(lastUpdate(updates)).toMatch(/Accepted by <@U0APPROVER1> .* opportunity `O\d+`/);
    expect(decisionCalls(world.emulator).map((c) => c.operation)).toEqual([
      "StartEngagementByAcceptingInvitationTask",
    ]);
  });

  it("calls AWS although Slack refuses to show it under way, and logs that it could not", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    let refusals = 1;
    const { client, callsTo } = fakeClient({
      ...approverGroupAnswers,
      "chat.update": () => {
        if (refusals-- > 0) throw new Error("An API error occurred: fatal_error");
        return { ok: true };
      },
    });
    const { logger, lines } = fakeLogger();
    await decideAction({ ...deps, logger }, "accept")(acceptIn(blocks, refOf(invitation), { client }));
    expect(decisionCalls(world.emulator)).toHaveLength(1);
    expect(lastUpdate(callsTo("chat.update"))).toContain("Accepted by <@U0APPROVER1>");
    expect(lines()).toContainEqual(
      expect.objectContaining({ msg: "could not show a decision where it was made", where: "channel" }),
    );
    expect(callsTo("chat.postEphemeral")).toEqual([]);
  });

  it("tells the approver the outcome when Slack refuses every redraw", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    const { client, callsTo } = fakeClient({
      ...approverGroupAnswers,
      "chat.update": () => {
        throw new Error("An API error occurred: fatal_error");
      },
    });
    await decideAction(deps, "accept")(acceptIn(blocks, refOf(invitation), { client }));
    expect(callsTo("chat.postEphemeral")).toEqual([
      expect.objectContaining({
        channel: CHANNEL,
        user: APPROVER,
        text: expect.stringMatching(/^:white_check_mark: Accepted by <@U0APPROVER1> .* opportunity `O\d+`/),
      }),
    ]);
  });

  it("shows an accept still running as such, records where it was made, and shows its end there once followed", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    const { client, callsTo } = fakeClient(approverGroupAnswers);
    world.emulator.holdTasks();
    try {
      await decideAction(
        deps,
        "accept",
      )(acceptIn(blocks, refOf(invitation), { client }, "1700000000.000900"));
      expect(lastUpdate(callsTo("chat.update"))).toContain("Partner Central is still accepting it");
      const places = (await world.store.invitationMessages.find(refOf(invitation))).map(placeOf);
      expect(places).toEqual([
        { kind: "channel", channelId: CHANNEL, ts: "1700000000.000900", memoryKey: expect.any(String) },
      ]);
    } finally {
      world.emulator.releaseTasks();
    }
    // The app (any replica) follows it: once it ends, the message shows it.
    const followed = new Decisions({
      partnerCentral: deps.partnerCentral,
      store: world.store,
      taskWaitMs: 0,
    });
    const { client: appClient, callsTo: appCalls } = fakeClient();
    followed.start(slackPlaces({ ...deps, client: appClient }).showOutcome);
    await followed.stop();
    expect(appCalls("chat.update")).toEqual([
      expect.objectContaining({ channel: CHANNEL, ts: "1700000000.000900" }),
    ]);
    expect(lastUpdate(appCalls("chat.update"))).toMatch(/Accepted by <@U0APPROVER1> .* opportunity `O\d+`/);
    expect(decisionCalls(world.emulator)).toHaveLength(1);
  });

  it("refuses someone who may not approve, names who can, and calls nothing", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    const { client, callsTo } = fakeClient(approverGroupAnswers);
    const before = responses.answers.length;
    await decideAction(
      deps,
      "accept",
    )(answeredAt(acceptIn(blocks, refOf(invitation), { client, userId: VIEWER })));
    expect(responses.answers.slice(before)).toEqual([
      expect.objectContaining({ text: expect.stringContaining(`<@${APPROVER}>`) }),
    ]);
    expect(callsTo("chat.update")).toEqual([]);
    expect(decisionCalls(world.emulator)).toEqual([]);
  });

  it("refuses a button the message does not show", async () => {
    const [shown, other] = [
      world.emulator.addEngagementInvitation(),
      world.emulator.addEngagementInvitation(),
    ];
    const { blocks } = await alertShowing(shown);
    const before = responses.answers.length;
    await decideAction(deps, "accept")(answeredAt(acceptIn(blocks, refOf(other))));
    expect(responses.answers.slice(before)).toEqual([
      expect.objectContaining({ text: expect.stringContaining("no longer part of this message") }),
    ]);
    expect(decisionCalls(world.emulator)).toEqual([]);
  });

  it("says why an invitation we sent cannot be accepted, not that a permission is missing, and calls nothing", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    Object.assign(world.emulator.state.engagementInvitations.get(invitation.Id) ?? {}, {
      ParticipantType: "SENDER",
    });
    world.emulator.resetCalls();
    const { client, callsTo } = fakeClient(approverGroupAnswers);
    await decideAction(deps, "accept")(acceptIn(blocks, refOf(invitation), { client }));
    expect(callsTo("chat.postEphemeral")[0]?.text).toBe(
      ":warning: Your team sent this invitation: only the partner it was sent to can accept or reject it. Nothing was sent to AWS.",
    );
    expect(decisionCalls(world.emulator)).toEqual([]);
    expect(callsTo("chat.update")).toEqual([]);
  });

  it("tells a second clicker the decision made, without calling AWS again", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    await decideAction(deps, "accept")(acceptIn(blocks, refOf(invitation)));
    world.emulator.resetCalls();
    const { client, callsTo } = fakeClient(approverGroupAnswers);
    await decideAction(deps, "accept")(acceptIn(blocks, refOf(invitation), { client }));
    expect(callsTo("chat.postEphemeral")[0]?.text).toMatch(/^:white_check_mark: Accepted by <@U0APPROVER1>/);
    expect(world.emulator.calls).toEqual([]);
  });

  it("accepts from an answer only its reader sees, through the answer's response URL", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const tagged = await rememberEphemeral(world.store, await alertShowing(invitation));
    const button = findButton(tagged, ACTION.accept, refOf(invitation));
    const place: ClickPlace = { kind: "ephemeral", channelId: CHANNEL, responseUrl: responses.url };
    const before = responses.answers.length;
    await decideAction(
      deps,
      "accept",
    )(buildButtonArgs({ actionId: ACTION.accept, value: String(button?.value), place }));
    const answers = responses.answers.slice(before);
    expect(answers.at(-1)).toMatchObject({ replace_original: true });
    expect(messageJson(answers.at(-1) as { blocks: unknown[] })).toMatch(/Accepted by <@U0APPROVER1>/);
  });

  it("accepts from Details, whose Status then says what it became", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const details = renderEngagementDetails(
      await deps.partnerCentral.engagements.getWithSide("AWS", invitation.Id),
      new Date(),
      { withActions: true },
    );
    const { client, callsTo } = fakeClient(approverGroupAnswers);
    await decideAction(
      deps,
      "accept",
    )(
      inModal(
        buildButtonArgs({
          client,
          actionId: ACTION.accept,
          value: refOf(invitation),
          place: { kind: "home" },
        }),
        details.blocks,
      ),
    );
    const view = callsTo("views.update").at(-1) as { view_id: string; view: { blocks: unknown[] } };
    expect(view.view_id).toBe("V0DETAILS01");
    expect(messageJson(view.view)).toContain("*Status*\\n:white_check_mark: Accepted");
    expect(messageJson(view.view)).not.toContain("Pending");
  });

  it("accepts from the App Home and publishes it with the outcome", async () => {
    const invitation = world.emulator.addEngagementInvitation({
      ExpirationDate: new Date(Date.now() + 3_600_000),
    });
    await deps.home.refresh();
    const { client, callsTo } = fakeClient(approverGroupAnswers);
    const place: ClickPlace = { kind: "home" };
    const args = buildButtonArgs({ client, actionId: ACTION.accept, value: refOf(invitation), place });
    const home = renderHome(await deps.home.current(), {
      mayAct: true,
      approversText: "",
    });
    (args.body.view as { blocks: unknown[] }).blocks = home.blocks;
    await decideAction(deps, "accept")(args);
    expect(callsTo("views.publish").length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(callsTo("views.publish").at(-1))).toMatch(/Accepted by <@U0APPROVER1>/);
  });
});

describe("Cancel (decideAction)", () => {
  it("withdraws a connection invitation we sent, and shows who did", async () => {
    const invitation = world.emulator.addConnectionInvitation({ ParticipantType: "SENDER" });
    const shown = await deps.partnerCentral.connections.getInvitation("AWS", invitation.Id);
    const { blocks } = renderNewInvitations([shown], new Date());
    const ack = fakeAck();
    const { client, callsTo } = fakeClient(approverGroupAnswers);
    await decideAction(
      deps,
      "cancel",
    )(
      buildButtonArgs({
        ack,
        client,
        actionId: ACTION.cancel,
        value: refOf(invitation, "connection"),
        place: { kind: "message", blocks },
      }),
    );
    expect(ack).toHaveBeenCalledOnce();
    expect(lastUpdate(callsTo("chat.update"))).toContain("Canceled by <@U0APPROVER1>");
    expect(world.emulator.state.connectionInvitations.get(invitation.Id)?.Status).toBe("CANCELED");
  });
});

describe("Reject… (rejectAction)", () => {
  it("opens the form for an approver, keeping what the submission needs under a short key", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    const ack = fakeAck();
    const { client, callsTo } = fakeClient(approverGroupAnswers);
    await rejectAction(deps)(clickIn(ACTION.reject, blocks, refOf(invitation), { ack, client }));
    expect(ack).toHaveBeenCalledOnce();
    const [opened] = callsTo("views.open") as Array<{
      trigger_id: string;
      view: { private_metadata: string };
    }>;
    expect(opened?.trigger_id).toBe("trigger-1");
    expect(
      (await world.store.messages.recall(opened?.view.private_metadata ?? "", "reject-form"))?.value,
    ).toContain(invitation.Id);
    expect(decisionCalls(world.emulator)).toEqual([]);
  });

  it("puts the form over Details when chosen there", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    const { client, callsTo } = fakeClient(approverGroupAnswers);
    await rejectAction(deps)(
      inModal(
        buildButtonArgs({
          client,
          actionId: ACTION.reject,
          value: refOf(invitation),
          place: { kind: "home" },
        }),
        blocks,
      ),
    );
    expect(callsTo("views.push")).toHaveLength(1);
    expect(callsTo("views.open")).toEqual([]);
  });

  it("opens nothing for someone who may not approve", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    const { client, callsTo } = fakeClient(approverGroupAnswers);
    const before = responses.answers.length;
    await rejectAction(deps)(
      answeredAt(clickIn(ACTION.reject, blocks, refOf(invitation), { client, userId: VIEWER })),
    );
    expect(callsTo("views.open")).toEqual([]);
    expect(responses.answers.slice(before)).toEqual([
      expect.objectContaining({ text: expect.stringContaining("can reject") }),
    ]);
  });
});

describe("the reject form's submission (rejectSubmission)", () => {
  /** Opens the form from a channel message and returns its metadata key. */
  async function openForm(invitation: EngagementInvitation) {
    const { blocks } = await alertShowing(invitation);
    const { client, callsTo } = fakeClient(approverGroupAnswers);
    await rejectAction(deps)(clickIn(ACTION.reject, blocks, refOf(invitation), { client }));
    return (callsTo("views.open")[0] as { view: { private_metadata: string } }).view.private_metadata;
  }

  const choice = (reason: string) => ({
    [REJECT_FIELDS.choice.block]: {
      [REJECT_FIELDS.choice.action]: { type: "static_select", selected_option: { value: reason } },
    },
  });

  it("rejects with the reason chosen and shows who did in the message", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const metadata = await openForm(invitation);
    const ack = fakeAck();
    const { client, callsTo } = fakeClient(approverGroupAnswers);
    await rejectSubmission(deps)(
      buildViewSubmitArgs({
        ack,
        client,
        callbackId: "invitation_reject_modal",
        privateMetadata: metadata,
        values: choice("Unable to support") as never,
      }),
    );
    expect(ack).toHaveBeenCalledExactlyOnceWith();
    expect(lastUpdate(callsTo("chat.update"))).toMatch(/Rejected by <@U0APPROVER1>.*Unable to support/);
    expect(world.emulator.state.engagementInvitations.get(invitation.Id)).toMatchObject({
      Status: "REJECTED",
      RejectionReason: "Unable to support",
    });
  });

  it("answers inline errors and calls nothing for an expired form, a missing reason or someone who may not", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const metadata = await openForm(invitation);
    const submit = async (privateMetadata: string, values: object, userId = APPROVER) => {
      const ack = fakeAck();
      await rejectSubmission(deps)(
        buildViewSubmitArgs({
          ack,
          userId,
          callbackId: "invitation_reject_modal",
          privateMetadata,
          values: values as never,
        }),
      );
      return ack.mock.calls[0]?.[0] as { response_action: string; errors: Record<string, string> };
    };
    expect((await submit("unknown-key", choice("Other"))).errors.reason_text).toContain("expired");
    expect((await submit(metadata, {})).response_action).toBe("errors");
    expect((await submit(metadata, choice("Unable to support"), VIEWER)).errors.reason_text).toContain(
      "can reject",
    );
    expect(world.emulator.calls.filter((c) => c.operation === "RejectEngagementInvitation")).toEqual([]);
  });
});

describe("Details (invitationDetailsAction, connectionDetailsAction)", () => {
  const opened = { "views.open": () => ({ ok: true, view: { id: "V0DETAILS01" } }) };

  it("opens at once and fills in, with Accept and Reject for an approver", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    const ack = fakeAck();
    const { client, callsTo } = fakeClient({ ...approverGroupAnswers, ...opened });
    expect(findMenuOption({ blocks }, ACTION.details, refOf(invitation))).toBeDefined();
    await invitationDetailsAction(deps)(clickIn(ACTION.details, blocks, refOf(invitation), { ack, client }));
    expect(ack).toHaveBeenCalledOnce();
    expect(callsTo("views.open")).toHaveLength(1);
    const filled = callsTo("views.update")[0] as { view_id: string; view: { blocks: unknown[] } };
    expect(filled.view_id).toBe("V0DETAILS01");
    expect(messageJson(filled.view)).toContain(invitation.EngagementTitle);
    expect(findButton(filled.view, ACTION.accept, refOf(invitation))).toBeDefined();
  });

  it("offers no Accept or Reject for an invitation we sent", async () => {
    const sent = world.emulator.addEngagementInvitation({ ParticipantType: "SENDER" });
    const received = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(received);
    // A Details button for the sent one, as a list of sent invitations shows it.
    const sentBlocks = JSON.parse(JSON.stringify(blocks).replaceAll(received.Id, sent.Id)) as unknown[];
    const { client, callsTo } = fakeClient({ ...approverGroupAnswers, ...opened });
    await invitationDetailsAction(deps)(clickIn(ACTION.details, sentBlocks, refOf(sent), { client }));
    const filled = callsTo("views.update")[0] as { view: { blocks: unknown[] } };
    expect(findButton(filled.view, ACTION.accept)).toBeUndefined();
    expect(findButton(filled.view, ACTION.reject)).toBeUndefined();
    expect(messageJson(filled.view)).toContain("*Receiver*");
  });

  it("shows the decision the app made on it, with its Status, though Partner Central still says pending", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    world.emulator.holdTasks();
    try {
      await decideAction(deps, "accept")(acceptIn(blocks, refOf(invitation)));
      const { client, callsTo } = fakeClient({ ...approverGroupAnswers, ...opened });
      await invitationDetailsAction(deps)(clickIn(ACTION.details, blocks, refOf(invitation), { client }));
      const filled = messageJson((callsTo("views.update")[0] as { view: { blocks: unknown[] } }).view);
      expect(filled).toContain("Partner Central is still accepting it");
      expect(filled).toContain("*Status*\\n:hourglass_flowing_sand: Accepting");
      expect(findButton({ blocks: JSON.parse(filled).blocks }, ACTION.accept)).toBeUndefined();
    } finally {
      world.emulator.releaseTasks();
    }
  });

  it("shows Partner Central's refusal in the modal", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    world.emulator.injectFault("GetEngagementInvitation", "ResourceNotFoundException");
    const { client, callsTo } = fakeClient({ ...approverGroupAnswers, ...opened });
    await invitationDetailsAction(deps)(clickIn(ACTION.details, blocks, refOf(invitation), { client }));
    expect(messageJson((callsTo("views.update")[0] as { view: { blocks: unknown[] } }).view)).toContain(
      "No engagement invitation with id",
    );
  });

  it("says in the window that it cannot be shown when the app fails on its side, and lets it be handled", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { blocks } = await alertShowing(invitation);
    // A store that has gone away fails the read of the decision the details show.
    const gone = await memoryStore();
    await gone.close();
    const { client, callsTo } = fakeClient({ ...approverGroupAnswers, ...opened });
    const details = invitationDetailsAction({ ...deps, store: gone })(
      clickIn(ACTION.details, blocks, refOf(invitation), { client }),
    );
    await expect(details).rejects.toThrow();
    const update = callsTo("views.update").at(-1) as { view_id: string; view: { blocks: unknown[] } };
    expect(update.view_id).toBe("V0DETAILS01");
    expect(messageJson(update.view)).toContain("Something went wrong on our side");
  });

  it("opens a connection's Details from its button", async () => {
    const connection = world.emulator.addConnection();
    const value = connectionRefValue({ catalog: "AWS", id: connection.Id });
    const blocks = [
      {
        type: "actions",
        elements: [
          {
            type: "button",
            action_id: ACTION.connectionDetails,
            value,
            text: { type: "plain_text", text: "Details" },
          },
        ],
      },
    ];
    const ack = fakeAck();
    const { client, callsTo } = fakeClient(opened);
    await connectionDetailsAction(deps)(
      buildButtonArgs({
        ack,
        client,
        actionId: ACTION.connectionDetails,
        value,
        place: { kind: "message", blocks },
      }),
    );
    expect(ack).toHaveBeenCalledOnce();
    expect(messageJson((callsTo("views.update")[0] as { view: { blocks: unknown[] } }).view)).toContain(
      connection.Id,
    );
  });

  it("refuses a Details button the message does not show", async () => {
    const invitation = world.emulator.addEngagementInvitation();
    const { client, callsTo } = fakeClient(opened);
    const before = responses.answers.length;
    await invitationDetailsAction(deps)(
      answeredAt(
        buildButtonArgs({
          client,
          actionId: ACTION.details,
          value: refOf(invitation),
          place: { kind: "message", blocks: [] },
        }),
      ),
    );
    expect(callsTo("views.open")).toEqual([]);
    expect(responses.answers.slice(before)).toEqual([
      expect.objectContaining({ text: expect.stringContaining("no longer part of this message") }),
    ]);
  });
});
