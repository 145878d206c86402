import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { Adapter, Queryable, Row, Session } from "./adapter.ts";
import { reasonOf, StoreError } from "./errors.ts";
import { postgresStatements } from "./statements.ts";
import type { StoreLogger } from "./types.ts";

/** Delays before retrying a statement that failed because the connection was lost. */
const RETRY_DELAYS_MS = [100, 500];

const CONNECTION_ERROR_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "57P01", // admin_shutdown: the backend was terminated
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the server is starting or stopping
]);

export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && (CONNECTION_ERROR_CODES.has(code) || code.startsWith("08"))) return true;
  // pg reports these without a code.
  return /Connection terminated|connection error|timeout exceeded when trying to connect/i.test(err.message);
}

export async function openPgAdapter(options: {
  databaseUrl: string;
  schema?: string;
  logger: StoreLogger;
  applicationName?: string;
}): Promise<Adapter> {
  const { logger } = options;
  const target = parseTarget(options.databaseUrl);
  const description = `the PostgreSQL database "${target.database}" at ${target.host}`;
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    application_name: options.applicationName ?? "partnercentral-slack",
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    // Setting search_path at connection start applies it to every pooled connection before any query.
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // Without this listener a server restart or a dropped idle connection would crash the process.
  pool.on("error", (err) => {
    logger.warn({ err: redact(reasonOf(err), target.password) }, `Lost an idle connection to ${description}`);
  });

  const connectError = (err: unknown): StoreError =>
    new StoreError(redact(describeConnectError(err, target), target.password), { cause: err });

  /** Runs attempt, again after a short pause when the connection was lost, at most twice more. */
  const retrying = async <T>(attempt: () => Promise<T>): Promise<T> => {
    for (let retry = 0; ; retry++) {
      try {
        return await attempt();
      } catch (err) {
        if (!isConnectionError(err)) throw err;
        const delay = RETRY_DELAYS_MS[retry];
        const reason = redact(reasonOf(err), target.password);
        if (delay === undefined) {
          logger.error({ err: reason }, `Giving up on a query: the connection to ${description} failed`);
          throw new StoreError(`Lost the connection to ${description} and could not reconnect (${reason}).`, {
            cause: err,
          });
        }
        logger.warn(
          { err: reason, attempt: retry + 1 },
          `Retrying a query: the connection to ${description} failed`,
        );
        await sleep(delay);
      }
    }
  };

  const execute = <R extends Row>(sql: string, params?: readonly unknown[]): Promise<pg.QueryResult<R>> =>
    retrying(() => pool.query<R>(sql, params === undefined ? undefined : [...params]));

  // Retried whole after a lost connection: the server rolled it back, or committed it, which the store's
  // writes recognise by their claim tokens.
  const transaction = <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
    retrying(async () => {
      const client = await pool.connect();
      // A checked-out client has no pool listener; an unhandled 'error' would crash the process.
      const onError = (err: Error) =>
        logger.warn({ err: redact(reasonOf(err), target.password) }, "Transaction connection lost");
      client.on("error", onError);
      const send = <R extends Row>(sql: string, params?: readonly unknown[]) =>
        client.query<R>(sql, params === undefined ? undefined : [...params]);
      let failure: unknown;
      try {
        await client.query("BEGIN");
        const result = await fn({
          query: async <R extends Row>(sql: string, params?: readonly unknown[]) =>
            (await send<R>(sql, params)).rows,
          run: async (sql, params) => (await send(sql, params)).rowCount ?? 0,
        });
        await client.query("COMMIT");
        return result;
      } catch (err) {
        failure = err;
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.off("error", onError);
        // Destroy the connection after a failure: it may be broken or still hold session state.
        client.release(failure === undefined ? undefined : true);
      }
    });

  const withMigrationLock = async <T>(fn: (session: Session) => Promise<T>): Promise<T> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw connectError(err);
    }
    // A checked-out client has no pool listener; an unhandled 'error' would crash the process.
    const onError = (err: Error) =>
      logger.warn({ err: redact(reasonOf(err), target.password) }, "Session connection lost");
    client.on("error", onError);
    const send = <R extends Row>(sql: string, params?: readonly unknown[]) =>
      client.query<R>(sql, params === undefined ? undefined : [...params]);
    const session: Session = {
      query: async <R extends Row>(sql: string, params?: readonly unknown[]) =>
        (await send<R>(sql, params)).rows,
      run: async (sql, params) => (await send(sql, params)).rowCount ?? 0,
      exec: async (script) => {
        await client.query(script);
      },
      transaction: async (body) => {
        await client.query("BEGIN");
        try {
          const result = await body();
          await client.query("COMMIT");
          return result;
        } catch (err) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw err;
        }
      },
    };
    // One lock per schema: isolated test schemas do not wait for each other.
    const lockName = `partnercentral-slack:migrate:${options.schema ?? ""}`;
    let failure: unknown;
    try {
      await client.query("SELECT pg_advisory_lock(hashtext($1))", [lockName]);
      try {
        if (options.schema !== undefined)
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}`);
        return await fn(session);
      } finally {
        // If the connection broke, the server has already released the lock with the session.
        await client.query("SELECT pg_advisory_unlock(hashtext($1))", [lockName]).catch(() => undefined);
      }
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      client.off("error", onError);
      // Destroy the connection after a failure: it may be broken or still hold session state.
      client.release(failure === undefined ? undefined : true);
    }
  };

  try {
    await pool.query("SELECT 1");
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw connectError(err);
  }
  return {
    dialect: "postgres",
    statements: postgresStatements,
    description,
    query: async <R extends Row>(sql: string, params?: readonly unknown[]) =>
      (await execute<R>(sql, params)).rows,
    run: async (sql, params) => (await execute(sql, params)).rowCount ?? 0,
    withMigrationLock,
    transaction,
    close: () => pool.end(),
  };
}

interface Target {
  host: string;
  database: string;
  user: string;
  password: string;
}

function parseTarget(databaseUrl: string): Target {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new StoreError(
      "The database URL is not a valid URL; expected postgres://user:password@host:port/database.",
    );
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new StoreError(`The database URL must start with postgres:// (it starts with ${url.protocol}//).`);
  }
  const user = decode(url.username);
  return {
    host: `${url.hostname || "localhost"}:${url.port || "5432"}`,
    database: decode(url.pathname.slice(1)) || user || "postgres",
    user: user || "(default user)",
    password: decode(url.password),
  };
}

function decode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

function describeConnectError(err: unknown, target: Target): string {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  const reason = reasonOf(err);
  switch (code) {
    case "28P01":
    case "28000":
      return `PostgreSQL at ${target.host} refused the login of user "${target.user}" to database "${target.database}" (${reason}).`;
    case "3D000":
      return `PostgreSQL at ${target.host} has no database "${target.database}" (${reason}).`;
  }
  if (/password|SASL|SCRAM/i.test(reason)) {
    return `PostgreSQL at ${target.host} refused the login of user "${target.user}" (${reason}).`;
  }
  if (isConnectionError(err) || /timeout/i.test(reason)) {
    return `Cannot reach PostgreSQL at ${target.host} (${reason}); check the database URL and that the server is running.`;
  }
  return `Cannot connect to PostgreSQL at ${target.host}/${target.database} (${reason}).`;
}

// Belt and braces: no driver message should contain the password, but never let one through.
function redact(message: string, password: string): string {
  return password ? message.replaceAll(password, "***") : message;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
