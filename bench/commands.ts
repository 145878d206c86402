import { CHANNEL, VIEWER } from "../test/helpers/harness.ts";
import {
  fillCompileCache,
  type RunningChild,
  type Stage,
  startAppProcess,
  startStage,
} from "./lib/environment.ts";
import type { Section } from "./lib/report.ts";
import { summarize } from "./lib/stats.ts";

const EMULATOR_LATENCY_MS = 1_500;
const CONCURRENT = 25;
const ROUNDS = 30;
/** Commands sent one at a time after the rounds, for the overhead of an answer nothing competes with. */
const LONE = 10;
/** What the app may add to Partner Central's answer time: in a burst of 25, and for a command on its own. */
const BURST_OVERHEAD_MS = 20;
const LONE_OVERHEAD_MS = 10;
/** Issue 25: the app acknowledges a burst nearly as fast as a Bolt app that only acknowledges. */
const ACK_RATIO = 1.2;
/** One ListEngagementInvitations call: the answer waits for exactly one emulator latency. */
const COMMAND = "engagements";

interface Sent {
  ackMs: number;
  ackedAt: number;
  responseUrl: string;
  status: number;
}

/** Signed slash commands all at once; the time each took to be acknowledged (HTTP 200 back). */
async function burst(stage: Stage, app: RunningChild, count = CONCURRENT): Promise<Sent[]> {
  stage.standin.setAppUrl(app.url);
  return Promise.all(
    Array.from({ length: count }, async () => {
      const started = performance.now();
      const sent = await stage.standin.slashCommand({ text: COMMAND, userId: VIEWER, channelId: CHANNEL });
      return {
        ackMs: performance.now() - started,
        ackedAt: Date.now(),
        responseUrl: sent.responseUrl,
        status: sent.status,
      };
    }),
  );
}

/**
 * Milliseconds from each acknowledgement to its answer reaching the response URL, read from the stand-in's
 * call log (stamped on arrival) rather than its message list, which is copied on every read.
 */
async function answers(stage: Stage, sent: Sent[]): Promise<number[]> {
  const arrivedAt = new Map<string, number>();
  let scanned = 0;
  await stage.standin.waitFor(() => {
    const calls = stage.standin.calls;
    for (; scanned < calls.length; scanned++) {
      const call = calls[scanned];
      if (call?.method === "response_url") arrivedAt.set(String(call.args.response_url), call.at.getTime());
    }
    return sent.every((s) => arrivedAt.has(s.responseUrl));
  }, 60_000);
  return sent.map((s) => (arrivedAt.get(s.responseUrl) ?? Number.NaN) - s.ackedAt);
}

/**
 * (a) acknowledgement latency at 25 concurrent commands with Partner Central answering in 1.5 s, next to a
 * bare Bolt app measured in the same run; (b) the time from acknowledgement to answer beyond that latency.
 */
export async function commandsBenchmark(): Promise<Section> {
  const stage = await startStage({ latencyMs: EMULATOR_LATENCY_MS });
  await fillCompileCache(stage);
  const real = await startAppProcess(stage, "bench/app-process.ts");
  const bare = await startAppProcess(stage, "bench/bare-app.ts");
  try {
    const acks = { real: [] as number[], bare: [] as number[] };
    const overheads: number[] = [];
    let refused = 0;
    // A warm-up round each, then rounds alternating which app goes first.
    for (let round = -1; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (["real", "bare"] as const) : (["bare", "real"] as const);
      for (const which of order) {
        stage.emulator.resetCalls();
        const sent = await burst(stage, which === "real" ? real : bare);
        refused += sent.filter((s) => s.status !== 200).length;
        if (which === "bare") {
          if (round >= 0) acks.bare.push(...sent.map((s) => s.ackMs));
          continue;
        }
        const toAnswer = await answers(stage, sent);
        const calls = stage.emulator.calls.length;
        if (calls !== CONCURRENT)
          throw new Error(`expected one Partner Central call per command, saw ${calls}`);
        if (round >= 0) {
          acks.real.push(...sent.map((s) => s.ackMs));
          overheads.push(...toAnswer.map((ms) => ms - EMULATOR_LATENCY_MS));
        }
      }
    }
    const lone: number[] = [];
    for (let i = 0; i < LONE; i++) {
      const sent = await burst(stage, real, 1);
      lone.push(...(await answers(stage, sent)).map((ms) => ms - EMULATOR_LATENCY_MS));
    }
    const realAck = summarize(acks.real);
    const bareAck = summarize(acks.bare);
    const overhead = summarize(overheads);
    const loneOverhead = summarize(lone);
    return {
      id: "commands",
      title: "Slash commands: acknowledgement and answer (a, b)",
      method: `${ROUNDS} rounds (after one warm-up round each) of ${CONCURRENT} concurrent \`/partnercentral ${COMMAND}\` commands, signed by the Slack stand-in and sent over HTTP to each app in its own process, the two apps taking turns; Partner Central (the emulator) answers every call after ${EMULATOR_LATENCY_MS} ms. Acknowledgement latency is from sending the request to its HTTP 200; the answer overhead is from that 200 to the answer arriving at the response URL, minus the ${EMULATOR_LATENCY_MS} ms the one ListEngagementInvitations call takes; it is measured for the bursts and for ${LONE} commands sent one at a time afterwards.`,
      figures: [
        {
          name: "(a) acknowledgement, bare Bolt app",
          unit: "ms",
          value: bareAck,
          against: "the comparison for the row below",
          pass: refused === 0,
          before: "p99 53.1 ms",
        },
        {
          name: "(a) acknowledgement, the app",
          unit: "ms",
          value: realAck,
          against: `p99 ≤ ${ACK_RATIO} × bare p99 = ${(ACK_RATIO * bareAck.p99).toFixed(1)} ms`,
          pass: refused === 0 && realAck.p99 <= ACK_RATIO * bareAck.p99,
          before: "p99 82.5 ms (1.55 ×)",
        },
        {
          name: "(b) acknowledgement to answer, beyond Partner Central's 1.5 s",
          unit: "ms",
          value: overhead,
          against: `median < ${BURST_OVERHEAD_MS} ms`,
          pass: overhead.median < BURST_OVERHEAD_MS,
          before: "median 43 ms",
        },
        {
          name: "(b) the same for a command on its own",
          unit: "ms",
          value: loneOverhead,
          against: `median < ${LONE_OVERHEAD_MS} ms`,
          pass: loneOverhead.median < LONE_OVERHEAD_MS,
          before: "median 5 ms",
        },
      ],
      notes: [
        `Every command was acknowledged with HTTP 200 (${refused} refused or timed out) and answered; each made exactly one Partner Central call.`,
        "After `ack()` each command yields the rest of the event loop's turn, in which the requests already read are acknowledged, then does its work at once. Until issue 25 commands took turns, one per loop iteration, each waiting behind the work of every command before it: answer overhead median 45 ms with the app's acknowledgement p99 at 1.55 × the bare app's (2026-11-30). On 2026-12-08 with the machine nearly idle (load average about 1), two runs each: one yield, 29–31 ms at 1.3–1.6 ×; no yield at all, 10 ms at 2.0–2.4 ×; while other work loaded the 2 cores (load average 4 to 8): one per turn 69 ms, one yield 50–64 ms, no yield 11–16 ms.",
        "Answers are posted to the response URL with Node's http client rather than with fetch, which Bolt's `respond()` uses: in a burst fetch held each request back while other answers kept the event loop busy, so the 25 answers left together once the last was ready. On this machine the burst median was 69–78 ms with neither change and 52–53 ms with the first (2026-11-23).",
        "These replace the figures with the embedded PGlite database on Node 20 (2026-11-23, same machine): (b) 48 ms median in the bursts, 6 ms on its own. The one store write per answer, which remembers it, now takes tens of microseconds in SQLite (see the store benchmark) instead of about 1 ms in PGlite.",
        ...(overhead.median < BURST_OVERHEAD_MS
          ? []
          : [
              `(b) misses its target in the bursts. Each command costs the app's one thread about 3 ms in all (measured with a CPU profile: its acknowledgement through Bolt, the AWS SDK preparing, signing and reading its call, rendering, remembering the answer and posting it), so 25 arriving together need some 80 ms of it; in whatever order they are served, either the acknowledgements or the answers wait for part of that (see the runs above). Meeting both targets needs less work per command, not another order. Alone, a command's answer takes ${loneOverhead.median.toFixed(0)} ms beyond Partner Central.`,
            ]),
      ],
    };
  } finally {
    await real.child.stop();
    await bare.child.stop();
    await stage.close();
  }
}
