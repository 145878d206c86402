import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { observeCalls } from "../../src/partnercentral/observe.ts";
import { freePort } from "../helpers/net.ts";

describe("observeCalls", () => {
  it("tells of a call that failed, by operation and error, on any AWS SDK client", async () => {
    const client = new SQSClient({
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${await freePort()}`,
      credentials: { accessKeyId: "AKIDOBSERVE", secretAccessKey: "observe-secret" },
      maxAttempts: 1,
    });
    const calls: Array<[string, string]> = [];
    observeCalls(client, {
      call: (operation, outcome) => calls.push([operation, outcome]),
      throttled: () => {},
    });
    try {
      await expect(
        client.send(new ReceiveMessageCommand({ QueueUrl: "http://127.0.0.1/q" })),
      ).rejects.toThrow();
      expect(calls).toEqual([["ReceiveMessage", "Unreachable"]]);
    } finally {
      client.destroy();
    }
  });
});
