import { constants } from "node:fs";
import { access, mkdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import type { Adapter, Row, Session } from "./adapter.ts";
import { reasonOf, StoreError } from "./errors.ts";
import { sqliteStatements } from "./statements.ts";

export const DATABASE_FILE = "partnercentral.sqlite";

const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

/** How long a statement waits for another process's write to finish before it fails. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * SQLite through Node's own `node:sqlite`: one file in the data directory, or in memory without one.
 * Statements run synchronously on the calling thread; each takes microseconds, less than posting them to
 * another thread would. WAL lets readers go on while one process writes, and the busy timeout makes a
 * second process on the same file wait its turn instead of failing. A write of several statements is a
 * transaction that takes the write lock at once (BEGIN IMMEDIATE); the one connection is shared by the
 * whole process, so every other statement waits until that transaction has ended.
 */
export async function openSqliteAdapter(options: { dataDir?: string }): Promise<Adapter> {
  const dir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dir !== undefined) await prepareDataDir(dir);
  const file = dir === undefined ? ":memory:" : join(dir, DATABASE_FILE);
  const description = dir === undefined ? "the in-memory SQLite database" : `the SQLite database ${file}`;

  const damaged = (reason: string) =>
    `The file ${file} is not a SQLite database or is damaged (${reason}); it was left as it is: restore it from a backup, or move it aside to start with an empty database.`;
  let db: DatabaseSync | undefined;
  let problems: string | undefined;
  try {
    db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS });
    // Checked before anything is written, so that a damaged file is left exactly as it was found.
    problems = integrityProblems(db);
    // NORMAL is durable across a crash of the app in WAL mode; only a power loss can undo the last commits.
    if (problems === undefined) db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  } catch (err) {
    db?.close();
    const code = (err as { errcode?: unknown }).errcode;
    const message =
      code === SQLITE_CORRUPT || code === SQLITE_NOTADB
        ? damaged(reasonOf(err))
        : `Cannot open ${description} (${reasonOf(err)}).`;
    throw new StoreError(message, { cause: err });
  }
  if (problems !== undefined) {
    db.close();
    throw new StoreError(damaged(problems));
  }
  const open = db;

  const prepared = new Map<string, StatementSync>();
  const statement = (sql: string): StatementSync => {
    let found = prepared.get(sql);
    if (!found) {
      found = open.prepare(sql.replace(/\$(\d+)/g, "?$1"));
      prepared.set(sql, found);
    }
    return found;
  };
  const queryNow = async <R extends Row>(sql: string, params: readonly unknown[] = []): Promise<R[]> =>
    statement(sql).all(...params.map(toSqlite)) as R[];
  const runNow = async (sql: string, params: readonly unknown[] = []): Promise<number> =>
    Number(statement(sql).run(...params.map(toSqlite)).changes);

  // The open transaction, which every other statement waits for. Checked again after each wait (another
  // transaction may have begun meanwhile), and nothing is awaited between the last check and the statement.
  let inTransaction: Promise<void> | undefined;
  const query = async <R extends Row>(sql: string, params?: readonly unknown[]): Promise<R[]> => {
    while (inTransaction) await inTransaction;
    return queryNow<R>(sql, params);
  };
  const run = async (sql: string, params?: readonly unknown[]): Promise<number> => {
    while (inTransaction) await inTransaction;
    return runNow(sql, params);
  };
  const session: Session = {
    query: queryNow,
    run: runNow,
    exec: async (script) => open.exec(script),
    transaction: async (body) => {
      open.exec("SAVEPOINT migration");
      try {
        const result = await body();
        open.exec("RELEASE migration");
        return result;
      } catch (err) {
        if (open.isTransaction) open.exec("ROLLBACK TO migration; RELEASE migration");
        throw err;
      }
    },
  };

  const transaction = async <T>(fn: (tx: Session) => Promise<T>): Promise<T> => {
    while (inTransaction) await inTransaction;
    let ended: () => void = () => undefined;
    inTransaction = new Promise((resolve) => {
      ended = resolve;
    });
    try {
      open.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn(session);
        open.exec("COMMIT");
        return result;
      } catch (err) {
        // SQLite has already rolled back after some failures (a full disk, for one).
        if (open.isTransaction) open.exec("ROLLBACK");
        throw err;
      }
    } finally {
      inTransaction = undefined;
      ended();
    }
  };

  return {
    dialect: "sqlite",
    statements: sqliteStatements,
    description,
    query,
    run,
    // IMMEDIATE takes the write lock at once, so a second process waits here until the first has migrated.
    withMigrationLock: transaction,
    transaction,
    close: async () => {
      if (open.isOpen) open.close();
    },
  };
}

/** SQLite takes numbers, strings, null and bytes: Dates become epoch milliseconds, lists JSON arrays. */
function toSqlite(value: unknown): SQLInputValue {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "boolean") return value ? 1 : 0;
  if (Array.isArray(value)) return JSON.stringify(value);
  return (value ?? null) as SQLInputValue;
}

async function prepareDataDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    if (!(await stat(dir)).isDirectory()) throw new Error("it is not a directory");
    await access(dir, constants.R_OK | constants.W_OK);
  } catch (err) {
    throw new StoreError(
      `The data directory ${dir} is not a writable directory (${reasonOf(err)}); set DATA_DIR to one the app may write to.`,
      { cause: err },
    );
  }
  // PGlite, which earlier versions of the app used, kept a PostgreSQL data directory right in DATA_DIR.
  if (await exists(join(dir, "PG_VERSION"))) {
    throw new StoreError(
      `DATA_DIR ${dir} holds a PGlite database from an earlier version of this app, which now keeps its data in SQLite; it was left as it is: move it aside, or export it to PostgreSQL (README, "Upgrading from PGlite"), then start again.`,
    );
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** What SQLite's quick check found wrong, or undefined when the file is sound. */
function integrityProblems(db: DatabaseSync): string | undefined {
  const rows = db.prepare("PRAGMA quick_check").all() as Array<{ quick_check: string }>;
  return rows[0]?.quick_check === "ok" ? undefined : rows.map((r) => r.quick_check).join("; ");
}
