// @ts-check
// The embedded database's own thread (see pglite-adapter.ts). Plain JavaScript, because a worker thread
// loads its file with Node's own loader, whatever runs the app (tsx, vitest or node).
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

/** @param {unknown} err */
function describe(err) {
  if (err instanceof Error) {
    const code = /** @type {{ code?: unknown }} */ (err).code;
    return { message: err.message, name: err.name, code: typeof code === "string" ? code : undefined };
  }
  return { message: String(err), name: "Error", code: undefined };
}

/** @type {PGlite} */
let db;
try {
  db = await PGlite.create(workerData.dataDir);
  if (workerData.searchPath) await db.query(`SET search_path TO ${workerData.searchPath}`);
} catch (err) {
  parentPort?.postMessage({ type: "failed", error: describe(err) });
  process.exit(1);
}

parentPort?.on(
  "message",
  async (/** @type {{ id: number, op: string, sql: string, params?: unknown[] }} */ m) => {
    try {
      if (m.op === "query") {
        const result = await db.query(m.sql, m.params);
        parentPort?.postMessage({ id: m.id, rows: result.rows });
      } else if (m.op === "exec") {
        await db.exec(m.sql);
        parentPort?.postMessage({ id: m.id, rows: [] });
      } else {
        await db.close();
        parentPort?.postMessage({ id: m.id, rows: [] });
        parentPort?.close();
      }
    } catch (err) {
      parentPort?.postMessage({ id: m.id, error: describe(err) });
    }
  },
);
parentPort?.postMessage({ type: "ready" });
