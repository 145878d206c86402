import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { invitationKey } from "../partnercentral/model.ts";
import type { EventLogger } from "./handler.ts";
import type { PartnerCentralEvent } from "./model.ts";
import { parseEvent } from "./parse.ts";

/** SQS's longest long poll and largest batch: the fewest requests while the queue is quiet or busy. */
export const WAIT_TIME_SECONDS = 20;
export const MAX_MESSAGES = 10;
/**
 * Batches handled at once: the next long poll starts while earlier batches are handled, since each event
 * spends most of its time waiting on Partner Central, Slack and the store. More would only keep messages
 * hidden from other replicas.
 */
export const BATCHES_IN_FLIGHT = 3;

export interface Backoff {
  /** The first wait; each further failure doubles it, up to `maxMs`. */
  baseMs: number;
  maxMs: number;
}

/** While the queue cannot be reached: 1 s, 2 s, 4 s … up to a minute between tries, each with jitter. */
export const UNREACHABLE_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 60_000 };
/**
 * A message whose handling failed comes back after 30 s, 60 s, 120 s, 240 s: about 7 minutes across the
 * 5 receives the queue allows before it dead-letters the message.
 */
export const RETRY_BACKOFF: Backoff = { baseMs: 30_000, maxMs: 15 * 60_000 };

export interface EventConsumerDeps {
  client: Pick<SQSClient, "send">;
  queueUrl: string;
  /** Acts on one event; a rejection leaves the message on the queue to come back later. */
  handle: (event: PartnerCentralEvent) => Promise<unknown>;
  logger: EventLogger;
  clock?: () => Date;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  unreachableBackoff?: Backoff;
  retryBackoff?: Backoff;
}

/**
 * Long-polls the events queue and hands each event to the handler: a handled event (and one that can
 * never be handled) is deleted, a failed one is left to come back later and, after the queue's
 * maxReceiveCount, to be dead-lettered. When the queue cannot be reached it says so once, retries with
 * backoff, and says so again when it is back.
 */
export class EventConsumer {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly batches = new Set<Promise<void>>();
  /** The last event handled, or being handled, about each invitation in the batches in flight. */
  private readonly lanes = new Map<string, Promise<void>>();
  private readonly clock: () => Date;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  private readonly deps: EventConsumerDeps;

  constructor(deps: EventConsumerDeps) {
    this.deps = deps;
    this.clock = deps.clock ?? (() => new Date());
    this.sleep = deps.sleep ?? abortableSleep;
    this.random = deps.random ?? Math.random;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Ends the long poll in flight at once; events being handled are finished and deleted first. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    await Promise.all(this.batches);
  }

  private async run(): Promise<void> {
    const { logger, queueUrl } = this.deps;
    const signal = this.abort.signal;
    let failures = 0;
    let downSince: Date | undefined;
    while (!signal.aborted) {
      let messages: Message[];
      try {
        messages = await this.receive(signal);
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        if (!downSince) {
          downSince = this.clock();
          logger.warn(
            { queueUrl, err: error, hint: hintFor(error) },
            "cannot receive from the Partner Central events queue; retrying with backoff, and polling still finds new invitations",
          );
        }
        await this.sleep(
          withJitter(this.deps.unreachableBackoff ?? UNREACHABLE_BACKOFF, failures, this.random),
          signal,
        );
        continue;
      }
      if (downSince) {
        const downForMs = this.clock().getTime() - downSince.getTime();
        logger.info(
          { queueUrl, failures, downForMs },
          "receiving from the Partner Central events queue again",
        );
        failures = 0;
        downSince = undefined;
      }
      if (messages.length === 0) continue;
      const batch = this.process(messages);
      this.batches.add(batch);
      void batch.finally(() => this.batches.delete(batch));
      while (this.batches.size >= BATCHES_IN_FLIGHT) await Promise.race(this.batches);
    }
  }

  private async receive(signal: AbortSignal): Promise<Message[]> {
    const output = await this.deps.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.deps.queueUrl,
        MaxNumberOfMessages: MAX_MESSAGES,
        WaitTimeSeconds: WAIT_TIME_SECONDS,
        MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
      }),
      { abortSignal: signal },
    );
    return output.Messages ?? [];
  }

  /**
   * Events about one invitation are handled one after the other, in the order received, in one batch or
   * across the batches in flight, so a creation and its decision cannot race; different invitations are
   * handled side by side.
   */
  private async process(messages: Message[]): Promise<void> {
    const receivedAt = this.clock();
    const lanes = new Map<string, { message: Message; event: PartnerCentralEvent }[]>();
    for (const message of messages) {
      const sentAt = Number(message.Attributes?.SentTimestamp);
      const event = parseEvent(message.Body ?? "", Number.isFinite(sentAt) ? new Date(sentAt) : receivedAt);
      const lane =
        event.kind === "created" || event.kind === "decided"
          ? invitationKey(event.invitation)
          : `message:${message.MessageId}`;
      lanes.set(lane, [...(lanes.get(lane) ?? []), { message, event }]);
    }
    const done: Message[] = [];
    await Promise.all(
      [...lanes].map(([key, lane]) => {
        const handled = (this.lanes.get(key) ?? Promise.resolve()).then(async () => {
          for (const { message, event } of lane) {
            try {
              await this.deps.handle(event);
              done.push(message);
            } catch (error) {
              await this.retryLater(message, event, error);
            }
          }
        });
        this.lanes.set(key, handled);
        void handled.finally(() => {
          if (this.lanes.get(key) === handled) this.lanes.delete(key);
        });
        return handled;
      }),
    );
    await this.delete(done);
  }

  private async retryLater(message: Message, event: PartnerCentralEvent, error: unknown): Promise<void> {
    const attempt = Number(message.Attributes?.ApproximateReceiveCount) || 1;
    const retryInSeconds = Math.round(delayFor(this.deps.retryBackoff ?? RETRY_BACKOFF, attempt) / 1000);
    this.deps.logger.warn(
      {
        eventId: event.eventId,
        messageId: message.MessageId,
        attempt,
        retryInSeconds,
        err: error,
      },
      "could not handle a Partner Central event; it comes back later",
    );
    try {
      await this.deps.client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.deps.queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: retryInSeconds,
        }),
      );
    } catch (changeError) {
      // The queue's own visibility timeout brings it back instead.
      this.deps.logger.debug({ messageId: message.MessageId, err: changeError }, "could not delay a retry");
    }
  }

  private async delete(messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      const output = await this.deps.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.deps.queueUrl,
          Entries: messages.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      for (const failed of output.Failed ?? []) {
        this.deps.logger.warn(
          { messageId: messages[Number(failed.Id)]?.MessageId, code: failed.Code, error: failed.Message },
          "could not delete a handled Partner Central event; its redelivery will change nothing",
        );
      }
    } catch (error) {
      this.deps.logger.warn(
        { messages: messages.length, err: error },
        "could not delete handled Partner Central events; their redelivery will change nothing",
      );
    }
  }
}

function delayFor(backoff: Backoff, attempt: number): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** (attempt - 1));
}

/** Between half and all of the delay, so replicas that lost the queue together do not retry together. */
function withJitter(backoff: Backoff, attempt: number, random: () => number): number {
  const delay = delayFor(backoff, attempt);
  return delay / 2 + random() * (delay / 2);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** What an operator can do about the errors that do not go away by themselves. */
function hintFor(error: unknown): string | undefined {
  const name = error instanceof Error ? error.name : "";
  if (name === "QueueDoesNotExist")
    return "EVENTS_QUEUE_URL names no queue: use the QueueUrl output of deploy/events.yaml";
  if (name === "AccessDenied" || name === "AccessDeniedException")
    return "attach the stack's app policy (deploy/events.yaml) to the app's role";
  if (name === "CredentialsProviderError") return "give the app AWS credentials, as for Partner Central";
  return undefined;
}
