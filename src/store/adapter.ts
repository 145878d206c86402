export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with $n parameters; returns its rows. */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** One database connection held for a sequence of statements (migrations, session-level advisory locks). */
export interface Session extends Queryable {
  /** Runs a parameterless script of several statements. */
  exec(script: string): Promise<void>;
}

/** The only backend-specific code: PGlite and the pg Pool behind the same plain PostgreSQL. */
export interface Adapter extends Queryable {
  /** Where the data lives, for messages: never contains a password. */
  readonly description: string;
  withSession<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
