import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EventConsumer, EventConsumerDeps } from "../../src/events/consumer.ts";
import { recordingConsumer, until } from "./fakes.ts";
import { fixture } from "./fixtures.ts";

const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/partner-central-events";

type Receive = Message[] | Error;

/** SQS as the consumer sees it: scripted receives, then a long poll that lasts until it is aborted. */
class FakeSqs {
  readonly receives: Receive[] = [];
  readonly receiveInputs: unknown[] = [];
  readonly deleted: string[] = [];
  readonly delayed: { handle?: string; seconds?: number }[] = [];
  failDeletes = false;
  signal: AbortSignal | undefined;

  readonly client = {
    send: async (command: unknown, options?: { abortSignal?: AbortSignal }) => {
      if (command instanceof ReceiveMessageCommand) {
        this.receiveInputs.push(command.input);
        this.signal = options?.abortSignal;
        const next = this.receives.shift();
        if (next instanceof Error) throw next;
        if (next) return { Messages: next };
        return new Promise((_, reject) =>
          options?.abortSignal?.addEventListener("abort", () => reject(new Error("Request aborted"))),
        );
      }
      if (command instanceof DeleteMessageBatchCommand) {
        if (this.failDeletes) throw new Error("connect ECONNREFUSED");
        const entries = command.input.Entries ?? [];
        this.deleted.push(...entries.map((e) => e.ReceiptHandle ?? ""));
        return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
      }
      if (command instanceof ChangeMessageVisibilityCommand) {
        this.delayed.push({ handle: command.input.ReceiptHandle, seconds: command.input.VisibilityTimeout });
        return {};
      }
      throw new Error(`unexpected command ${String(command)}`);
    },
  } as unknown as Pick<SQSClient, "send">;
}

let counter = 0;
function message(body: unknown, receiveCount = 1): Message {
  counter += 1;
  return {
    MessageId: `m${counter}`,
    ReceiptHandle: `rh${counter}`,
    Body: typeof body === "string" ? body : JSON.stringify(body),
    Attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: "1764496800000" },
  };
}

function event(name: string, id: string, invitationId = "engi-0jv1hd3bdn2c4") {
  const e = fixture(name);
  e.id = id;
  const key = name.startsWith("engagement") ? "engagementInvitation" : "connectionInvitation";
  Object.assign(e.detail[key] as object, { id: invitationId });
  return e;
}

let consumer: EventConsumer | undefined;
afterEach(async () => {
  await consumer?.stop();
  consumer = undefined;
  vi.useRealTimers();
});

function startConsumer(sqs: FakeSqs, deps: Partial<EventConsumerDeps> = {}) {
  const started = recordingConsumer({ client: sqs.client, queueUrl: QUEUE_URL }, deps);
  consumer = started.consumer;
  return started;
}

describe("receiving", () => {
  it("long-polls for up to 10 messages and 20 s, asking how often each was received", async () => {
    const sqs = new FakeSqs();
    startConsumer(sqs);
    await until(() => sqs.receiveInputs.length === 1);
    expect(sqs.receiveInputs[0]).toEqual({
      QueueUrl: QUEUE_URL,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 20,
      MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
    });
  });

  it("deletes handled events in one batch, malformed and foreign ones too", async () => {
    const sqs = new FakeSqs();
    const messages = [
      message(event("engagement-invitation-created", "e1")),
      message("not json"),
      message({ ...fixture("partner-connection-invitation-received"), source: "aws.s3" }),
    ];
    sqs.receives.push(messages);
    const { handled } = startConsumer(sqs);
    await until(() => sqs.deleted.length === 3);
    expect(sqs.deleted).toEqual(messages.map((m) => m.ReceiptHandle));
    expect(handled.map((e) => e.kind)).toEqual(["created", "malformed", "ignored"]);
    // Events without a readable time take the time SQS received them.
    expect(handled[2]).toMatchObject({ time: new Date(1764496800000) });
  });

  it("leaves a failed event on the queue to come back later, longer after each attempt", async () => {
    const sqs = new FakeSqs();
    const first = message(event("engagement-invitation-created", "e1"), 1);
    const third = message(event("engagement-invitation-accepted", "e2", "engi-other00000000"), 3);
    sqs.receives.push([first, third]);
    const { logger } = startConsumer(sqs, {
      handle: async () => {
        throw new Error("Slack is down");
      },
    });
    await until(() => sqs.delayed.length === 2);
    expect(sqs.delayed).toEqual([
      { handle: first.ReceiptHandle, seconds: 30 },
      { handle: third.ReceiptHandle, seconds: 120 },
    ]);
    expect(sqs.deleted).toEqual([]);
    expect(logger.lines.find((l) => l.fields.eventId === "e2")).toMatchObject({
      level: "warn",
      fields: { attempt: 3, retryInSeconds: 120, err: expect.objectContaining({ message: "Slack is down" }) },
    });
  });

  const aCreated = () => message(event("engagement-invitation-created", "a-created", "engi-aaaaaaaaaaaaa"));
  const aAccepted = () =>
    message(event("engagement-invitation-accepted", "a-accepted", "engi-aaaaaaaaaaaaa"));
  const bCreated = () => message(event("engagement-invitation-created", "b-created", "engi-bbbbbbbbbbbbb"));

  it.each([
    ["in one batch", () => [[aCreated(), aAccepted(), bCreated()]]],
    // The next batch is taken while the first is handled.
    ["across batches in flight", () => [[aCreated()], [aAccepted(), bCreated()]]],
  ])(
    "handles the events of one invitation in order, and different invitations side by side, %s",
    async (_, batches) => {
      const sqs = new FakeSqs();
      sqs.receives.push(...batches());
      const started: string[] = [];
      let release: () => void = () => {};
      const blocked = new Promise<void>((resolve) => {
        release = resolve;
      });
      startConsumer(sqs, {
        handle: async (e) => {
          started.push(e.kind === "malformed" ? "?" : e.eventId);
          if (started.length === 1) await blocked;
        },
      });
      await until(() => started.length === 2);
      expect(started).toEqual(["a-created", "b-created"]);
      release();
      await until(() => sqs.deleted.length === 3);
      expect(started).toEqual(["a-created", "b-created", "a-accepted"]);
    },
  );

  it("logs, and does not stop, when deleting fails", async () => {
    const sqs = new FakeSqs();
    sqs.failDeletes = true;
    sqs.receives.push([message(event("engagement-invitation-created", "e1"))]);
    const { logger } = startConsumer(sqs);
    await until(() => sqs.receiveInputs.length === 2);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        fields: { messages: 1, err: expect.objectContaining({ message: "connect ECONNREFUSED" }) },
      }),
    );
  });
});

describe("an unreachable queue", () => {
  it("is reported once when it goes and once when it comes back, with growing jittered waits between", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-30T10:00:00Z") });
    const sqs = new FakeSqs();
    const unreachable = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4566"), { name: "Error" });
    sqs.receives.push(unreachable, unreachable, unreachable, []);
    const { logger } = startConsumer(sqs, { random: () => 0 });

    // Half of 1 s, 2 s, 4 s with no jitter drawn.
    await vi.advanceTimersByTimeAsync(0);
    expect(sqs.receiveInputs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(sqs.receiveInputs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sqs.receiveInputs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sqs.receiveInputs).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sqs.receiveInputs).toHaveLength(5);

    expect(logger.lines.map((l) => [l.level, l.message])).toEqual([
      [
        "warn",
        "cannot receive from the Partner Central events queue; retrying with backoff, and polling still finds new invitations",
      ],
      ["info", "receiving from the Partner Central events queue again"],
    ]);
    expect(logger.lines[0]?.fields).toMatchObject({
      queueUrl: QUEUE_URL,
      err: expect.objectContaining({ message: "connect ECONNREFUSED 127.0.0.1:4566" }),
    });
    expect(logger.lines[1]?.fields).toEqual({ queueUrl: QUEUE_URL, failures: 3, downForMs: 3500 });
  });

  it("names what to fix when the queue does not exist", async () => {
    const sqs = new FakeSqs();
    sqs.receives.push(
      Object.assign(new Error("The specified queue does not exist."), { name: "QueueDoesNotExist" }),
    );
    const { logger } = startConsumer(sqs, { random: () => 0, unreachableBackoff: { baseMs: 10, maxMs: 10 } });
    await until(() => logger.lines.length === 1);
    expect(logger.lines[0]?.fields.hint).toBe(
      "EVENTS_QUEUE_URL names no queue: use the QueueUrl output of deploy/events.yaml",
    );
  });

  it("caps the wait between tries", async () => {
    vi.useFakeTimers();
    const sqs = new FakeSqs();
    for (let i = 0; i < 12; i++) sqs.receives.push(new Error("down"));
    startConsumer(sqs, { random: () => 0.999 });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(sqs.receiveInputs.length).toBeGreaterThanOrEqual(12);
  });
});

describe("stopping", () => {
  it("ends the long poll in flight at once", async () => {
    const sqs = new FakeSqs();
    startConsumer(sqs);
    await until(() => sqs.receiveInputs.length === 1);
    const stopping = consumer?.stop();
    expect(sqs.signal?.aborted).toBe(true);
    await stopping;
    expect(sqs.receiveInputs).toHaveLength(1);
  });

  it("finishes and deletes the events being handled first", async () => {
    const sqs = new FakeSqs();
    sqs.receives.push([message(event("engagement-invitation-created", "e1"))]);
    let release: () => void = () => {};
    const handling = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = false;
    startConsumer(sqs, {
      handle: async () => {
        entered = true;
        await handling;
      },
    });
    await until(() => entered);
    const stopped = consumer?.stop();
    release();
    await stopped;
    expect(sqs.deleted).toHaveLength(1);
    // The next long poll, started while the event was handled, was ended; none followed.
    expect(sqs.receiveInputs).toHaveLength(2);
  });

  it("ends a wait between tries at once", async () => {
    const sqs = new FakeSqs();
    sqs.receives.push(new Error("down"));
    startConsumer(sqs, { unreachableBackoff: { baseMs: 60_000, maxMs: 60_000 } });
    await until(() => sqs.receiveInputs.length === 1);
    const started = Date.now();
    await consumer?.stop();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
