import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, type OpportunityRecord, startEmulator } from "../../../dev/emulator/index.ts";

/**
 * The emulator's wire format checked by a second SDK: boto3 and the AWS CLI, on botocore's own JSON model
 * of both APIs. vitest.config.ts leaves this file out where python3 with boto3 (and its Partner Central
 * models) is missing.
 */

const run = promisify(execFile);
const TEAM_EMAIL = "alex.rivera@northwind.example";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({
    partnerUsers: [
      { Email: TEAM_EMAIL, FirstName: "Alex", LastName: "Rivera", BusinessTitle: "Alliance lead" },
    ],
  });
});
afterAll(() => emulator.close());

describe("boto3 and the AWS CLI against the local Partner Central", () => {
  it("list, read, assign and update opportunities, and read and accept invitations", async () => {
    const opportunities = [...emulator.state.opportunities.values()].filter((o) => o.Catalog === "AWS");
    const approved = opportunities.find(
      (o) => o.LifeCycle?.ReviewStatus === "Approved" && emulator.state.awsSummaries.has(o.Id),
    ) as OpportunityRecord;
    const invitation = emulator.addEngagementInvitation();
    const { stdout } = await run("python3", [join(import.meta.dirname, "second_sdk.py")], {
      env: {
        ...process.env,
        EMULATOR_URL: emulator.url,
        OPPORTUNITY_ID: approved.Id,
        INVITATION_ID: invitation.Id,
        TEAM_EMAIL,
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      },
      timeout: 60_000,
    });
    const seen = JSON.parse(stdout);
    const open = opportunities.filter((o) => !["Launched", "Closed Lost"].includes(o.LifeCycle?.Stage ?? ""));
    expect([...seen.openOpportunities].sort()).toEqual(open.map((o) => o.Id).sort());
    expect([...seen.actionRequired].sort()).toEqual(
      opportunities
        .filter((o) => o.LifeCycle?.ReviewStatus === "Action Required")
        .map((o) => o.Id)
        .sort(),
    );
    expect(seen.awsTeam.length).toBeGreaterThan(0);
    expect(seen.owner).toBe(TEAM_EMAIL);
    expect(seen.nextSteps).toBe("Confirm the budget with the CFO");
    expect(seen.cliNextSteps).toBe("Confirm the budget with the CFO");
    expect(seen.validationFields).toEqual(["Identifier"]);
    expect(seen.taskStatus).toBe("IN_PROGRESS");
    expect(seen.connections).toBe(
      [...emulator.state.connections.values()].filter((c) => c.Catalog === "AWS").length,
    );
  });
});
