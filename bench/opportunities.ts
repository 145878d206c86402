import type { CallRecord } from "../dev/emulator/index.ts";
import { validateBlocks } from "../dev/slack-standin/validate.ts";
import { ACTION_REQUIRED, OPEN_STAGES } from "../src/partnercentral/opportunity-model.ts";
import { LIMITS, textLength } from "../src/slack/blocks/text.ts";
import { plural } from "../src/words.ts";
import { CHANNEL, startHarness, VIEWER } from "../test/helpers/harness.ts";
import { runCommand } from "../test/helpers/slack.ts";
import { type Stage, startAppProcess, startStage } from "./lib/environment.ts";
import type { Section } from "./lib/report.ts";
import { summarize } from "./lib/stats.ts";

const EMULATOR_LATENCY_MS = 500;
/** The commands benchmark's targets for what the app adds to Partner Central's answer time. */
const BURST_OVERHEAD_MS = 20;
const LONE_OVERHEAD_MS = 10;
const LONE = 15;
const ROUNDS = 5;
const CONCURRENT = 10;

/** Milliseconds during which at least one of these calls was in flight between `from` and `to`. */
function busy(calls: readonly CallRecord[], from: number, to: number): number {
  const spans = calls
    .map((c) => [Math.max(from, c.at.getTime()), Math.min(to, c.at.getTime() + EMULATOR_LATENCY_MS)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reached = from;
  for (const [start, end] of spans) {
    if (end <= reached) continue;
    total += end - Math.max(start, reached);
    reached = end;
  }
  return total;
}

/** Commands sent at once; each one's time from acknowledgement to answer, less Partner Central's part in it. */
async function overheads(stage: Stage, texts: string[]): Promise<number[]> {
  const sent = await Promise.all(
    texts.map(async (text) => {
      const result = await stage.standin.slashCommand({ text, userId: VIEWER, channelId: CHANNEL });
      return { ackedAt: Date.now(), responseUrl: result.responseUrl };
    }),
  );
  const arrived = new Map<string, number>();
  await stage.standin.waitFor(() => {
    for (const call of stage.standin.calls) {
      if (call.method === "response_url") arrived.set(String(call.args.response_url), call.at.getTime());
    }
    return sent.every((s) => arrived.has(s.responseUrl));
  }, 60_000);
  return sent.map((s) => {
    const answeredAt = arrived.get(s.responseUrl) ?? Number.NaN;
    return answeredAt - s.ackedAt - busy(stage.emulator.calls, s.ackedAt, answeredAt);
  });
}

/**
 * (o) `/partnercentral opportunities` answered beyond Partner Central's time: its lists and the details of
 * the ten rows it shows, with Partner Central answering every call after 500 ms.
 */
export async function opportunitiesBenchmark(): Promise<Section> {
  const stage = await startStage({ latencyMs: EMULATOR_LATENCY_MS });
  const app = await startAppProcess(stage, "bench/app-process.ts");
  try {
    // A warm-up, then each command a filter of its own, so Partner Central is asked again.
    await overheads(stage, ["opportunities"]);
    const lone: number[] = [];
    for (let i = 0; i < LONE; i++) {
      stage.emulator.resetCalls();
      lone.push(...(await overheads(stage, [`opportunities closing=${100 + i}`])));
    }
    const burst: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      stage.emulator.resetCalls();
      burst.push(
        ...(await overheads(
          stage,
          Array.from({ length: CONCURRENT }, () => `opportunities closing=${200 + round}`),
        )),
      );
    }
    const loneSummary = summarize(lone);
    const burstSummary = summarize(burst);
    return {
      id: "opportunities",
      title: "Opportunities: the answer beyond Partner Central (o)",
      method: `\`/partnercentral opportunities closing=N\` (what AWS asks action on first, then closing soonest: two lists, then the details of the ten rows shown, four at once), sent over HTTP to the real app in its own process, with Partner Central (the emulator, 30 sample opportunities) answering every call after ${EMULATOR_LATENCY_MS} ms. ${LONE} commands one at a time, then ${ROUNDS} rounds of ${CONCURRENT} identical commands at once (their reads shared); each N is new, so the lists are read again. The overhead is the time from the command's HTTP 200 to its answer at the response URL, less the time in it during which a Partner Central call was in flight.`,
      figures: [
        {
          name: "(o) acknowledgement to answer, beyond Partner Central, one at a time",
          unit: "ms",
          value: loneSummary,
          against: `median < ${LONE_OVERHEAD_MS} ms (the commands target)`,
          pass: loneSummary.median < LONE_OVERHEAD_MS,
        },
        {
          name: `(o) the same, ${CONCURRENT} at once`,
          unit: "ms",
          value: burstSummary,
          against: `median < ${BURST_OVERHEAD_MS} ms (the commands target)`,
          pass: burstSummary.median < BURST_OVERHEAD_MS,
        },
      ],
      notes: [
        "Commands at once ask for the same lists and details: each read is made once and shared (SharedReads), so the ten answers wait for one set of calls.",
      ],
    };
  } finally {
    await app.child.stop();
    await stage.close();
  }
}

const OPPORTUNITIES = 1_000;
const WINDOW_DAYS = 5;
const PAGE = 100;

/**
 * (p) A channel's digest with 1,000 opportunities in Partner Central: the list calls its "Opportunities
 * that need action" make against the fewest any client could (one filtered list of the Action Required
 * ones, one of those closing within the window or overdue, 100 a page), and the message within Slack's
 * limits.
 */
export async function digestOpportunitiesBenchmark(): Promise<Section> {
  const h = await startHarness({ emulator: { seed: { opportunities: OPPORTUNITIES } } });
  try {
    const open = [...h.emulator.state.opportunities.values()].filter(
      (o) => o.Catalog === "AWS" && (OPEN_STAGES as readonly string[]).includes(o.LifeCycle?.Stage ?? ""),
    );
    const before = new Date(Date.now() + (WINDOW_DAYS + 1) * 86_400_000).toISOString().slice(0, 10);
    const asked = open.filter((o) => o.LifeCycle?.ReviewStatus === ACTION_REQUIRED).length;
    const closing = open.filter((o) => (o.LifeCycle?.TargetCloseDate ?? "9999") < before).length;
    const minimum = Math.max(1, Math.ceil(asked / PAGE)) + Math.max(1, Math.ceil(closing / PAGE));
    const calls: number[] = [];
    const times: number[] = [];
    let message: { text: string; blocks: unknown[] } | undefined;
    for (let round = 0; round < 3; round++) {
      h.emulator.resetCalls();
      const started = performance.now();
      const since = h.standin.messages(CHANNEL).length;
      await runCommand(h.standin, "digest now");
      message = await h.standin.waitFor(() =>
        h.standin
          .messages(CHANNEL)
          .slice(since)
          .find((m) => !m.ephemeralFor && m.text.includes("need action")),
      );
      times.push(performance.now() - started);
      calls.push(h.emulator.calls.filter((c) => c.operation === "ListOpportunities").length);
    }
    const problems = message ? validateBlocks(message.blocks, "message") : ["no digest"];
    const characters = message ? textLength(message.blocks) : 0;
    const listCalls = summarize(calls);
    return {
      id: "digest-opportunities",
      title: "Digest with 1,000 opportunities (p)",
      method: `The emulator holds ${OPPORTUNITIES.toLocaleString("en")} sample opportunities (${open.length} open: ${asked} Action Required, ${closing} closing within ${WINDOW_DAYS} days or overdue) beside its sample invitations; \`/partnercentral digest now\` three times through the real app in this process (each reads Partner Central again: the digest shares no reads across runs older than 30 s, and these are apart by less, so the first counts).`,
      figures: [
        {
          name: "(p) ListOpportunities calls per digest",
          unit: "calls",
          value: summarize(calls.slice(0, 1)),
          against: `= the minimum, ${minimum} (${plural(Math.max(1, Math.ceil(asked / PAGE)), "page")} of the Action Required ones + ${plural(Math.max(1, Math.ceil(closing / PAGE)), "page")} of those closing soon)`,
          pass: (calls[0] ?? Number.POSITIVE_INFINITY) <= minimum,
        },
        {
          name: "(p) later digests within 30 s (answers shared)",
          unit: "calls",
          value: listCalls,
          against: "reported",
          pass: true,
        },
        {
          name: "(p) command to digest posted",
          unit: "ms",
          value: summarize(times),
          against: "reported",
          pass: true,
        },
        {
          name: "(p) message",
          unit: "blocks",
          value: summarize([message?.blocks.length ?? 0]),
          against: `Slack's limits: ≤ ${LIMITS.blocksPerMessage} blocks, ≤ ${LIMITS.blocksText.toLocaleString("en")} characters of text in blocks (${characters} here), no Block Kit errors`,
          pass: problems.length === 0 && characters <= LIMITS.blocksText,
        },
      ],
      notes: problems.length ? [`Block Kit problems: ${problems.join("; ")}`] : [],
    };
  } finally {
    await h.close();
  }
}
