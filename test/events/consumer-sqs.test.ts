import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Emulator, startEmulator } from "../../dev/emulator/index.ts";
import type { EventConsumer, EventConsumerDeps } from "../../src/events/consumer.ts";
import { createEventHandler } from "../../src/events/handler.ts";
import type { PartnerCentralEvent } from "../../src/events/model.ts";
import { createQueueClient } from "../../src/events/queue-client.ts";
import { credentials } from "../dev/emulator/helpers.ts";
import { FakePorts, recordingConsumer, recordingLogger, until } from "./fakes.ts";

/** The consumer with the real SQS client against the emulator's queue. */
let emulator: Emulator;
let client: SQSClient;
let consumer: EventConsumer | undefined;

beforeEach(async () => {
  emulator = await startEmulator({ seed: false });
  client = createQueueClient(emulator.queueUrl, { endpoint: emulator.url, credentials });
});
afterEach(async () => {
  await consumer?.stop();
  consumer = undefined;
  client.destroy();
  await emulator.close();
});

function start(deps: Partial<EventConsumerDeps> = {}) {
  const started = recordingConsumer({ client, queueUrl: emulator.queueUrl }, deps);
  consumer = started.consumer;
  return started;
}

describe("the consumer on the emulator's queue", () => {
  it("announces a new invitation through the handler and empties the queue", async () => {
    const ports = new FakePorts();
    const logger = recordingLogger();
    start({ handle: createEventHandler({ ports, catalog: "AWS", logger }) });
    const inv = emulator.newEngagementInvitation();
    ports.partnerCentral.set(`engagement:AWS:${inv.Id}`, "PENDING");
    await until(() => ports.posts.length === 1 && emulator.queues.events.messages.length === 0);
    expect(ports.posts).toEqual([{ kind: "engagement", id: inv.Id, catalog: "AWS" }]);
  });

  it("drops a message that is not an event, and logs it", async () => {
    const ports = new FakePorts();
    const logger = recordingLogger();
    start({ handle: createEventHandler({ ports, catalog: "AWS", logger }) });
    await client.send(new SendMessageCommand({ QueueUrl: emulator.queueUrl, MessageBody: "hello" }));
    await until(() => logger.lines.length === 1 && emulator.queues.events.messages.length === 0);
    expect(logger.lines[0]).toMatchObject({ level: "warn", fields: { reason: "the message is not JSON" } });
  });

  it("gets a failed event again, counted, until it is handled", async () => {
    let failures = 1;
    const attempts: PartnerCentralEvent[] = [];
    start({
      retryBackoff: { baseMs: 0, maxMs: 0 },
      handle: async (event) => {
        attempts.push(event);
        if (failures-- > 0) throw new Error("Slack is down");
      },
    });
    emulator.newConnectionInvitation();
    await until(() => attempts.length === 2 && emulator.queues.events.messages.length === 0);
    expect(attempts[0]).toEqual(attempts[1]);
  });

  it("leaves an event that always fails to the dead-letter queue after 5 tries", async () => {
    let attempts = 0;
    start({
      retryBackoff: { baseMs: 0, maxMs: 0 },
      handle: async () => {
        attempts += 1;
        throw new Error("always");
      },
    });
    emulator.newEngagementInvitation();
    await until(() => emulator.queues.deadLetter.messages.length === 1);
    expect(attempts).toBe(5);
    expect(emulator.queues.events.messages).toHaveLength(0);
  });

  it("finds the queue through AWS_ENDPOINT_URL_SQS, as the SDK does anywhere", async () => {
    process.env.AWS_ENDPOINT_URL_SQS = emulator.url;
    const warnings: unknown[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation((...args) => warnings.push(args));
    try {
      client.destroy();
      client = createQueueClient(emulator.queueUrl, { credentials });
      const { handled } = start();
      emulator.newConnectionInvitation();
      await until(() => handled.length === 1);
      expect(warnings).toEqual([]);
    } finally {
      warn.mockRestore();
      delete process.env.AWS_ENDPOINT_URL_SQS;
    }
  });

  it("stops its long poll at once", async () => {
    start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await consumer?.stop();
    consumer = undefined;
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("says once that the queue is gone, and once that it is back, then carries on", async () => {
    const port = Number(new URL(emulator.url).port);
    const { logger, handled } = start({ unreachableBackoff: { baseMs: 50, maxMs: 200 } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await emulator.close();
    await until(() => logger.lines.some((l) => l.level === "warn"));
    await new Promise((resolve) => setTimeout(resolve, 600));
    emulator = await startEmulator({ seed: false, port });
    const inv = emulator.newEngagementInvitation();
    await until(() => handled.length === 1);
    expect(handled[0]).toMatchObject({ kind: "created", invitation: { id: inv.Id } });
    expect(logger.lines.map((l) => l.level)).toEqual(["warn", "info"]);
    expect(logger.lines[1]?.fields.failures).toBeGreaterThan(1);
  });
});
