import { describe, expect, it } from "vitest";
import { Approvers, type UsergroupMembers } from "../../src/slack/approvers.ts";
import { testClock } from "../store/helpers.ts";

/** Slack's usergroups.users.list for one group, counting the calls. */
function slackWithGroup(members: string[]) {
  const asked: string[] = [];
  const client: UsergroupMembers = {
    usergroups: {
      users: {
        list: async ({ usergroup }) => {
          asked.push(usergroup);
          return { users: [...members] };
        },
      },
    },
  };
  return { client, asked };
}

describe("Approvers", () => {
  it("lets the listed users act without asking Slack", async () => {
    const { client, asked } = slackWithGroup([]);
    const approvers = new Approvers(["U0ALEX"], "S0GROUP", testClock().now);
    expect(await approvers.canAct("U0ALEX", client)).toBe(true);
    expect(asked).toEqual([]);
  });

  it("lets the group's members act, asking Slack once every five minutes", async () => {
    const { client, asked } = slackWithGroup(["U0GIA"]);
    const clock = testClock();
    const approvers = new Approvers([], "S0GROUP", clock.now);
    expect(await approvers.canAct("U0GIA", client)).toBe(true);
    expect(await approvers.canAct("U0SAM", client)).toBe(false);
    clock.advance(5 * 60_000 - 1);
    expect(await approvers.canAct("U0GIA", client)).toBe(true);
    expect(asked).toEqual(["S0GROUP"]);
    clock.advance(1);
    await approvers.canAct("U0GIA", client);
    expect(asked).toEqual(["S0GROUP", "S0GROUP"]);
  });

  it("lets nobody act when none are configured, and says how an admin chooses them", async () => {
    const { client, asked } = slackWithGroup(["U0GIA"]);
    const approvers = new Approvers([], undefined, testClock().now);
    expect(approvers.configured).toBe(false);
    expect(await approvers.canAct("U0GIA", client)).toBe(false);
    expect(asked).toEqual([]);
    expect(approvers.refusal("accept")).toBe(
      ":lock: Nobody can accept invitations from Slack yet. An admin sets APPROVER_USER_IDS or APPROVER_USERGROUP_ID to choose who may.",
    );
  });

  it("names who may act, and that nothing was changed", () => {
    const clock = testClock().now;
    expect(new Approvers(["U0ALEX"], undefined, clock).describe("reject")).toBe(
      "Only <@U0ALEX> can reject invitations.",
    );
    expect(new Approvers(["U0ALEX", "U0BEA"], "S0GROUP", clock).refusal("cancel")).toBe(
      ":lock: Only <@U0ALEX>, <@U0BEA> or members of <!subteam^S0GROUP> can cancel invitations. Nothing was changed.",
    );
  });
});
