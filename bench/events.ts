import { type Emulator, startEmulator } from "../dev/emulator/index.js";
import { EventConsumer } from "../src/events/consumer.js";
import { createEventHandler, type EventPorts } from "../src/events/handler.js";
import { createQueueClient } from "../src/events/queue-client.js";
import { createLogger } from "../src/logger.js";
import type { Section } from "./lib/report.js";
import { summarize } from "./lib/stats.js";

/** Invitations arriving one at a time, for the latency. */
const LONE = 300;
/** Events already queued when the consumer starts, per round, for the throughput. */
const BACKLOG = 2_000;
const ROUNDS = 3;
const LATENCY_TARGET_MS = 1_000;
const THROUGHPUT_TARGET = 200;

/** Ports that do nothing but note when each invitation was announced: the queue and consumer alone. */
function timingPorts(announcedAt: Map<string, number>): EventPorts {
  return {
    announce: async (invitation) => {
      announcedAt.set(invitation.id, performance.now());
      return "announced";
    },
    recordDecided: async () => {},
    markDecided: async () => {},
    claimEvent: async () => true,
  };
}

function startConsumer(emulator: Emulator, announcedAt: Map<string, number>) {
  const client = createQueueClient(emulator.queueUrl, {
    endpoint: emulator.url,
    credentials: { accessKeyId: "AKIDBENCHMARK", secretAccessKey: "benchmark-secret" },
  });
  const logger = createLogger({ level: "error" });
  const consumer = new EventConsumer({
    client,
    queueUrl: emulator.queueUrl,
    handle: createEventHandler({ ports: timingPorts(announcedAt), catalog: "AWS", logger }),
    logger,
  });
  consumer.start();
  return {
    async stop() {
      await consumer.stop();
      client.destroy();
      // Until the emulator sees the aborted poll's connection close, that poll would still take the next
      // events (SQS would too), hiding them for the visibility timeout.
      await new Promise((resolve) => setTimeout(resolve, 100));
    },
  };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("events bench: timed out waiting for the consumer");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** From the emulator publishing a new invitation's event to the handler announcing it, one at a time. */
async function latencies(emulator: Emulator): Promise<number[]> {
  const announcedAt = new Map<string, number>();
  const consumer = startConsumer(emulator, announcedAt);
  try {
    const measured: number[] = [];
    for (let i = 0; i < LONE; i++) {
      // A pause of up to 20 ms, so events arrive while the consumer waits in its long poll, as they would.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      const published = performance.now();
      const { Id } = emulator.newEngagementInvitation();
      await until(() => announcedAt.has(Id), 10_000);
      measured.push((announcedAt.get(Id) as number) - published);
    }
    return measured;
  } finally {
    await consumer.stop();
  }
}

/** Events per second through receive, handling and batch delete, from a queue holding a backlog. */
async function throughput(emulator: Emulator): Promise<number> {
  for (let i = 0; i < BACKLOG; i++) emulator.newEngagementInvitation();
  const announcedAt = new Map<string, number>();
  const started = performance.now();
  const consumer = startConsumer(emulator, announcedAt);
  try {
    await until(() => emulator.queues.events.messages.length === 0, 60_000);
    return BACKLOG / ((performance.now() - started) / 1000);
  } finally {
    await consumer.stop();
  }
}

export async function eventsBenchmark(): Promise<Section> {
  const emulator = await startEmulator({ seed: false });
  try {
    await latencies(emulator); // warm-up: JIT, connections
    const latency = summarize(await latencies(emulator));
    const rates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) rates.push(await throughput(emulator));
    const rate = summarize(rates);
    const slowest = Math.min(...rates);
    return {
      id: "events",
      title: "Partner Central events: queue to handler",
      method: `The emulator publishes each event to its SQS queue on loopback, as an EventBridge rule would deliver it; the consumer long-polls it with the real AWS SDK, parses, hands the event to the handler and deletes it. The handler's ports only note the time (no Partner Central lookup, no Slack post). Latency: ${LONE} new invitations one at a time, after a warm-up of as many, from publishing to the handler announcing. Throughput: ${ROUNDS} rounds of ${BACKLOG} events queued before the consumer starts, until the queue is empty.`,
      figures: [
        {
          name: "Event published to handler",
          unit: "ms",
          value: latency,
          against: `p99 < ${LATENCY_TARGET_MS} ms`,
          pass: latency.p99 < LATENCY_TARGET_MS,
        },
        {
          name: "Consumer throughput",
          unit: "events/s",
          value: rate,
          against: `every round ≥ ${THROUGHPUT_TARGET} events/s`,
          pass: slowest >= THROUGHPUT_TARGET,
        },
      ],
      notes: [
        "Once wired, each new invitation also costs one GetEngagementInvitation or GetConnectionInvitation call and the Slack post, and each decision the Slack updates; those add to the latency, not to the queue's part measured here.",
      ],
    };
  } finally {
    await emulator.close();
  }
}
