import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invitationMenuAction } from "../../../src/slack/actions/overflow.ts";
import { NOT_OURS } from "../../../src/slack/actions/target.ts";
import { viewOpportunityAction } from "../../../src/slack/actions/view-opportunity.ts";
import { clicked } from "../../../src/slack/clicks.ts";
import { partnerCentralCommand } from "../../../src/slack/commands/partnercentral.ts";
import { ACTION, menuValue } from "../../../src/slack/ids.ts";
import { VIEWER } from "../../helpers/harness.ts";
import {
  buildButtonArgs,
  buildCommandArgs,
  buildOverflowArgs,
  fakeAck,
  fakeClient,
  type ListenerWorld,
  listenerWorld,
  responseCatcher,
} from "../../helpers/listener.ts";

let world: ListenerWorld;
let responses: Awaited<ReturnType<typeof responseCatcher>>;
const TEAM_EMAIL = "sam.viewer@partner.example";

beforeAll(async () => {
  world = await listenerWorld({
    emulator: {
      partnerUsers: [{ Email: TEAM_EMAIL, FirstName: "Sam", LastName: "Viewer", BusinessTitle: "Seller" }],
    },
  });
  responses = await responseCatcher();
});
afterAll(async () => {
  await responses.close();
  await world.close();
});

const firstOpportunity = () =>
  [...world.emulator.state.opportunities.values()].find((o) => o.Catalog === "AWS");

/** A message showing the View opportunity button, as a list shows it. */
function rowWith(value: string) {
  return [
    {
      type: "section",
      block_id: "row-1",
      text: { type: "mrkdwn", text: "An opportunity" },
      accessory: {
        type: "button",
        action_id: ACTION.viewOpportunity,
        text: { type: "plain_text", text: "View" },
        value,
      },
    },
  ];
}

/** The modal's views.update, once the details are in. */
const updatedView = (calls: Array<Record<string, unknown>>) =>
  JSON.stringify((calls.at(-1)?.view as { blocks?: unknown[] } | undefined)?.blocks ?? []);

describe("View opportunity", () => {
  it("acknowledges, opens a modal at once and fills in the opportunity's details", async () => {
    const opportunity = firstOpportunity();
    const value = `AWS:${opportunity?.Id}`;
    const ack = fakeAck();
    const { client, callsTo } = fakeClient({ "views.open": () => ({ ok: true, view: { id: "V1" } }) });
    await viewOpportunityAction(world.deps)(
      buildButtonArgs({
        ack,
        client,
        actionId: ACTION.viewOpportunity,
        value,
        userId: VIEWER,
        place: { kind: "message", blocks: rowWith(value) },
      }),
    );
    expect(ack).toHaveBeenCalledOnce();
    expect(callsTo("views.open")).toHaveLength(1);
    expect(callsTo("views.update")[0]).toMatchObject({ view_id: "V1" });
    expect(updatedView(callsTo("views.update"))).toContain(`Opportunity \`${opportunity?.Id}\``);
  });

  it("opens nothing for a button the app did not put in the message", async () => {
    const { client, callsTo } = fakeClient();
    const before = responses.answers.length;
    await viewOpportunityAction(world.deps)(
      buildButtonArgs({
        client,
        actionId: ACTION.viewOpportunity,
        value: `AWS:${firstOpportunity()?.Id}`,
        place: { kind: "ephemeral", responseUrl: responses.url },
      }),
    );
    expect(callsTo("views.open")).toEqual([]);
    expect(responses.answers.slice(before)).toEqual([expect.objectContaining({ text: NOT_OURS })]);
  });

  it("is a choice of an overflow menu too, as a click on the button it stands for", async () => {
    const value = `AWS:${firstOpportunity()?.Id}`;
    const option = menuValue(ACTION.viewOpportunity, value);
    const blocks = [
      {
        type: "section",
        block_id: "row-1",
        text: { type: "mrkdwn", text: "An invitation" },
        accessory: {
          type: "overflow",
          action_id: ACTION.more,
          options: [{ text: { type: "plain_text", text: "View opportunity" }, value: option }],
        },
      },
    ];
    const { client, callsTo } = fakeClient({ "views.open": () => ({ ok: true, view: { id: "V2" } }) });
    await clicked(invitationMenuAction(world.deps))(
      buildOverflowArgs({ client, actionId: ACTION.more, value: option, place: { kind: "message", blocks } }),
    );
    expect(updatedView(callsTo("views.update"))).toContain(`Opportunity \`${firstOpportunity()?.Id}\``);
  });
});

describe("/partnercentral opportunities mine", () => {
  it("reads the caller's e-mail with users.info and keeps to their opportunities", async () => {
    const { client, callsTo } = fakeClient({
      "users.info": () => ({
        ok: true,
        user: { id: VIEWER, profile: { email: "Sam.Viewer@Partner.example" } },
      }),
    });
    const before = responses.answers.length;
    await partnerCentralCommand(world.deps)(
      buildCommandArgs({
        client,
        text: "opportunities mine stage=all",
        userId: VIEWER,
        responseUrl: responses.url,
      }),
    );
    expect(callsTo("users.info")).toEqual([{ user: VIEWER }]);
    const answer = JSON.stringify(responses.answers.slice(before));
    const theirs = [...world.emulator.state.opportunities.values()]
      .filter((o) => o.Catalog === "AWS" && (o.OpportunityTeam ?? []).some((m) => m.Email === TEAM_EMAIL))
      .map((o) => o.Id);
    const shown = [...answer.matchAll(/"block_id":"opp:AWS:(O\d+)"/g)].map((m) => m[1]);
    expect(shown).toHaveLength(Math.min(10, theirs.length));
    expect(shown.every((id) => theirs.includes(id ?? ""))).toBe(true);
  });

  it("says what is missing when Slack gives the app no e-mail address", async () => {
    const { client } = fakeClient({
      "users.info": () => {
        throw Object.assign(new Error("An API error occurred: missing_scope"), {
          data: { ok: false, error: "missing_scope" },
        });
      },
    });
    const before = responses.answers.length;
    await partnerCentralCommand(world.deps)(
      buildCommandArgs({ client, text: "opportunities mine", userId: VIEWER, responseUrl: responses.url }),
    );
    expect(responses.answers.slice(before)).toEqual([
      expect.objectContaining({ text: expect.stringContaining("users:read.email scope") }),
    ]);
  });
});
