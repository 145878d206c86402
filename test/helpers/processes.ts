import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

export interface Replica {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with each next line the process prints. */
  nextLine(): Promise<string>;
}

/** Runs a script of the test suite in a process of its own, on the same Node, reading what it prints line by line. */
export function startReplica(script: string, args: string[]): Replica {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  let output = "";
  let errors = "";
  const waiting: Array<(line: string) => void> = [];
  const lines: string[] = [];
  child.stderr.on("data", (chunk) => {
    errors += String(chunk);
  });
  child.stdout.on("data", (chunk) => {
    output += String(chunk);
    for (let end = output.indexOf("\n"); end >= 0; end = output.indexOf("\n")) {
      lines.push(output.slice(0, end));
      output = output.slice(end + 1);
    }
    while (lines.length > 0 && waiting.length > 0) waiting.shift()?.(lines.shift() as string);
  });
  const exited = new Promise<never>((_, reject) =>
    child.on("exit", (code) => reject(new Error(`replica exited (${code}) early:\n${errors}`))),
  );
  exited.catch(() => undefined);
  return {
    child,
    nextLine: () =>
      Promise.race([
        lines.length > 0
          ? Promise.resolve(lines.shift() as string)
          : new Promise<string>((resolve) => waiting.push(resolve)),
        exited,
      ]),
  };
}
