import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../dev/emulator/index.ts";
import { credentials, failure } from "./helpers.ts";

let emulator: Emulator;
let sqs: SQSClient;
let queueUrl: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: false });
  queueUrl = emulator.queueUrl;
  // The SDK's default MD5 checks stay on: the emulator must get them right.
  sqs = new SQSClient({ region: "us-east-1", endpoint: emulator.url, credentials, maxAttempts: 1 });
});
afterAll(async () => {
  sqs.destroy();
  await emulator.close();
});
beforeEach(() => {
  emulator.queues.events.messages.length = 0;
  emulator.queues.deadLetter.messages.length = 0;
});

const send = (body: string) => sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
const receive = (input: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}) =>
  sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ["All"],
      ...input,
    }),
  );
const attributes = async () =>
  (
    await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    )
  ).Attributes;

describe("queues", () => {
  it("are found by name, and an unknown one is QueueDoesNotExist as SQS says it", async () => {
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: "partner-central-events" }))).QueueUrl).toBe(
      queueUrl,
    );
    const err = await failure(sqs.send(new GetQueueUrlCommand({ QueueName: "nope" })));
    expect(err).toBeInstanceOf(QueueDoesNotExist);
    expect(err.Code).toBe("AWS.SimpleQueueService.NonExistentQueue");
    const viaUrl = await failure(receive({ QueueUrl: `${emulator.url}/000000000000/nope` }));
    expect(viaUrl).toBeInstanceOf(QueueDoesNotExist);
  });

  it("describe themselves, with the redrive policy of deploy/events.yaml", async () => {
    const all = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["All"] }),
    );
    expect(all.Attributes).toMatchObject({
      QueueArn: `arn:aws:sqs:us-east-1:${emulator.accountId}:partner-central-events`,
      VisibilityTimeout: "60",
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: `arn:aws:sqs:us-east-1:${emulator.accountId}:partner-central-events-dlq`,
        maxReceiveCount: 5,
      }),
    });
  });
});

describe("messages", () => {
  it("pass the SDK's MD5 checks both ways, whatever the characters", async () => {
    const sent = await send('{"hello":"wörld ✓"}');
    const { Messages } = await receive();
    expect(Messages).toEqual([
      {
        MessageId: sent.MessageId,
        ReceiptHandle: expect.any(String),
        MD5OfBody: sent.MD5OfMessageBody,
        Body: '{"hello":"wörld ✓"}',
        Attributes: {
          ApproximateReceiveCount: "1",
          SentTimestamp: expect.stringMatching(/^\d{13}$/),
          ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
          SenderId: expect.any(String),
        },
      },
    ]);
  });

  it("return only the attributes asked for, under either parameter name", async () => {
    await send("a");
    const only = await receive({
      MessageSystemAttributeNames: ["ApproximateReceiveCount"],
      VisibilityTimeout: 0,
    });
    expect(only.Messages?.[0]?.Attributes).toEqual({ ApproximateReceiveCount: "1" });
    const legacy = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, AttributeNames: ["All"] }));
    expect(Object.keys(legacy.Messages?.[0]?.Attributes ?? {})).toContain("ApproximateReceiveCount");
  });

  it("stay hidden while in flight, come back with a higher receive count, and are deleted by the latest handle", async () => {
    await send("once");
    const first = (await receive({ VisibilityTimeout: 30 })).Messages?.[0];
    expect((await receive()).Messages).toBeUndefined();
    expect(await attributes()).toEqual({
      ApproximateNumberOfMessages: "0",
      ApproximateNumberOfMessagesNotVisible: "1",
    });

    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: first?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const second = (await receive()).Messages?.[0];
    expect(second?.MessageId).toBe(first?.MessageId);
    expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
    expect(second?.Attributes?.ApproximateReceiveCount).toBe("2");

    // An outdated handle succeeds without deleting, as SQS documents.
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first?.ReceiptHandle }));
    expect(emulator.queues.events.messages).toHaveLength(1);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: second?.ReceiptHandle }));
    expect(emulator.queues.events.messages).toHaveLength(0);
  });

  it("come back by themselves when the visibility timeout ends", async () => {
    await send("again");
    await receive({ VisibilityTimeout: 1 });
    const started = Date.now();
    const back = await receive({ WaitTimeSeconds: 5 });
    expect(back.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe("2");
    expect(Date.now() - started).toBeGreaterThan(700);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("are dead-lettered after 5 receives", async () => {
    await send("poison");
    for (let i = 1; i <= 5; i++) {
      const m = (await receive({ VisibilityTimeout: 0 })).Messages?.[0];
      expect(m?.Attributes?.ApproximateReceiveCount).toBe(String(i));
    }
    expect((await receive()).Messages).toBeUndefined();
    expect(emulator.queues.deadLetter.messages.map((m) => m.body)).toEqual(["poison"]);
  });

  it("are deleted in batches, each entry succeeding or failing on its own", async () => {
    await send("one");
    await send("two");
    const received = (await receive()).Messages ?? [];
    const result = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          ...received.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })),
          { Id: "bad", ReceiptHandle: "not-a-handle" },
        ],
      }),
    );
    expect(result.Successful).toEqual([{ Id: "m0" }, { Id: "m1" }]);
    expect(result.Failed).toEqual([
      { Id: "bad", SenderFault: true, Code: "ReceiptHandleIsInvalid", Message: expect.any(String) },
    ]);
    expect(emulator.queues.events.messages).toHaveLength(0);
    const empty = await failure(sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: [] })));
    expect(empty.name).toBe("EmptyBatchRequest");
  });

  it("refuse a visibility change when not in flight, and unknown handles", async () => {
    await send("x");
    const m = (await receive({ VisibilityTimeout: 0 })).Messages?.[0];
    const change = (ReceiptHandle: string | undefined) =>
      sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle, VisibilityTimeout: 10 }),
      );
    expect((await failure(change(m?.ReceiptHandle))).name).toBe("MessageNotInflight");
    expect((await failure(change("nonsense"))).name).toBe("ReceiptHandleIsInvalid");
  });

  it("refuse a batch size SQS refuses", async () => {
    const err = await failure(receive({ MaxNumberOfMessages: 11 }));
    expect(err.name).toBe("InvalidParameterValue");
  });
});

describe("long polling", () => {
  it("answers as soon as a message arrives", async () => {
    const started = Date.now();
    const polling = receive({ WaitTimeSeconds: 10 });
    setTimeout(() => void send("late"), 200);
    const { Messages } = await polling;
    expect(Messages?.map((m) => m.Body)).toEqual(["late"]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("answers with nothing when the wait ends", async () => {
    const started = Date.now();
    expect((await receive({ WaitTimeSeconds: 1 })).Messages).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("gives up the wait when the client aborts, taking nothing", async () => {
    const abort = new AbortController();
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }), {
      abortSignal: abort.signal,
    });
    setTimeout(() => abort.abort(), 100);
    await expect(polling).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await send("after");
    expect((await receive()).Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe("1");
  });
});
