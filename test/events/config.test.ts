import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

describe("EVENTS_QUEUE_URL", () => {
  it("is the queue events arrive on, and optional", () => {
    const url = "https://sqs.us-east-1.amazonaws.com/123456789012/partner-central-for-slack-events";
    expect(loadConfig({ EVENTS_QUEUE_URL: url }).events).toEqual({ queueUrl: url });
    expect(loadConfig({}).events).toEqual({});
    expect(loadConfig({ EVENTS_QUEUE_URL: "" }).events).toEqual({});
  });

  it("must be a URL", () => {
    expect(() => loadConfig({ EVENTS_QUEUE_URL: "partner-central-events" })).toThrow(
      new ConfigError(["EVENTS_QUEUE_URL must be the QueueUrl output of deploy/events.yaml"]),
    );
  });
});

describe("ALERT_INTERVAL with events on", () => {
  const url = "https://sqs.us-east-1.amazonaws.com/123456789012/partner-central-for-slack-events";

  it("defaults to an hour, since polling is then only the safety net", () => {
    expect(loadConfig({ EVENTS_QUEUE_URL: url }).alerts).toEqual({
      intervalMs: 3_600_000,
      intervalSet: false,
    });
    expect(loadConfig({}).alerts).toEqual({ intervalMs: 300_000, intervalSet: false });
  });

  it("stays what the operator set", () => {
    expect(loadConfig({ EVENTS_QUEUE_URL: url, ALERT_INTERVAL: "5m" }).alerts).toEqual({
      intervalMs: 300_000,
      intervalSet: true,
    });
  });
});
