import type { EmulatorState } from "../dev/emulator/index.ts";
import { createRng } from "../dev/emulator/random.ts";
import { validateBlocks } from "../dev/slack-standin/validate.ts";
import { LIMITS, textLength } from "../src/slack/blocks/text.ts";
import { CHANNEL, VIEWER } from "../test/helpers/harness.ts";
import type { DigestDone, DigestRound } from "./digest-process.ts";
import { type Stage, startAppProcess, startStage } from "./lib/environment.ts";
import { APP_NODE_OPTIONS, nextMessage, spawnWithIpc } from "./lib/processes.ts";
import type { Figure, Section } from "./lib/report.ts";
import { summarize } from "./lib/stats.ts";

const PER_KIND = 5_000;
const WINDOW_DAYS = 5;
const ROUNDS = 5;
const RENDERS = 50;
/** Connection invitations name their partner by id; one ListConnections gives the names, kept 10 minutes. */
const NAMES_CALL = "and at most one ListConnections for the partners' names";
/** Issue 25's targets for a digest of 10,000. */
const RENDER_P99_MS = 50;
const PEAK_RSS_MB = 150;
const DAY_MS = 86_400_000;
const LIFETIME_MS = 15 * DAY_MS;
const PAGE = 100;
/** Slack's limits for one message, as the digest renderer budgets them. */
const MAX_BLOCKS = LIMITS.blocksPerMessage;

/**
 * 10,000 pending invitations we received, half of each kind, sent over the last 15 days at an even rate
 * (both kinds live 15 days), so expiries spread evenly over the next 15 days.
 */
function seed(stage: Stage): void {
  const rng = createRng(10_000);
  const now = Date.now();
  const sentAt = () => new Date(Math.floor((now - rng() * LIFETIME_MS) / 1000) * 1000);
  for (let i = 0; i < PER_KIND; i++) {
    const invited = sentAt();
    stage.emulator.addEngagementInvitation({
      InvitationDate: invited,
      ExpirationDate: new Date(invited.getTime() + LIFETIME_MS),
      Status: "PENDING",
      ParticipantType: "RECEIVER",
    });
    const created = sentAt();
    stage.emulator.addConnectionInvitation({
      CreatedAt: created,
      UpdatedAt: created,
      ExpiresAt: new Date(created.getTime() + LIFETIME_MS),
      Status: "PENDING",
      ParticipantType: "RECEIVER",
    });
  }
}

/**
 * The fewest calls any client could make: every page of 100 pending received connection invitations (the
 * API cannot filter by expiry), and the engagement invitation pages, oldest first, up to the last one that
 * can expire within the window.
 */
function minimumCalls(state: EmulatorState, now: number): number {
  const deadline = now + WINDOW_DAYS * DAY_MS;
  const pending = (i: { Catalog: string; Status: string; ParticipantType: string }) =>
    i.Catalog === "AWS" && i.Status === "PENDING" && i.ParticipantType === "RECEIVER";
  const engagements = [...state.engagementInvitations.values()]
    .filter(pending)
    .sort((a, b) => a.InvitationDate.getTime() - b.InvitationDate.getTime() || a.Id.localeCompare(b.Id));
  const lastExpiring = engagements.findLastIndex(
    (i) => (i.ExpirationDate?.getTime() ?? i.InvitationDate.getTime() + LIFETIME_MS) <= deadline,
  );
  const connections = [...state.connectionInvitations.values()].filter(pending).length;
  return Math.ceil((lastExpiring + 1) / PAGE) + Math.ceil(connections / PAGE);
}

function withinLimits(message: { text: string; blocks: unknown[] }): string[] {
  const problems = validateBlocks(message.blocks, "message");
  const characters = textLength(message.blocks);
  if (characters > LIMITS.blocksText) problems.push(`${characters} characters of text in blocks`);
  if (message.text.length > 40_000) problems.push(`${message.text.length} characters of text`);
  return problems;
}

const MB = 2 ** 20;
const single = (value: number) => summarize([value]);

/** The digest through the fetch and render path, then once more through `/partnercentral digest now`. */
export async function digestBenchmark(): Promise<Section> {
  const stage = await startStage({ seed: false });
  try {
    seed(stage);
    // As the app runs: npm start's options and the image's compile cache, filled by a first start.
    const start = () =>
      spawnWithIpc(
        "bench/digest-process.ts",
        {
          AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: stage.emulator.url,
          AWS_ENDPOINT_URL_PARTNERCENTRAL_ACCOUNT: stage.emulator.url,
          AWS_ACCESS_KEY_ID: "AKIDBENCHMARK",
          AWS_SECRET_ACCESS_KEY: "benchmark-secret",
          NODE_COMPILE_CACHE: stage.appEnv(0).NODE_COMPILE_CACHE as string,
          WINDOW_DAYS: String(WINDOW_DAYS),
          RENDERS: String(RENDERS),
        },
        { nodeOptions: APP_NODE_OPTIONS },
      );
    const filling = start();
    await nextMessage(filling, "ready");
    await filling.stop();
    const child = start();
    const rounds: Array<DigestRound & { calls: number; minimum: number }> = [];
    try {
      await nextMessage(child, "ready");
      for (let i = 0; i < ROUNDS; i++) {
        const before = stage.emulator.calls.length;
        child.process.send({ type: "round" });
        const round = await nextMessage<DigestRound>(child, "round-done");
        rounds.push({
          ...round,
          calls: stage.emulator.calls.length - before,
          minimum: minimumCalls(stage.emulator.state, round.now),
        });
      }
      child.process.send({ type: "finish" });
      const done = await nextMessage<DigestDone>(child, "done");
      const first = rounds[0] as (typeof rounds)[number];
      const problems = withinLimits(first.message);
      const viaCommand = await digestNow(stage);
      const calls = summarize(rounds.map((r) => r.calls));
      const minimum = Math.max(...rounds.map((r) => r.minimum));
      const render = summarize(done.renderMs);
      const figures: Figure[] = [
        {
          name: "(c) Partner Central calls",
          unit: "calls",
          value: calls,
          against: `the minimum, ${minimum} (${Math.ceil(PER_KIND / PAGE)} connection pages + ${minimum - Math.ceil(PER_KIND / PAGE)} engagement pages), ${NAMES_CALL}`,
          pass: calls.p99 <= minimum + 1,
          before: "67–68 calls",
        },
        {
          name: "(c) wall time, fetch + select + render",
          unit: "ms",
          value: summarize(rounds.map((r) => r.wallMs)),
          against: "reported (the calls above are the target)",
          pass: true,
        },
        {
          name: "(c) render time",
          unit: "ms",
          value: render,
          against: `p99 < ${RENDER_P99_MS} ms`,
          pass: render.p99 < RENDER_P99_MS,
          before: "p99 130 ms",
        },
        {
          name: "(c) peak RSS of the digest process",
          unit: "MB",
          value: single(done.maxRssBytes / MB),
          against: `≤ ${PEAK_RSS_MB} MB (the process idles at ${(done.baselineRssBytes / MB).toFixed(0)} MB before fetching)`,
          pass: done.maxRssBytes <= PEAK_RSS_MB * MB,
          before: "277 MB",
        },
        {
          name: "(c) message: blocks",
          unit: "blocks",
          value: single(first.message.blocks.length),
          against: `Slack's limits: ≤ ${MAX_BLOCKS} blocks, ≤ ${LIMITS.blocksText.toLocaleString("en")} characters of text in blocks (Slack refuses about 13,000: msg_blocks_too_long), no Block Kit errors`,
          pass: problems.length === 0,
        },
        ...viaCommand.figures,
      ];
      return {
        id: "digest",
        title: "Digest of 10,000 pending invitations (c)",
        method: `The emulator holds ${PER_KIND.toLocaleString("en")} pending engagement invitations and ${PER_KIND.toLocaleString("en")} pending connection invitations, all received, sent over the last 15 days at an even rate (seeded PRNG), so their expiries spread evenly over the next 15 days. ${ROUNDS} rounds of the digest's fetch and render path (\`fetchExpiring\` + \`renderExpiring\`, window ${WINDOW_DAYS} days) run in a process of their own, with the real AWS SDK clients; render time is ${RENDERS} renders of the last selection; then \`/partnercentral digest now\` through the real app.`,
        figures,
        notes: [
          `Each round selected ${first.selected.toLocaleString("en")} invitations expiring within ${WINDOW_DAYS} days; the message shows what fits and summarises the rest behind Show all (${first.message.blocks.length} blocks, ${textLength(first.message.blocks).toLocaleString("en")} characters of text${problems.length ? `; problems: ${problems.join("; ")}` : ""}).`,
          ...viaCommand.notes,
        ],
      };
    } finally {
      await child.stop();
    }
  } finally {
    await stage.close();
  }
}

/** `/partnercentral digest now` through the real app: calls and time until the digest is posted. */
async function digestNow(stage: Stage): Promise<{ figures: Figure[]; notes: string[] }> {
  const app = await startAppProcess(stage, "bench/app-process.ts");
  try {
    const walls: number[] = [];
    const calls: number[] = [];
    let minimum = 0;
    for (let i = 0; i < 3; i++) {
      const before = stage.emulator.calls.length;
      const posts = stage.standin.callsTo("chat.postMessage").length;
      const started = Date.now();
      const sent = await stage.standin.slashCommand({
        text: "digest now",
        userId: VIEWER,
        channelId: CHANNEL,
      });
      if (sent.status !== 200) throw new Error(`digest now was answered ${sent.status}`);
      const posted = await stage.standin.waitFor(
        () =>
          stage.standin
            .callsTo("chat.postMessage")
            .slice(posts)
            .find((c) => c.args.channel === CHANNEL),
        120_000,
      );
      walls.push(posted.at.getTime() - started);
      calls.push(stage.emulator.calls.length - before);
      minimum = Math.max(minimum, minimumCalls(stage.emulator.state, started));
    }
    const digest = stage.standin
      .messages(CHANNEL)
      .filter((m) => m.ephemeralFor === undefined)
      .at(-1);
    const problems = !digest
      ? ["nothing was posted"]
      : /expire within/.test(digest.text)
        ? withinLimits(digest)
        : [`the post was not a digest: ${digest.text.slice(0, 120)}`];
    const callSummary = summarize(calls);
    return {
      figures: [
        {
          name: "(c) `digest now`: Partner Central calls",
          unit: "calls",
          value: callSummary,
          against: `the minimum, ${minimum}, ${NAMES_CALL}`,
          pass: callSummary.p99 <= minimum + 1,
        },
        {
          name: "(c) `digest now`: command to digest posted",
          unit: "ms",
          value: summarize(walls),
          against: "reported, with the message within Slack's limits as posted",
          pass: problems.length === 0,
        },
      ],
      notes: problems.length ? [`The posted digest broke Slack's limits: ${problems.join("; ")}.`] : [],
    };
  } finally {
    await app.child.stop();
  }
}
