import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../dev/emulator/index.ts";
import {
  ACCOUNT_SOURCES,
  CONNECTION_DETAIL_TYPES,
  ENGAGEMENT_DETAIL_TYPES,
  OPPORTUNITY_DETAIL_TYPES,
  parseEvent,
  SELLING_SOURCE,
} from "../../src/events/parse.ts";
import { FIXTURE_NAMES, fixture } from "../events/fixtures.ts";
import { loadTemplate, matchesPattern, withDefaults } from "./cloudformation.ts";

const template = loadTemplate(join(import.meta.dirname, "..", "..", "deploy", "events.yaml"));
const resources = template.Resources;
/** The properties these tests read; the rest stays unknown. */
interface Properties {
  [name: string]: unknown;
  EventPattern: Record<string, unknown>;
  PolicyDocument: { Statement: unknown };
}
const properties = (name: string) => resources[name]?.Properties as Properties;
const rule = properties("InvitationEventsRule");
const pattern = withDefaults(rule.EventPattern, template);

describe("deploy/events.yaml", () => {
  it("creates the queue, its dead-letter queue, the rule, the queue policy and the app's policy", () => {
    expect(Object.fromEntries(Object.entries(resources).map(([name, r]) => [name, r.Type]))).toEqual({
      DeadLetterQueue: "AWS::SQS::Queue",
      EventsQueue: "AWS::SQS::Queue",
      InvitationEventsRule: "AWS::Events::Rule",
      EventBridgeMaySend: "AWS::SQS::QueuePolicy",
      AppPolicy: "AWS::IAM::ManagedPolicy",
    });
    expect(template.Outputs.QueueUrl?.Value).toEqual({ Ref: "EventsQueue" });
  });

  it("dead-letters an event after 5 failed deliveries", () => {
    expect(withDefaults(properties("EventsQueue").RedrivePolicy, template)).toEqual({
      deadLetterTargetArn: { "Fn::GetAtt": ["DeadLetterQueue", "Arn"] },
      maxReceiveCount: 5,
    });
  });

  it("routes from the default bus to the queue, the whole event as the message body", () => {
    expect(rule.EventBusName).toBe("default");
    expect(rule.Targets).toEqual([
      {
        Id: "events-queue",
        Arn: { "Fn::GetAtt": ["EventsQueue", "Arn"] },
        DeadLetterConfig: { Arn: { "Fn::GetAtt": ["DeadLetterQueue", "Arn"] } },
      },
    ]);
  });

  it("lets only this rule send to the queues", () => {
    const policy = properties("EventBridgeMaySend");
    expect(policy.Queues).toEqual([{ Ref: "EventsQueue" }, { Ref: "DeadLetterQueue" }]);
    expect(policy.PolicyDocument.Statement).toEqual([
      {
        Sid: "InvitationEventsRuleOnly",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: [{ "Fn::GetAtt": ["EventsQueue", "Arn"] }, { "Fn::GetAtt": ["DeadLetterQueue", "Arn"] }],
        Condition: { ArnEquals: { "aws:SourceArn": { "Fn::GetAtt": ["InvitationEventsRule", "Arn"] } } },
      },
    ]);
  });

  it("gives the app exactly what its consumer calls, on the events queue only", () => {
    expect(properties("AppPolicy").PolicyDocument.Statement).toEqual([
      {
        Sid: "ConsumeInvitationEvents",
        Effect: "Allow",
        Action: [
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:ChangeMessageVisibility",
          "sqs:GetQueueAttributes",
        ],
        Resource: { "Fn::GetAtt": ["EventsQueue", "Arn"] },
      },
    ]);
  });

  it("asks for exactly the sources and detail-types the app acts on", () => {
    expect(pattern.source).toEqual([SELLING_SOURCE, ...ACCOUNT_SOURCES]);
    expect(pattern["detail-type"]).toEqual([
      ...Object.keys(ENGAGEMENT_DETAIL_TYPES),
      ...Object.keys(OPPORTUNITY_DETAIL_TYPES),
      ...Object.keys(CONNECTION_DETAIL_TYPES),
    ]);
    expect(pattern.detail).toEqual({ catalog: ["AWS"] });
  });
});

describe("the rule's event pattern", () => {
  it.each(FIXTURE_NAMES)("routes AWS's sample %s exactly when the app acts on it", (name) => {
    const event = fixture(name);
    const acted = ["created", "decided", "opportunity"].includes(
      parseEvent(JSON.stringify(event), new Date()).kind,
    );
    expect(matchesPattern(pattern, event)).toBe(acted);
  });

  it("leaves out the other catalog, other sources and other Partner Central events", () => {
    const created = fixture("engagement-invitation-created");
    expect(matchesPattern(pattern, created)).toBe(true);
    expect(matchesPattern(pattern, { ...created, detail: { ...created.detail, catalog: "Sandbox" } })).toBe(
      false,
    );
    expect(matchesPattern(pattern, { ...created, source: "aws.s3" })).toBe(false);
    expect(matchesPattern(pattern, { ...created, "detail-type": "Engagement Member Joined" })).toBe(false);
    const updated = fixture("opportunity-updated");
    const ours = { ...updated, detail: { ...updated.detail, catalog: "AWS" } };
    expect(matchesPattern(pattern, ours)).toBe(true);
    expect(matchesPattern(pattern, { ...ours, "detail-type": "Opportunity Accepted" })).toBe(false);
    const sandboxPattern = withDefaults(rule.EventPattern, {
      ...template,
      Parameters: { ...template.Parameters, Catalog: { Default: "Sandbox" } },
    });
    expect(
      matchesPattern(sandboxPattern, { ...created, detail: { ...created.detail, catalog: "Sandbox" } }),
    ).toBe(true);
  });

  it("routes the events the emulator publishes", async () => {
    const emulator = await startEmulator({ seed: false });
    try {
      emulator.newEngagementInvitation();
      emulator.newConnectionInvitation();
      const opportunity = emulator.addOpportunity();
      emulator.requestActionOnOpportunity(opportunity.Id);
      const events = emulator.queues.events.messages.map((m) => JSON.parse(m.body));
      expect(events.map((e) => e["detail-type"])).toEqual([
        "Engagement Invitation Created",
        "Partner Connection Invitation Received",
        "Opportunity Updated",
      ]);
      for (const event of events) expect(matchesPattern(pattern, event)).toBe(true);
    } finally {
      await emulator.close();
    }
  });
});
