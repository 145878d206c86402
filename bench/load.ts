import { APPROVER, CHANNEL, VIEWER } from "../test/helpers/harness.ts";
import type { MemoryReport } from "./app-process.ts";
import {
  fillCompileCache,
  type RunningChild,
  type Stage,
  startAppProcess,
  startStage,
} from "./lib/environment.ts";
import { APP_NODE_OPTIONS, nextMessage } from "./lib/processes.ts";
import type { Figure, Section } from "./lib/report.ts";
import { summarize } from "./lib/stats.ts";

const EMULATOR_LATENCY_MS = 1_500;
/** Enough for the app to reach a steady heap (caches filled, code optimised) before the heap is compared. */
const WARM_UP = 500;
const COMMANDS = 1_000;
/** Issue 25: a Slack bot for a partner team is a small process, near the bare Bolt app it is built on. */
const RSS_AFTER_START_MB = 110;
const RSS_AFTER_LOAD_MB = 130;
/** 1,000 commands spread evenly over 55 s: within the minute, at an even rate (the warm-up too). */
const SPACING_MS = 55;
const SLACK_ACK_LIMIT_MS = 3_000;
const MB = 2 ** 20;

function texts(stage: Stage): string[] {
  const engagement = [...stage.emulator.state.engagementInvitations.values()][0]?.Id;
  const invitation = [...stage.emulator.state.connectionInvitations.values()][0]?.Id;
  const connection = [...stage.emulator.state.connections.values()][0]?.Id;
  return [
    "engagements",
    "invitations",
    "connections",
    "engagements status=all sort=asc",
    "expiring within=10",
    `engagement ${engagement}`,
    `invitation ${invitation}`,
    `connection ${connection}`,
    "help",
    "engagements status=nonsense",
  ];
}

interface Result {
  status: number;
  ackMs: number;
  ackedAt: number;
  responseUrl: string;
}

/** `count` commands, one every `spacingMs`, without waiting for earlier ones; then every answer. */
async function drive(
  stage: Stage,
  count: number,
  spacingMs = SPACING_MS,
): Promise<{ results: Result[]; answerMs: number[] }> {
  const mix = texts(stage);
  const pending: Array<Promise<Result>> = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + i * spacingMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      (async () => {
        const sentAt = performance.now();
        const sent = await stage.standin.slashCommand({
          text: mix[i % mix.length] as string,
          userId: i % 2 ? VIEWER : APPROVER,
          channelId: CHANNEL,
        });
        return {
          status: sent.status,
          ackMs: performance.now() - sentAt,
          ackedAt: Date.now(),
          responseUrl: sent.responseUrl,
        };
      })(),
    );
  }
  const results = await Promise.all(pending);
  const answeredAt = new Map<string, number>();
  let scanned = 0;
  await stage.standin
    .waitFor(() => {
      const calls = stage.standin.calls;
      for (; scanned < calls.length; scanned++) {
        const call = calls[scanned];
        if (call?.method === "response_url")
          answeredAt.set(String(call.args.response_url), call.at.getTime());
      }
      return results.every((r) => answeredAt.has(r.responseUrl));
    }, 60_000)
    .catch(() => undefined);
  const answerMs = results.flatMap((r) => {
    const at = answeredAt.get(r.responseUrl);
    return at === undefined ? [] : [at - r.ackedAt];
  });
  return { results, answerMs };
}

async function memory(app: RunningChild): Promise<MemoryReport> {
  app.child.process.send({ type: "memory" });
  return nextMessage<MemoryReport>(app.child, "memory");
}

/**
 * (e) 1,000 slash commands within a minute against the real app in its own process (Partner Central
 * answering in 1.5 s): all acknowledged, all answered, and the app's memory after garbage collection the
 * same before and after.
 */
export async function loadBenchmark(): Promise<Section> {
  const stage = await startStage({ latencyMs: EMULATOR_LATENCY_MS });
  await fillCompileCache(stage, { gc: true });
  const app = await startAppProcess(stage, "bench/app-process.ts", { gc: true });
  try {
    const started = await memory(app);
    await drive(stage, WARM_UP);
    const before = await memory(app);
    const startedAt = performance.now();
    const { results, answerMs } = await drive(stage, COMMANDS);
    const seconds = (performance.now() - startedAt) / 1000;
    const after = await memory(app);
    const acked = results.filter((r) => r.status === 200 && r.ackMs < SLACK_ACK_LIMIT_MS);
    const ack = summarize(results.map((r) => r.ackMs));
    const heapGrowth = (after.heapUsedBytes - before.heapUsedBytes) / MB;
    const rssGrowth = (after.rssBytes - before.rssBytes) / MB;
    const count = (n: number) => summarize([n]);
    const figures: Figure[] = [
      {
        name: "(e) acknowledged with 200 within 3 s",
        unit: "commands",
        value: count(acked.length),
        against: `all ${COMMANDS.toLocaleString("en")}`,
        pass: acked.length === COMMANDS,
      },
      {
        name: "(e) acknowledgement latency under load",
        unit: "ms",
        value: ack,
        against: "p99 < 3,000 ms (Slack's limit)",
        pass: ack.p99 < SLACK_ACK_LIMIT_MS,
      },
      {
        name: "(e) answered at the response URL",
        unit: "commands",
        value: count(answerMs.length),
        against: `all ${COMMANDS.toLocaleString("en")}`,
        pass: answerMs.length === COMMANDS,
      },
      {
        name: "(e) acknowledgement to answer",
        unit: "ms",
        value: summarize(answerMs.length ? answerMs : [Number.NaN]),
        against: "reported (Partner Central takes 1.5 s a call)",
        pass: true,
      },
      {
        name: "(e) heap after GC: growth over the 1,000 commands",
        unit: "MB",
        value: count(heapGrowth),
        against: `< 5% of the ${(before.heapUsedBytes / MB).toFixed(1)} MB before`,
        pass: heapGrowth < 0.05 * (before.heapUsedBytes / MB),
      },
      {
        name: "(e) RSS after start (after GC, no command yet)",
        unit: "MB",
        value: count(started.rssBytes / MB),
        against: `≤ ${RSS_AFTER_START_MB} MB`,
        pass: started.rssBytes / MB <= RSS_AFTER_START_MB,
        before: "194 MB",
      },
      {
        name: "(e) RSS after the warm-up and the 1,000 commands (after GC)",
        unit: "MB",
        value: count(after.rssBytes / MB),
        against: `≤ ${RSS_AFTER_LOAD_MB} MB`,
        pass: after.rssBytes / MB <= RSS_AFTER_LOAD_MB,
        before: "239 MB",
      },
      {
        name: "(e) RSS after GC: growth over the 1,000 commands",
        unit: "MB",
        value: count(rssGrowth),
        against: "reported",
        pass: true,
        before: "43 MB",
      },
    ];
    return {
      id: "load",
      title: "1,000 slash commands in a minute (e)",
      method: `The real app in a process of its own, started as \`npm start\` starts it (\`node ${APP_NODE_OPTIONS.join(" ")}\`, with \`--expose-gc\` so it can collect garbage on request over IPC) in the container image's environment (NODE_COMPILE_CACHE filled by an earlier start), Partner Central answering in ${EMULATOR_LATENCY_MS} ms. Memory is read after two full garbage collections: after start, after ${WARM_UP} warm-up commands, and after ${COMMANDS.toLocaleString("en")} more, each set signed slash commands one every ${SPACING_MS} ms without waiting for answers (${seconds.toFixed(0)} s for the ${COMMANDS.toLocaleString("en")}), cycling through lists, details, expiring, help and a typo, from an approver and a viewer.`,
      figures,
      notes: [
        "A longer exploratory run of four blocks of 1,000 saw the heap after GC grow by 1.1, 0.7, 0.0 and 0.4 MB and settle near 39.5 MB: caches and optimised code filling up, not memory kept per command.",
        `Resident memory is mostly Node itself: an empty Node 24 process is about 44 MB, much of it the Node binary's own pages (in the app, about 57 MB of them, shared with every other Node process); Bolt with its HTTP receiver brings it to about 90 MB. The app keeps close to that by loading only what its configuration uses (no Express, no Socket Mode client over HTTP, no SQS client without a queue, no date-fns), by its compile cache (no type stripper in memory) and by V8's young generation capped at 4 MB semispaces (\`--max-semi-space-size=4\` in npm start): V8 otherwise grows it to 32 MB semispaces under load, and this benchmark then ends at 170 MB (108.6 MB after start; 2026-12-08), while the live heap stays near 20 MB.`,
        "What grows with work is outside the JavaScript heap: memory that Node's HTTP and the AWS SDK's calls use at the peak of concurrent requests, which the process keeps for the next peak; the warm-up runs at the measured rate, since a faster one (one every 20 ms, 75 calls in flight) left about 15 MB more.",
      ],
    };
  } finally {
    await app.child.stop();
    await stage.close();
  }
}
