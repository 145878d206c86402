/** A store failure whose message is one sentence fit to show an operator (never contains a password). */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
  }
}

/** The most useful short description of an unknown error (Node's AggregateError has an empty message). */
export function reasonOf(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    if (err.message) return err.message;
    if (typeof code === "string") return code;
    return err.name;
  }
  return String(err);
}
