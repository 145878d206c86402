import { constants } from "node:fs";
import { access, mkdir, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { type Adapter, quoteIdent, type Row, type Session } from "./adapter.js";
import { reasonOf, StoreError } from "./errors.js";

interface WorkerError {
  message: string;
  name: string;
  code?: string;
}
type Reply = { id: number; rows: Row[] } | { id: number; error: WorkerError };
type Lifecycle = { type: "ready" } | { type: "failed"; error: WorkerError };

function toError(error: WorkerError): Error {
  return Object.assign(new Error(error.message), { name: error.name, code: error.code });
}

/**
 * PGlite runs in a worker thread of its own: its WebAssembly executes every statement synchronously, and
 * in the app's thread each one held up acknowledging and answering Slack for that long (BENCHMARKS.md,
 * slash commands b). It is one connection, so a session is the database itself; only the migrator uses
 * sessions, before the store is handed out, so no other statement can interleave.
 * A data directory must not be shared by several processes: PGlite does not lock it.
 */
export async function openPgliteAdapter(options: { dataDir?: string; schema?: string }): Promise<Adapter> {
  const dir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dir !== undefined) await prepareDataDir(dir);
  const description = dir === undefined ? "the in-memory PGlite database" : `the PGlite database in ${dir}`;

  const worker = new Worker(new URL("./pglite-worker.mjs", import.meta.url), {
    workerData: {
      dataDir: dir,
      searchPath: options.schema === undefined ? undefined : quoteIdent(options.schema),
    },
  });
  const pending = new Map<number, { resolve: (rows: Row[]) => void; reject: (err: Error) => void }>();
  let nextId = 0;
  let stopped: Error | undefined;
  let ready = () => {};
  let failed = (_reason: Error) => {};
  const opened = new Promise<void>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  const stop = (reason: Error) => {
    stopped ??= reason;
    failed(stopped);
    for (const waiting of pending.values()) waiting.reject(stopped);
    pending.clear();
  };
  worker.on("message", (message: Lifecycle | Reply) => {
    if ("type" in message) {
      if (message.type === "ready") ready();
      else stop(toError(message.error));
      return;
    }
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if ("error" in message) waiting?.reject(toError(message.error));
    else waiting?.resolve(message.rows);
  });
  worker.on("error", (err) =>
    stop(new StoreError(`The thread running ${description} failed: ${reasonOf(err)}.`, { cause: err })),
  );
  worker.on("exit", () => stop(new StoreError(`The thread running ${description} has stopped.`)));

  try {
    await opened;
  } catch (err) {
    await worker.terminate();
    throw new StoreError(`Cannot open ${description}: ${reasonOf(err)}.`, { cause: err });
  }

  const send = (op: "query" | "exec" | "close", sql = "", params?: readonly unknown[]) =>
    new Promise<Row[]>((resolve, reject) => {
      if (stopped) {
        reject(stopped);
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, sql, params });
    });
  const query = <R extends Row>(sql: string, params?: readonly unknown[]) =>
    send("query", sql, params) as Promise<R[]>;
  const session: Session = {
    query,
    exec: async (script) => {
      await send("exec", script);
    },
  };
  return {
    description,
    query,
    withSession: (fn) => fn(session),
    close: async () => {
      if (stopped) return;
      await send("close");
      await worker.terminate();
    },
  };
}

// PGlite reports filesystem problems as opaque objects, so check the directory ourselves first.
async function prepareDataDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    if (!(await stat(dir)).isDirectory()) throw new Error("it is not a directory");
    await access(dir, constants.R_OK | constants.W_OK);
  } catch (err) {
    throw new StoreError(`The data directory ${dir} is not a writable directory (${reasonOf(err)}).`, {
      cause: err,
    });
  }
}
