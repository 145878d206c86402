import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

/**
 * The options `npm start` gives Node (package.json's start script, which the container image runs too),
 * for the real app; the bare Bolt app runs on plain Node.
 */
export const APP_NODE_OPTIONS: string[] = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } }
).scripts.start
  .split(/\s+/)
  .filter((arg) => arg.startsWith("--"));

export interface Child {
  process: ChildProcess;
  /** What it printed, for a failure report. */
  output(): string;
  exited: Promise<number | null>;
  /** IPC messages not yet taken by nextMessage, oldest first. */
  inbox: Array<{ type: string }>;
  stop(): Promise<void>;
}

/** Only what the child needs: no AWS profile or credentials of the machine leak in. */
function childEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_NO_WARNINGS: "1", ...env };
}

function track(child: ChildProcess): Child {
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const inbox: Array<{ type: string }> = [];
  child.on("message", (message: { type: string }) => inbox.push(message));
  return {
    process: child,
    output: () => output,
    exited,
    inbox,
    async stop() {
      const signal = (name: NodeJS.Signals) => {
        if (child.pid === undefined) return;
        try {
          process.kill(child.pid, name);
        } catch {
          // Already gone.
        }
      };
      if (child.exitCode === null && child.signalCode === null) signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * `node [options] <file>`: with APP_NODE_OPTIONS and src/main.ts, exactly as `npm start` runs the app;
 * in the repository unless `where` names another directory (and user).
 */
export function spawnNode(
  file: string,
  env: Record<string, string>,
  nodeOptions: string[] = [],
  where: { cwd?: string; uid?: number; gid?: number } = {},
): Child {
  return track(
    spawn(process.execPath, [...nodeOptions, file], {
      cwd: ROOT,
      ...where,
      env: childEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
}

/** The same, with an IPC channel (and `global.gc` when asked for). */
export function spawnWithIpc(
  file: string,
  env: Record<string, string>,
  options: { gc?: boolean; nodeOptions?: string[] } = {},
): Child {
  const args = [...(options.nodeOptions ?? []), ...(options.gc ? ["--expose-gc"] : []), file];
  return track(
    spawn(process.execPath, args, {
      cwd: ROOT,
      env: childEnv(env),
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    }),
  );
}

/** The oldest IPC message of this type not taken yet, waiting for it if need be. */
export async function nextMessage<T extends { type: string }>(child: Child, type: T["type"]): Promise<T> {
  for (;;) {
    const index = child.inbox.findIndex((m) => m.type === type);
    if (index >= 0) return child.inbox.splice(index, 1)[0] as T;
    const arrived = once(child.process, "message").then(() => undefined);
    const exit = await Promise.race([arrived, child.exited.then((code) => ({ code }))]);
    if (exit) throw new Error(`child exited (${exit.code}) before sending "${type}":\n${child.output()}`);
  }
}

/** Polls until GET `url` answers 200; returns when it did (performance.now()). */
export async function waitForHealthy(url: string, child: Child, timeoutMs = 60_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void child.exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return performance.now();
    } catch {
      // Not listening yet.
    }
    if (exitCode !== undefined)
      throw new Error(`exited (${exitCode}) before ${url} answered:\n${child.output()}`);
    if (performance.now() > deadline)
      throw new Error(`${url} not healthy within ${timeoutMs} ms:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
