import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { decideAction } from "../../../src/slack/actions/decide.ts";
import { runCommandAction } from "../../../src/slack/actions/run-command.ts";
import { type ButtonClickArgs, clicked } from "../../../src/slack/clicks.ts";
import { homeOpened } from "../../../src/slack/events/home-opened.ts";
import { republishOpenHomes } from "../../../src/slack/home.ts";
import { ACTION } from "../../../src/slack/ids.ts";
import type { ButtonArgs } from "../../../src/slack/listener-args.ts";
import { APPROVER, GROUP_MEMBER, VIEWER } from "../../helpers/harness.ts";
import {
  approverGroupAnswers,
  buildButtonArgs,
  buildHomeOpenedArgs,
  fakeAck,
  fakeClient,
  sharedListenerWorld,
} from "../../helpers/listener.ts";
import { findButton, messageJson, shownInvitationIds } from "../../helpers/slack.ts";

/** The app's clock runs ahead of the real one by `ahead` milliseconds, so a test can age what the Home saw. */
let ahead = 0;
const shared = sharedListenerWorld({ clock: () => new Date(Date.now() + ahead) });

type Published = { user_id: string; view: { blocks: KnownBlock[] } };

/** The "Pending invitations" count a published Home shows, or undefined when it shows none. */
function pendingCount(published: Published | undefined): number | undefined {
  const match = /\*Pending invitations\*\\n(\d+) /.exec(JSON.stringify(published?.view.blocks ?? []));
  return match ? Number(match[1]) : undefined;
}

async function open(userId: string) {
  const fake = fakeClient(approverGroupAnswers);
  await homeOpened(shared.world.deps)(buildHomeOpenedArgs({ client: fake.client, userId }));
  return fake.callsTo("views.publish") as Published[];
}

const pendingInEmulator = () =>
  [
    ...shared.world.emulator.state.engagementInvitations.values(),
    ...shared.world.emulator.state.connectionInvitations.values(),
  ].filter((i) => i.Catalog === "AWS" && i.ParticipantType === "RECEIVER" && i.Status === "PENDING").length;

describe("opening the App Home", () => {
  it("first says it is looking, with no count, then shows what Partner Central answered", async () => {
    const published = await open(GROUP_MEMBER);
    expect(published).toHaveLength(2);
    expect(pendingCount(published[0])).toBeUndefined();
    expect(JSON.stringify(published[0])).toContain("Asking Partner Central what is waiting for you");
    expect(pendingCount(published[1])).toBe(pendingInEmulator());
    expect(await shared.world.store.openHomes.since(new Date(Date.now() - 1000), 10)).toContain(GROUP_MEMBER);
  });

  it("publishes once from what it saw within the minute, without asking Partner Central", async () => {
    shared.world.emulator.resetCalls();
    const published = await open(VIEWER);
    expect(published).toEqual([expect.objectContaining({ user_id: VIEWER })]);
    expect(shared.world.emulator.calls).toEqual([]);
  });

  it("publishes once, after looking again, when what it saw is older: never the old counts", async () => {
    shared.world.emulator.addEngagementInvitation();
    ahead += 61_000;
    shared.world.emulator.resetCalls();
    const published = await open(VIEWER);
    expect(published).toHaveLength(1);
    expect(pendingCount(published[0])).toBe(pendingInEmulator());
    expect(shared.world.emulator.calls.length).toBeGreaterThan(0);
  });

  it("offers the help's quick starts, whose answers arrive in the app's messages, where their buttons work", async () => {
    const [home] = await open(APPROVER);
    const quick = findButton(home?.view ?? { blocks: [] }, ACTION.runCommand, "engagements");
    expect(quick).toBeDefined();
    const fake = fakeClient(approverGroupAnswers);
    await clicked<ButtonArgs>(runCommandAction(shared.world.deps))(
      buildButtonArgs({
        ack: fakeAck(),
        client: fake.client,
        actionId: ACTION.runCommand,
        value: quick?.value ?? "",
        place: { kind: "home" },
      }),
    );
    const [answer] = fake.callsTo("chat.postMessage") as Array<{ channel: string; blocks: KnownBlock[] }>;
    expect(answer?.channel).toBe(APPROVER);
    const [id] = shownInvitationIds(answer ?? { blocks: [] });
    const accept = findButton(answer ?? { blocks: [] }, ACTION.accept, `engagement:AWS:${id}`);
    // The answer sits in the direct message as posted, its buttons naming the answer they belong to.
    expect(accept?.value).toMatch(/\|[A-Za-z0-9_-]{16}$/);

    const dm = fakeClient(approverGroupAnswers);
    await clicked<ButtonArgs>(decideAction(shared.world.deps, "accept"))(
      buildButtonArgs({
        ack: fakeAck(),
        client: dm.client,
        actionId: ACTION.accept,
        value: accept?.value ?? "",
        place: { kind: "message", channelId: "D0DIRECT001", blocks: answer?.blocks ?? [] },
      }) as ButtonClickArgs,
    );
    const [redrawn] = dm.callsTo("chat.update") as Array<{ channel: string; blocks: KnownBlock[] }>;
    expect(redrawn?.channel).toBe("D0DIRECT001");
    expect(messageJson(dm.callsTo("chat.update").at(-1) as { blocks: unknown[] })).toMatch(
      /Accepted by <@U0APPROVER1>/,
    );
  });
});

describe("a change the Homes show", () => {
  it("asks Partner Central nothing while no Home is open; then republishes each opened within the hour once, past one Slack refuses", async () => {
    const { deps, store } = shared.world;
    ahead += 2 * 3_600_000;
    await store.openHomes.opened("U0OLDHOME01");
    ahead += 3_600_000 + 1;
    const fake = fakeClient({
      ...approverGroupAnswers,
      "views.publish": (args) => {
        if (args.user_id === "U0GONE00001") throw new Error("user_not_found");
        return { ok: true };
      },
    });
    deps.home.onChanged(republishOpenHomes(deps, fake.client));
    shared.world.emulator.resetCalls();
    deps.home.changed();
    await deps.home.settled();
    expect(shared.world.emulator.calls).toEqual([]);
    expect(fake.callsTo("views.publish")).toEqual([]);

    await store.openHomes.opened(VIEWER);
    await store.openHomes.opened(APPROVER);
    await store.openHomes.opened("U0GONE00001");
    deps.home.changed();
    deps.home.changed();
    await deps.home.settled();
    const users = fake.callsTo("views.publish").map((c) => c.user_id);
    expect(users.sort()).toEqual([APPROVER, "U0GONE00001", VIEWER].sort());
    expect(shared.world.emulator.calls.length).toBeGreaterThan(0);
  });
});
