import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OpportunityRecord } from "../../../dev/emulator/index.ts";
import { OpportunityActions } from "../../../src/opportunities/actions.ts";
import {
  assignOpportunityAction,
  assignToMeAction,
  updateNextStepsAction,
} from "../../../src/slack/actions/opportunity-actions.ts";
import { renderOpportunityDetails } from "../../../src/slack/blocks/opportunity.ts";
import { ACTION, opportunityActionValue, VIEW } from "../../../src/slack/ids.ts";
import { assignSubmission, nextStepsSubmission } from "../../../src/slack/views/opportunity-forms.ts";
import { APPROVER, APPROVER_EMAIL, VIEWER } from "../../helpers/harness.ts";
import {
  approverGroupAnswers,
  buildButtonArgs,
  buildViewSubmitArgs,
  fakeAck,
  fakeClient,
  type ListenerWorld,
  listenerWorld,
  responseCatcher,
} from "../../helpers/listener.ts";
import { memoryStore } from "../../helpers/memory-store.ts";

let world: ListenerWorld;
let responses: Awaited<ReturnType<typeof responseCatcher>>;

beforeAll(async () => {
  world = await listenerWorld({
    emulator: {
      seed: { opportunities: 2 },
      partnerUsers: [
        { Email: APPROVER_EMAIL, FirstName: "Alex", LastName: "Approver", BusinessTitle: "Lead" },
      ],
    },
  });
  responses = await responseCatcher();
});
afterAll(async () => {
  await responses.close();
  await world.close();
});
beforeEach(() => {
  world.emulator.resetCalls();
  responses.answers.length = 0;
});

const profiles: Record<string, { email?: string; real_name: string; title?: string }> = {
  [APPROVER]: { email: APPROVER_EMAIL, real_name: "Alex Approver", title: "Alliance lead" },
  [VIEWER]: { email: "sam.viewer@partner.example", real_name: "Sam Viewer" },
  U0NOEMAIL01: { real_name: "Nomail Person" },
};

/** Slack as the listeners call it: the approvers' group, people's profiles, views that open. */
const slack = () =>
  fakeClient({
    ...approverGroupAnswers,
    "users.info": (args) => ({
      ok: true,
      user: { id: args.user, profile: profiles[String(args.user)] ?? {} },
    }),
    "views.open": () => ({ ok: true, view: { id: "V0FORM00001" } }),
    "views.push": () => ({ ok: true, view: { id: "V0FORM00002" } }),
  });

/** An approved opportunity and its details as an approver sees them. */
async function shown(partial: Partial<OpportunityRecord> = {}) {
  const record = world.emulator.addOpportunity();
  Object.assign(record, {
    Project: { ...record.Project, Title: "Data lake" },
    LifeCycle: { ...record.LifeCycle, ReviewStatus: "Approved", NextSteps: "Call the CTO" },
    OpportunityTeam: [{ Email: "kim@partner.example", FirstName: "Kim", BusinessTitle: "OpportunityOwner" }],
    ...partial,
  });
  const details = await world.deps.partnerCentral.opportunities.details("AWS", record.Id, { fresh: true });
  const viewer = { mayAct: true, approversText: "Only approvers can." };
  const { blocks } = renderOpportunityDetails(details, new Date(), viewer);
  world.emulator.resetCalls();
  return { record, blocks, value: opportunityActionValue(details.opportunity) };
}

const calls = (operation: string) => world.emulator.calls.filter((c) => c.operation === operation);
/** What the user was told: through the response URL, or ephemerally beside the channel message. */
const told = (fake: ReturnType<typeof slack>) =>
  [...responses.answers, ...fake.callsTo("chat.postEphemeral")].map((a) => String(a.text)).join("\n");

describe("Assign to me", () => {
  it("sends nothing when the approver owns it already", async () => {
    const { blocks, value } = await shown({
      OpportunityTeam: [{ Email: APPROVER_EMAIL, FirstName: "Alex", BusinessTitle: "OpportunityOwner" }],
    });
    const fake = slack();
    await assignToMeAction(world.deps)(
      buildButtonArgs({
        client: fake.client,
        actionId: ACTION.assignToMe,
        value,
        place: { kind: "message", blocks, responseUrl: responses.url },
      }),
    );
    expect(told(fake)).toMatch(/already owns it; nothing was sent to AWS/);
    expect(calls("AssignOpportunity")).toHaveLength(0);
  });

  it("assigns it to the approver, by their Slack profile, once, and tells them", async () => {
    const { record, blocks, value } = await shown();
    const ack = fakeAck();
    const fake = slack();
    await assignToMeAction(world.deps)(
      buildButtonArgs({
        ack,
        client: fake.client,
        actionId: ACTION.assignToMe,
        value,
        place: { kind: "message", blocks, responseUrl: responses.url },
      }),
    );
    expect(ack).toHaveBeenCalledOnce();
    expect(calls("AssignOpportunity").map((c) => c.input.Assignee)).toEqual([
      { Email: APPROVER_EMAIL, FirstName: "Alex", LastName: "Approver", BusinessTitle: "Alliance lead" },
    ]);
    expect(told(fake)).toMatch(/Assigned \*Data lake\* to Alex Approver/);
    expect(world.emulator.state.opportunities.get(record.Id)?.OpportunityTeam?.[0]?.Email).toBe(
      APPROVER_EMAIL,
    );
    expect(
      (await world.store.opportunityActions.history(new Date(0), 50)).some(
        (a) => a.opportunityId === record.Id,
      ),
    ).toBe(true);
  });

  it("refuses a colleague, naming who can act, and sends nothing to AWS", async () => {
    const { blocks, value } = await shown();
    const fake = slack();
    await assignToMeAction(world.deps)(
      buildButtonArgs({
        client: fake.client,
        userId: VIEWER,
        actionId: ACTION.assignToMe,
        value,
        place: { kind: "message", blocks, responseUrl: responses.url },
      }),
    );
    expect(told(fake)).toContain(
      ":lock: Only <@U0APPROVER1> or members of <!subteam^S0APPROVERS> can assign opportunities or change their next steps. Nothing was changed.",
    );
    expect(calls("AssignOpportunity")).toHaveLength(0);
  });

  it("refuses a value the message does not show", async () => {
    const { blocks } = await shown();
    const other = await shown();
    const fake = slack();
    await assignToMeAction(world.deps)(
      buildButtonArgs({
        client: fake.client,
        actionId: ACTION.assignToMe,
        value: other.value,
        place: { kind: "message", blocks, responseUrl: responses.url },
      }),
    );
    expect(told(fake)).toMatch(/no longer part of this message/);
    expect(calls("AssignOpportunity")).toHaveLength(0);
  });
});

describe("Assign… and its form", () => {
  it("opens the form, over the Details it was asked from", async () => {
    const { blocks, value } = await shown();
    const { client, callsTo } = slack();
    await assignOpportunityAction(world.deps)(
      buildButtonArgs({
        client,
        actionId: ACTION.assignOpportunity,
        value,
        place: { kind: "modal", blocks },
      }),
    );
    expect(callsTo("views.open")).toHaveLength(0);
    expect(callsTo("views.push")[0]).toMatchObject({ view: { callback_id: VIEW.assignOpportunity } });
  });

  it("checks whom it names, then assigns it and says how it went in the form", async () => {
    const { record } = await shown();
    const metadata = JSON.stringify({
      catalog: "AWS",
      id: record.Id,
      seenModifiedAt: record.LastModifiedDate.getTime(),
      title: "Data lake",
    });
    const submit = (user: string | null, client = slack().client, ack = fakeAck()) =>
      assignSubmission(world.deps)(
        buildViewSubmitArgs({
          ack,
          client,
          callbackId: VIEW.assignOpportunity,
          privateMetadata: metadata,
          values: { assignee: { assignee: { type: "users_select", selected_user: user } } },
        }),
      ).then(() => ack);
    expect((await submit(null)).mock.calls[0]?.[0]).toMatchObject({ response_action: "errors" });
    const nomail = await submit("U0NOEMAIL01");
    expect(JSON.stringify(nomail.mock.calls[0]?.[0])).toContain("no e-mail address");
    const { client, callsTo } = slack();
    const ack = await submit(VIEWER, client);
    expect(ack.mock.calls[0]?.[0]).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(callsTo("views.update").at(-1))).toMatch(
      /did not take sam\.viewer@partner\.example/,
    );
    expect(calls("AssignOpportunity")).toHaveLength(1);
  });
});

describe("Update next steps… and its form", () => {
  it("opens the form with the next steps as just read", async () => {
    const { blocks, value } = await shown();
    const { client, callsTo } = slack();
    await updateNextStepsAction(world.deps)(
      buildButtonArgs({
        client,
        actionId: ACTION.updateNextSteps,
        value,
        place: { kind: "message", blocks, responseUrl: responses.url },
      }),
    );
    const form = JSON.stringify(callsTo("views.open")[0]);
    expect(form).toContain(VIEW.nextSteps);
    expect(form).toContain('"initial_value":"Call the CTO"');
  });

  it("says why no form opens while AWS reviews it", async () => {
    const { record, blocks, value } = await shown();
    record.LifeCycle = { ...record.LifeCycle, ReviewStatus: "Submitted" };
    const fake = slack();
    const { callsTo } = fake;
    await updateNextStepsAction(world.deps)(
      buildButtonArgs({
        client: fake.client,
        actionId: ACTION.updateNextSteps,
        value,
        place: { kind: "message", blocks, responseUrl: responses.url },
      }),
    );
    expect(callsTo("views.open")).toHaveLength(0);
    expect(told(fake)).toMatch(/cannot be changed now: AWS is reviewing it/);
  });

  it("sends only a change, and tells a conflict without overwriting anything", async () => {
    const { record } = await shown();
    const form = (seen: Date) =>
      JSON.stringify({
        catalog: "AWS",
        id: record.Id,
        seenModifiedAt: seen.getTime(),
        title: "Data lake",
        nextSteps: "Call the CTO",
      });
    const submit = (text: string, seen = record.LastModifiedDate) => {
      const ack = fakeAck();
      const fake = slack();
      return nextStepsSubmission(world.deps)(
        buildViewSubmitArgs({
          ack,
          client: fake.client,
          callbackId: VIEW.nextSteps,
          privateMetadata: form(seen),
          values: { next_steps: { next_steps: { type: "plain_text_input", value: text } } },
        }),
      ).then(() => ({ ack, fake }));
    };
    const unchanged = await submit(" Call the CTO ");
    expect(JSON.stringify(unchanged.ack.mock.calls[0]?.[0])).toContain("what they say already");
    const stale = await submit("Workshop", new Date(record.LastModifiedDate.getTime() - 1000));
    expect(JSON.stringify(stale.fake.callsTo("views.update").at(-1))).toMatch(
      /changed in Partner Central meanwhile, so nothing was overwritten/,
    );
    expect(calls("UpdateOpportunity")).toHaveLength(0);
    const saved = await submit("Workshop on Friday");
    expect(saved.ack.mock.calls[0]?.[0]).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(saved.fake.callsTo("views.update").at(-1))).toMatch(/Saved the next steps/);
    expect(world.emulator.state.opportunities.get(record.Id)?.LifeCycle?.NextSteps).toBe(
      "Workshop on Friday",
    );
  });

  it("says in the form that the outcome is not known when the app fails on its side, and lets it be handled", async () => {
    const { record } = await shown();
    // A store that has gone away fails the claim: the failure is the app's, not Partner Central's.
    const gone = await memoryStore();
    await gone.close();
    const opportunityActions = new OpportunityActions({
      opportunities: world.deps.partnerCentral.opportunities,
      store: gone,
      watch: { seen: () => Promise.reject(new Error("not reached: the claim fails first")) },
      logger: world.deps.logger,
    });
    const { client, callsTo } = slack();
    const submitted = nextStepsSubmission({ ...world.deps, opportunityActions })(
      buildViewSubmitArgs({
        client,
        callbackId: VIEW.nextSteps,
        privateMetadata: JSON.stringify({
          catalog: "AWS",
          id: record.Id,
          seenModifiedAt: record.LastModifiedDate.getTime(),
          nextSteps: "Call the CTO",
        }),
        values: { next_steps: { next_steps: { type: "plain_text_input", value: "Workshop" } } },
      }),
    );
    await expect(submitted).rejects.toThrow();
    expect(JSON.stringify(callsTo("views.update").at(-1))).toMatch(
      /whether Partner Central made the change is not known/,
    );
  });

  it("refuses a colleague's submission in the form itself", async () => {
    const { record } = await shown();
    const ack = fakeAck();
    await nextStepsSubmission(world.deps)(
      buildViewSubmitArgs({
        ack,
        client: slack().client,
        userId: VIEWER,
        callbackId: VIEW.nextSteps,
        privateMetadata: JSON.stringify({ catalog: "AWS", id: record.Id, seenModifiedAt: 1, nextSteps: "x" }),
        values: { next_steps: { next_steps: { type: "plain_text_input", value: "y" } } },
      }),
    );
    expect(JSON.stringify(ack.mock.calls[0]?.[0])).toMatch(/errors.*Only <@U0APPROVER1>/);
    expect(calls("UpdateOpportunity")).toHaveLength(0);
  });
});
