/**
 * Amazon SQS over its AWS JSON 1.0 protocol (`X-Amz-Target: AmazonSQS.<Operation>`), enough for the app's
 * events consumer and for tests with the real @aws-sdk/client-sqs: long polling, visibility timeouts,
 * redelivery counted in ApproximateReceiveCount, a redrive policy to a dead-letter queue, and the body MD5s
 * the SDK checks. Queue timing runs on the wall clock, whatever clock Partner Central's records use.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { ServiceError } from "./errors.ts";

const NAMESPACE = "com.amazonaws.sqs";
const MAX_WAIT_SECONDS = 20;
const MAX_VISIBILITY_SECONDS = 43_200;
const MAX_BATCH = 10;

/** The query-compatible codes the SDK also reads (x-amzn-query-error), by error shape. */
const QUERY_CODES: Record<string, string> = {
  QueueDoesNotExist: "AWS.SimpleQueueService.NonExistentQueue",
  ReceiptHandleIsInvalid: "ReceiptHandleIsInvalid",
  MessageNotInflight: "AWS.SimpleQueueService.MessageNotInflight",
  UnsupportedOperation: "AWS.SimpleQueueService.UnsupportedOperation",
  EmptyBatchRequest: "AWS.SimpleQueueService.EmptyBatchRequest",
  TooManyEntriesInBatchRequest: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
  BatchEntryIdsNotDistinct: "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
  InvalidParameterValue: "InvalidParameterValue",
  MissingParameter: "MissingParameter",
};

export class SqsError extends ServiceError {
  constructor(type: string, message: string) {
    super(type, 400, message, NAMESPACE);
  }

  /** `x-amzn-query-error`, from which the SDK takes `Code` and `Type`. */
  get queryError(): string {
    return `${QUERY_CODES[this.type] ?? this.type};Sender`;
  }
}

export const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");

interface StoredMessage {
  id: string;
  body: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** Only the latest receipt handle deletes the message or changes its visibility. */
  receiptHandle?: string;
}

interface Waiter {
  max: number;
  visibilitySeconds: number;
  resolve(messages: StoredMessage[]): void;
}

export interface QueueOptions {
  name: string;
  /** Default 60 s, as deploy/events.yaml sets it. */
  visibilityTimeoutSeconds?: number;
  deadLetter?: { queue: Queue; maxReceiveCount: number };
}

export class Queue {
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  readonly createdAt = Date.now();
  readonly visibilityTimeoutSeconds: number;
  readonly deadLetter: QueueOptions["deadLetter"];
  readonly messages: StoredMessage[] = [];
  private readonly waiters: Waiter[] = [];
  private wakeTimer: NodeJS.Timeout | undefined;

  constructor(baseUrl: string, accountId: string, options: QueueOptions) {
    this.name = options.name;
    this.arn = `arn:aws:sqs:us-east-1:${accountId}:${options.name}`;
    this.url = `${baseUrl}/${accountId}/${options.name}`;
    this.visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 60;
    this.deadLetter = options.deadLetter;
  }

  send(body: string, delaySeconds = 0): StoredMessage {
    const now = Date.now();
    const message: StoredMessage = {
      id: randomUUID(),
      body,
      sentAt: now,
      visibleAt: now + delaySeconds * 1000,
      receiveCount: 0,
    };
    this.messages.push(message);
    this.serveWaiters();
    return message;
  }

  /** Up to `max` visible messages, oldest first, each hidden for `visibilitySeconds` from now. */
  take(max: number, visibilitySeconds: number): StoredMessage[] {
    const now = Date.now();
    const taken: StoredMessage[] = [];
    for (const message of [...this.messages]) {
      if (taken.length === max) break;
      if (message.visibleAt > now) continue;
      if (this.deadLetter && message.receiveCount >= this.deadLetter.maxReceiveCount) {
        this.remove(message);
        this.deadLetter.queue.messages.push({ ...message, visibleAt: now, receiptHandle: undefined });
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + visibilitySeconds * 1000;
      message.receiptHandle = Buffer.from(`${message.id}:${randomBytes(12).toString("hex")}`).toString(
        "base64url",
      );
      taken.push(message);
    }
    this.scheduleWake();
    return taken;
  }

  /** Long polling: resolves with messages as soon as there are some, or with none after `waitSeconds`. */
  receive(max: number, visibilitySeconds: number, waitSeconds: number, cancelled: Promise<void>) {
    const now = this.take(max, visibilitySeconds);
    if (now.length > 0 || waitSeconds === 0) return Promise.resolve(now);
    return new Promise<StoredMessage[]>((resolve) => {
      const waiter: Waiter = {
        max,
        visibilitySeconds,
        resolve: (messages) => {
          clearTimeout(timer);
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          resolve(messages);
        },
      };
      const timer = setTimeout(() => waiter.resolve([]), waitSeconds * 1000);
      this.waiters.push(waiter);
      this.scheduleWake();
      void cancelled.then(() => waiter.resolve([]));
    });
  }

  remove(message: StoredMessage): void {
    const index = this.messages.indexOf(message);
    if (index >= 0) this.messages.splice(index, 1);
  }

  /** Makes an in-flight message visible again after `seconds`. */
  changeVisibility(message: StoredMessage, seconds: number): void {
    message.visibleAt = Date.now() + seconds * 1000;
    this.serveWaiters();
  }

  counts(): { visible: number; inFlight: number; delayed: number } {
    const now = Date.now();
    const hidden = this.messages.filter((m) => m.visibleAt > now);
    const inFlight = hidden.filter((m) => m.receiveCount > 0).length;
    return {
      visible: this.messages.length - hidden.length,
      inFlight,
      delayed: hidden.length - inFlight,
    };
  }

  close(): void {
    clearTimeout(this.wakeTimer);
    for (const waiter of [...this.waiters]) waiter.resolve([]);
  }

  private serveWaiters(): void {
    for (const waiter of [...this.waiters]) {
      const messages = this.take(waiter.max, waiter.visibilitySeconds);
      if (messages.length === 0) break;
      waiter.resolve(messages);
    }
    this.scheduleWake();
  }

  /** While someone waits, wakes up when the next hidden message becomes visible again. */
  private scheduleWake(): void {
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    if (this.waiters.length === 0) return;
    const now = Date.now();
    const next = this.messages.reduce(
      (soonest, m) => (m.visibleAt > now ? Math.min(soonest, m.visibleAt) : soonest),
      Infinity,
    );
    if (next === Infinity) return;
    this.wakeTimer = setTimeout(() => this.serveWaiters(), next - now);
  }
}

type Input = Record<string, unknown>;

/** The queues the emulator serves, and its SQS operations. */
export class SqsService {
  readonly queues = new Map<string, Queue>();
  /** Every receipt handle ever given out, so an unknown one can be told from an outdated one. */
  private readonly handles = new Map<string, { queue: Queue; message: StoredMessage }>();

  add(queue: Queue): Queue {
    this.queues.set(queue.name, queue);
    return queue;
  }

  close(): void {
    for (const queue of this.queues.values()) queue.close();
  }

  /** Runs one operation; throws SqsError. `cancelled` settles when the caller hangs up. */
  async invoke(operation: string, input: Input, cancelled: Promise<void>): Promise<unknown> {
    switch (operation) {
      case "GetQueueUrl": {
        const queue = this.queues.get(requiredString(input, "QueueName"));
        if (!queue) throw queueDoesNotExist();
        return { QueueUrl: queue.url };
      }
      case "GetQueueAttributes":
        return { Attributes: this.attributes(this.queueOf(input), strings(input.AttributeNames) ?? []) };
      case "SendMessage": {
        const queue = this.queueOf(input);
        const body = requiredString(input, "MessageBody");
        const message = queue.send(body, integer(input, "DelaySeconds", 0, 900) ?? 0);
        return { MessageId: message.id, MD5OfMessageBody: md5(body) };
      }
      case "ReceiveMessage":
        return this.receive(input, cancelled);
      case "DeleteMessage": {
        this.deleteMessage(this.queueOf(input), requiredString(input, "ReceiptHandle"));
        return {};
      }
      case "DeleteMessageBatch":
        return this.deleteBatch(input);
      case "ChangeMessageVisibility": {
        const queue = this.queueOf(input);
        const seconds = integer(input, "VisibilityTimeout", 0, MAX_VISIBILITY_SECONDS);
        if (seconds === undefined) throw missing("VisibilityTimeout");
        const message = this.inFlight(queue, requiredString(input, "ReceiptHandle"));
        queue.changeVisibility(message, seconds);
        return {};
      }
      default:
        throw new SqsError("UnsupportedOperation", `The emulator does not serve AmazonSQS.${operation}.`);
    }
  }

  private queueOf(input: Input): Queue {
    const url = requiredString(input, "QueueUrl");
    // As in SQS, the queue is named by the URL's path, whatever host the client reached.
    const name = url.replace(/\/+$/, "").split("/").at(-1) ?? "";
    const queue = this.queues.get(name);
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  private async receive(input: Input, cancelled: Promise<void>) {
    const queue = this.queueOf(input);
    const max = integer(input, "MaxNumberOfMessages", 1, MAX_BATCH) ?? 1;
    const visibility =
      integer(input, "VisibilityTimeout", 0, MAX_VISIBILITY_SECONDS) ?? queue.visibilityTimeoutSeconds;
    const wait = integer(input, "WaitTimeSeconds", 0, MAX_WAIT_SECONDS) ?? 0;
    // AttributeNames is the deprecated spelling of MessageSystemAttributeNames; clients still send either.
    const wanted = [
      ...(strings(input.MessageSystemAttributeNames) ?? []),
      ...(strings(input.AttributeNames) ?? []),
    ];
    const messages = await queue.receive(max, visibility, wait, cancelled);
    if (messages.length === 0) return {};
    return {
      Messages: messages.map((m) => {
        this.handles.set(m.receiptHandle as string, { queue, message: m });
        const attributes = systemAttributes(m, wanted);
        return {
          MessageId: m.id,
          ReceiptHandle: m.receiptHandle,
          MD5OfBody: md5(m.body),
          Body: m.body,
          ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
        };
      }),
    };
  }

  private deleteMessage(queue: Queue, handle: string): void {
    const known = this.handles.get(handle);
    if (!known || known.queue !== queue) throw receiptHandleInvalid(handle);
    // An outdated handle succeeds without deleting, as SQS documents.
    if (known.message.receiptHandle === handle) queue.remove(known.message);
  }

  private deleteBatch(input: Input) {
    const queue = this.queueOf(input);
    const entries = Array.isArray(input.Entries) ? (input.Entries as Input[]) : [];
    checkBatch(entries);
    const Successful: { Id: string }[] = [];
    const Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
    for (const entry of entries) {
      const id = String(entry.Id);
      try {
        this.deleteMessage(queue, requiredString(entry, "ReceiptHandle"));
        Successful.push({ Id: id });
      } catch (error) {
        const e = error as SqsError;
        Failed.push({ Id: id, SenderFault: true, Code: e.type, Message: e.message });
      }
    }
    return { Successful, Failed };
  }

  private inFlight(queue: Queue, handle: string): StoredMessage {
    const known = this.handles.get(handle);
    if (!known || known.queue !== queue) throw receiptHandleInvalid(handle);
    const { message } = known;
    if (
      message.receiptHandle !== handle ||
      !queue.messages.includes(message) ||
      message.visibleAt <= Date.now()
    ) {
      throw new SqsError("MessageNotInflight", "The message referred to isn't in flight.");
    }
    return message;
  }

  private attributes(queue: Queue, names: string[]): Record<string, string> {
    const counts = queue.counts();
    const all: Record<string, string> = {
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
      ReceiveMessageWaitTimeSeconds: "0",
      DelaySeconds: "0",
      MessageRetentionPeriod: "345600",
      MaximumMessageSize: "262144",
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      ...(queue.deadLetter
        ? {
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: queue.deadLetter.queue.arn,
              maxReceiveCount: queue.deadLetter.maxReceiveCount,
            }),
          }
        : {}),
    };
    if (names.includes("All")) return all;
    return Object.fromEntries(names.filter((n) => n in all).map((n) => [n, all[n] as string]));
  }
}

function systemAttributes(m: StoredMessage, wanted: string[]): Record<string, string> {
  const all: Record<string, string> = {
    ApproximateReceiveCount: String(m.receiveCount),
    SentTimestamp: String(m.sentAt),
    ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
    SenderId: "AIDAEMULATOREVENTBRIDGE",
  };
  if (wanted.includes("All")) return all;
  return Object.fromEntries(wanted.filter((n) => n in all).map((n) => [n, all[n] as string]));
}

function checkBatch(entries: Input[]): void {
  if (entries.length === 0)
    throw new SqsError("EmptyBatchRequest", "There should be at least one entry in the request.");
  if (entries.length > MAX_BATCH) {
    throw new SqsError(
      "TooManyEntriesInBatchRequest",
      `Maximum number of entries per request are ${MAX_BATCH}. You have sent ${entries.length}.`,
    );
  }
  if (new Set(entries.map((e) => e.Id)).size !== entries.length) {
    throw new SqsError(
      "BatchEntryIdsNotDistinct",
      "Two or more batch entries in the request have the same Id.",
    );
  }
}

const queueDoesNotExist = () => new SqsError("QueueDoesNotExist", "The specified queue does not exist.");
const receiptHandleInvalid = (handle: string) =>
  new SqsError(
    "ReceiptHandleIsInvalid",
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
  );
const missing = (name: string) =>
  new SqsError("MissingParameter", `The request must contain the parameter ${name}.`);

function requiredString(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== "string" || value === "") throw missing(name);
  return value;
}

function integer(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new SqsError(
      "InvalidParameterValue",
      `Value ${JSON.stringify(value)} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}.`,
    );
  }
  return value;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;
}
