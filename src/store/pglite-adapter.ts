import { constants } from "node:fs";
import { access, mkdir, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type Adapter, quoteIdent, type Row, type Session } from "./adapter.js";
import { reasonOf, StoreError } from "./errors.js";

/**
 * PGlite is one connection in this process, so a session is the database itself. Only the migrator
 * uses sessions, before the store is handed out, so no other statement can interleave.
 * A data directory must not be shared by several processes: PGlite does not lock it.
 */
export async function openPgliteAdapter(options: { dataDir?: string; schema?: string }): Promise<Adapter> {
  const dir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dir !== undefined) await prepareDataDir(dir);
  const description = dir === undefined ? "the in-memory PGlite database" : `the PGlite database in ${dir}`;

  let db: PGlite;
  try {
    db = await PGlite.create(dir);
  } catch (err) {
    throw new StoreError(`Cannot open ${description}: ${reasonOf(err)}.`, { cause: err });
  }
  if (options.schema !== undefined) await db.query(`SET search_path TO ${quoteIdent(options.schema)}`);

  const query = async <R extends Row>(sql: string, params?: readonly unknown[]): Promise<R[]> =>
    (await db.query<R>(sql, params === undefined ? undefined : [...params])).rows;
  const session: Session = {
    query,
    exec: async (script) => {
      await db.exec(script);
    },
  };
  return {
    description,
    query,
    withSession: (fn) => fn(session),
    close: () => db.close(),
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
