import { execFile } from "node:child_process";
import { chmod, chown, cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Child, spawnNode, waitForHealthy } from "../../bench/lib/processes.ts";
import { type Emulator, startEmulator } from "../../dev/emulator/index.ts";
import type { SlackStandin } from "../../dev/slack-standin/index.ts";
import { BOT_TOKEN, CHANNEL, SIGNING_SECRET, startStandin, VIEWER } from "../helpers/harness.ts";
import { freePort } from "../helpers/net.ts";
import { all, envOf, execForm, readDockerfile } from "./dockerfile.ts";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");
const stages = readDockerfile(join(ROOT, "Dockerfile"));
const [build, image] = [stages[0], stages.at(-1)] as [(typeof stages)[0], (typeof stages)[0]];
const packageJson = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
  scripts: { start: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
/** An unprivileged user, as the image's USER is; only root can switch to it. */
const NOBODY = 65_534;
const asRoot = process.getuid?.() === 0;

describe("Dockerfile", () => {
  it("builds in two stages from Node 24 slim, production dependencies only, from the lockfile", () => {
    expect(stages).toHaveLength(2);
    for (const stage of stages) expect(stage.from).toMatch(/^node:24\.\d+\.\d+-bookworm-slim$/);
    expect(all(build, "RUN").map((i) => i.args)).toEqual(["npm ci --omit=dev --no-audit --no-fund"]);
    expect(all(image, "COPY").map((i) => i.args)).toEqual([
      `--from=${build.alias} /app/node_modules ./node_modules`,
      "package.json ./",
      "src ./src",
    ]);
  });

  it("runs npm start's command as a user who is not root, with its data on a volume and a health check", () => {
    expect(all(image, "USER").map((i) => i.args)).toEqual(["node"]);
    expect(execForm(all(image, "CMD")[0]?.args ?? "")).toEqual(packageJson.scripts.start.split(" "));
    const env = envOf(image);
    expect(all(image, "VOLUME").map((i) => execForm(i.args))).toEqual([[env.DATA_DIR]]);
    expect(env.NODE_COMPILE_CACHE?.startsWith(`${env.DATA_DIR}/`)).toBe(true);
    expect(all(image, "HEALTHCHECK")[0]?.args).toContain("/healthz");
    // Stopped with SIGTERM, Docker's default stop signal, which the app drains on.
    expect(all(image, "STOPSIGNAL")).toEqual([]);
  });

  it("sends only the package files and src/ to the build", async () => {
    const ignore = (await readFile(join(ROOT, ".dockerignore"), "utf8"))
      .split("\n")
      .filter((line) => line && !line.startsWith("#"));
    expect(ignore).toEqual(["*", "!package.json", "!package-lock.json", "!src/"]);
  });
});

/**
 * The image's steps on this machine, which has no Docker: a clean directory, `npm ci --omit=dev` from the
 * lockfile, the image's files, its environment, and its command run as an unprivileged user, with
 * everything read-only but the data directory; then /healthz and a command in Slack mode against the
 * stand-ins.
 */
describe("installed and started as the image does", () => {
  let dir: string;
  let app: string;
  let data: string;
  let standin: SlackStandin;
  let emulator: Emulator;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pc-image-"));
    const dependencies = join(dir, "dependencies");
    app = join(dir, "app");
    data = join(dir, "data");
    await mkdir(dependencies);
    for (const file of ["package.json", "package-lock.json"])
      await cp(join(ROOT, file), join(dependencies, file));
    // The image's `npm ci`; with --prefer-offline it takes what the cache has (CI's own `npm ci` just
    // filled it) before the registry.
    const npmCi = all(build, "RUN")[0]?.args ?? "";
    const [npm = "", ...args] = npmCi.split(" ");
    await run(npm, [...args, "--prefer-offline"], { cwd: dependencies, timeout: 240_000 });
    await mkdir(app);
    await cp(join(dependencies, "node_modules"), join(app, "node_modules"), { recursive: true });
    await cp(join(ROOT, "package.json"), join(app, "package.json"));
    await cp(join(ROOT, "src"), join(app, "src"), { recursive: true });
    await run("chmod", ["-R", "a-w", app]);
    await mkdir(data);
    if (asRoot) await chown(data, NOBODY, NOBODY);
    await chmod(dir, 0o755);
    standin = await startStandin();
    emulator = await startEmulator();
  }, 300_000);

  afterAll(async () => {
    await standin?.close();
    await emulator?.close();
    if (dir) {
      await run("chmod", ["-R", "u+w", dir]);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("installs the production dependencies and nothing else", async () => {
    const installed = new Set(await readdir(join(app, "node_modules")));
    for (const name of Object.keys(packageJson.dependencies))
      expect(installed.has(name.split("/")[0] as string)).toBe(true);
    for (const name of ["vitest", "typescript", "node", "@biomejs", "playwright-core", "esbuild", "tsx"])
      expect(installed.has(name), name).toBe(false);
  });

  /** The image's command with its environment, data at our directory, in Slack mode against the stand-ins. */
  const start = async (): Promise<{ child: Child; port: number }> => {
    const port = await freePort();
    const imageEnv = envOf(image);
    const env = Object.fromEntries(
      Object.entries(imageEnv).map(([key, value]) => [key, value.replace(imageEnv.DATA_DIR as string, data)]),
    );
    const [, ...command] = execForm(all(image, "CMD")[0]?.args ?? "");
    const child = spawnNode(
      command.at(-1) as string,
      {
        ...env,
        HOME: data,
        PORT: String(port),
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: standin.apiUrl,
        LOG_LEVEL: "warn",
        AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: emulator.url,
        AWS_ENDPOINT_URL_PARTNERCENTRAL_ACCOUNT: emulator.url,
        AWS_ACCESS_KEY_ID: "AKIDIMAGE",
        AWS_SECRET_ACCESS_KEY: "image-secret",
      },
      command.slice(0, -1),
      { cwd: app, ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) },
    );
    await waitForHealthy(`http://127.0.0.1:${port}/healthz`, child, 60_000);
    return { child, port };
  };

  it("answers /healthz and a command, passes its health check, and stops cleanly on SIGTERM, twice", async () => {
    for (const round of ["first start", "restart"]) {
      const { child, port } = await start();
      try {
        const [, ...check] = execForm(all(image, "HEALTHCHECK")[0]?.args ?? "");
        await run(process.execPath, check, { env: { PATH: process.env.PATH ?? "", PORT: String(port) } });
        standin.setAppUrl(`http://127.0.0.1:${port}`);
        const sent = await standin.slashCommand({ text: "engagements", userId: VIEWER, channelId: CHANNEL });
        expect(sent.status, round).toBe(200);
        const answer = await standin.waitFor(
          () => standin.messages(CHANNEL).find((m) => m.responseUrl === sent.responseUrl),
          15_000,
        );
        expect(answer.text, round).toMatch(/Engagement invitations/);
      } finally {
        await child.stop();
      }
      expect(await child.exited, `${round}:\n${child.output()}`).toBe(0);
    }
    const written = await readdir(data);
    expect(written).toContain("partnercentral.sqlite");
    expect(written).toContain(".node-compile-cache");
    if (asRoot) expect((await stat(join(data, "partnercentral.sqlite"))).uid).toBe(NOBODY);
  }, 120_000);
});
