import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "../src/store/index.ts";
import type { Figure, Section } from "./lib/report.ts";
import { summarize } from "./lib/stats.ts";

const RUNS = 5_000;
const WARM_UP = 500;
const TARGET_P99_US = 1_000;

/** About what a list answer with ten invitations and their buttons weighs when remembered (8 KB). */
const MESSAGE = JSON.stringify({
  text: "Engagement invitations",
  blocks: Array.from({ length: 20 }, (_, i) => ({
    type: "section",
    text: {
      type: "mrkdwn",
      text: `*Invitation ${i}* from Example Partner, expires in ${i} days. `.repeat(4),
    },
    accessory: { type: "button", action_id: "accept", value: `engagement:AWS:engi-${i}`, text: "Accept" },
  })),
});

/** Microseconds each call of op took, op(i) for i from 0, after a warm-up that is not counted. */
async function time(op: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await op(RUNS + i);
  const durations: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await op(i);
    durations.push((performance.now() - started) * 1000);
  }
  return durations;
}

function figure(name: string, durations: number[]): Figure {
  const value = summarize(durations);
  return {
    name,
    unit: "µs",
    value,
    against: `target p99 < ${TARGET_P99_US} µs`,
    pass: value.p99 < TARGET_P99_US,
  };
}

async function measure(store: Store): Promise<Figure[]> {
  const claimDecision = await time((i) =>
    store.decisions.claim({
      key: `accept:engagement:AWS:engi-${i}`,
      invitationKind: "engagement",
      invitationId: `engi-${i}`,
      catalog: "AWS",
      action: "accept",
      userId: "U0BENCH",
    }),
  );
  const remember = await time(() => store.messages.remember("answer", MESSAGE, 86_400));
  const start = Date.UTC(2030, 0, 1);
  const claimOccurrence = await time((i) =>
    store.occurrences.claim("C0BENCH", new Date(start + i * 60_000), "bench"),
  );
  return [
    figure("Claim a decision", claimDecision),
    figure(`Remember a message (${(MESSAGE.length / 1024).toFixed(0)} KB)`, remember),
    figure("Claim a digest occurrence", claimOccurrence),
  ];
}

/** The store's own cost on the embedded database, as the app's thread pays it for each click or digest. */
export async function storeBenchmark(): Promise<Section> {
  const dataDir = await mkdtemp(join(tmpdir(), "pc-bench-store-"));
  const store = await openStore({ dataDir });
  try {
    return {
      id: "store",
      title: "Store operations on SQLite",
      method: `The store on a SQLite file in a temporary directory, as the app opens it (WAL, synchronous NORMAL), in the benchmark's own process; each operation ${RUNS} times on a fresh key, one after the other, after ${WARM_UP} not counted.`,
      figures: await measure(store),
      notes: [
        "Each operation is one statement on the app's thread (node:sqlite is synchronous), so its time is also how long it holds up everything else the app is doing.",
        `The load average was ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores at the end of the run. The medians are the operations' own cost; on a busy machine the slowest 1% also hold the moments the process waited for a core.`,
      ],
    };
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
