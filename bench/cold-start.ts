import { join } from "node:path";
import { freePort } from "../test/helpers/net.ts";
import { BARE_APP, startStage } from "./lib/environment.ts";
import { APP_NODE_OPTIONS, spawnNode, waitForHealthy } from "./lib/processes.ts";
import type { Figure, Section } from "./lib/report.ts";
import { summarize } from "./lib/stats.ts";

const ROUNDS = 5;
/** Issue 25: a first start and a restart each within 1.3 times the bare Bolt app started the same way. */
const RATIO_TARGET = 1.3;

/**
 * (d) From spawning the app as `npm start` does (Slack mode) to GET /healthz answering 200, next to the
 * bare Bolt app on plain Node in the same run, with the environment the container image gives both.
 */
export async function coldStartBenchmark(): Promise<Section> {
  const stage = await startStage();
  try {
    const time = async (file: string, env: Record<string, string>) => {
      const started = performance.now();
      const child = spawnNode(file, env, file === BARE_APP ? [] : APP_NODE_OPTIONS);
      try {
        return (await waitForHealthy(`http://127.0.0.1:${env.PORT}/healthz`, child)) - started;
      } finally {
        await child.stop();
      }
    };
    const app = "src/main.ts";
    const bare: number[] = [];
    const fresh: number[] = [];
    const restart: number[] = [];
    const noCache: number[] = [];
    const reused = join(stage.dataDir, "restarted");
    // Creates the data directory the restarts reuse, and fills the compile cache.
    await time(app, stage.appEnv(await freePort(), { DATA_DIR: reused }));
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(await time(BARE_APP, stage.appEnv(await freePort())));
      fresh.push(await time(app, stage.appEnv(await freePort())));
      restart.push(await time(app, stage.appEnv(await freePort(), { DATA_DIR: reused })));
      const emptyCache = join(stage.dataDir, `compile-cache-${round}`);
      noCache.push(await time(app, stage.appEnv(await freePort(), { NODE_COMPILE_CACHE: emptyCache })));
    }
    const bareMedian = summarize(bare).median;
    const ratio = (values: number[]) => summarize(values.map((ms) => ms / bareMedian));
    const figures: Figure[] = [
      {
        name: "(d) bare Bolt app on plain Node",
        unit: "ms",
        value: summarize(bare),
        against: "the comparison for the rows below",
        pass: true,
        before: "420 ms",
      },
      {
        name: "(d) the app, first start (empty data directory)",
        unit: "ms",
        value: summarize(fresh),
        against: "reported; ratio below",
        pass: true,
        before: "1.4–1.5 s",
      },
      {
        name: "(d) the app, restart (existing data directory)",
        unit: "ms",
        value: summarize(restart),
        against: "reported; ratio below",
        pass: true,
        before: "1.4–1.5 s",
      },
      {
        name: "(d) the app, with an empty compile cache (a new volume's first start)",
        unit: "ms",
        value: summarize(noCache),
        against: "reported",
        pass: true,
      },
    ];
    for (const [name, values] of [
      ["first start", fresh],
      ["restart", restart],
    ] as const) {
      const value = ratio(values);
      figures.push({
        name: `(d) ${name} ÷ bare Bolt app (median of this run)`,
        unit: "×",
        value,
        against: `median ≤ ${RATIO_TARGET}×`,
        pass: value.median <= RATIO_TARGET,
        before: "3.3–4×",
      });
    }
    return {
      id: "cold-start",
      title: "Cold start to /healthz 200 (d)",
      method: `${ROUNDS} rounds, each starting the bare Bolt app (\`node bench/bare-app.ts\`), the app as \`npm start\` runs it (\`node ${APP_NODE_OPTIONS.join(" ")} src/main.ts\`) on a new data directory, again on one it used before, and once more with an empty compile cache, one after another, in Slack mode against the Slack stand-in and the emulator, timed from spawning the process to the first 200 from GET /healthz (polled every 5 ms), then stopped with SIGTERM. Both apps get the environment the container image sets, NODE_COMPILE_CACHE included.`,
      figures,
      notes: [
        "The app runs its TypeScript on Node's own type stripping, one process. With NODE_COMPILE_CACHE (the image keeps it on the data volume) Node reuses what it compiled, with the types already stripped, and does not load its type stripper; an empty cache is the first start of a new volume.",
        "What the app loads beyond the bare app: the two Partner Central SDK clients, zod, pino, node-cron and prom-client, and its own modules; it leaves out Express (Bolt's index loads it), the Socket Mode client without SLACK_APP_TOKEN and the SQS client without EVENTS_QUEUE_URL (test/footprint/loaded-modules.test.ts).",
      ],
    };
  } finally {
    await stage.close();
  }
}
