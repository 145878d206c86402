import { describe, expect, it } from "vitest";
import { createQueueClient, regionOf } from "../../src/events/queue-client.ts";

describe("the events queue client", () => {
  it.each([
    ["https://sqs.us-east-1.amazonaws.com/123456789012/partner-central-events", "us-east-1"],
    ["https://sqs.eu-central-2.amazonaws.com/123456789012/q", "eu-central-2"],
    ["https://vpce-0a1b2c3d-4e5f.sqs.us-gov-west-1.vpce.amazonaws.com/123456789012/q", "us-gov-west-1"],
    ["http://127.0.0.1:4566/000000000000/partner-central-events", undefined],
    ["not a url", undefined],
  ])("reads the region of %s", (url, region) => {
    expect(regionOf(url)).toBe(region);
  });

  it("works in the queue's region, else us-east-1, where Partner Central publishes", async () => {
    const inFrankfurt = createQueueClient("https://sqs.eu-central-1.amazonaws.com/123456789012/q");
    const local = createQueueClient("http://127.0.0.1:4566/000000000000/q", {
      endpoint: "http://127.0.0.1:4566",
    });
    expect(await inFrankfurt.config.region()).toBe("eu-central-1");
    expect(await local.config.region()).toBe("us-east-1");
    inFrankfurt.destroy();
    local.destroy();
  });
});
