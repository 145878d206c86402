import { type ChildProcess, spawn } from "node:child_process";

export interface MainProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
  /** Its JSON log lines so far (LOG_LEVEL=info or lower to see them). */
  logLines: () => Array<Record<string, unknown>>;
  exited: Promise<number | null>;
  /** SIGTERM, as an operator stops it; resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Runs the real entry point, as `npm start` does, with exactly the environment given. */
export function startMain(env: Record<string, string>): MainProcess {
  let output = "";
  const child = spawn(process.execPath, ["src/main.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_NO_WARNINGS: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    logLines: () =>
      output.split("\n").flatMap((line) => {
        if (!line.startsWith("{")) return [];
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    exited,
    stop: () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Kills what is still running of these (SIGKILL, as a crash would) and waits for each to exit. */
export async function killAll(processes: MainProcess[]): Promise<void> {
  for (const started of processes.splice(0)) {
    if (started.child.exitCode === null && started.child.pid) process.kill(started.child.pid, "SIGKILL");
    await started.exited;
  }
}

/** Polls `probe` until it gives a value, for what only shows from outside (output, files, HTTP). */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
