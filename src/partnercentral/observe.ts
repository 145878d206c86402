import { toPartnerCentralError } from "./errors.ts";

/** Told of every call an SDK client makes, so metrics need nothing of each caller. */
export interface CallObserver {
  /** Once per call, after its retries: `ok`, or the code of the error it ended with (see errors.ts). */
  call(operation: string, outcome: string, seconds: number): void;
  /** Each attempt AWS throttled, whether it was retried or not. */
  throttled(operation: string): void;
}

type Handler = (args: never) => Promise<unknown>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;

/** The part of any AWS SDK client's middleware stack used here (Partner Central's and SQS's alike). */
interface ObservableClient {
  middlewareStack: {
    add(middleware: Middleware, options: { step: "initialize"; priority: "high"; name: string }): void;
    add(middleware: Middleware, options: { step: "deserialize"; priority: "high"; name: string }): void;
  };
}

/**
 * Adds two middlewares to an AWS SDK client: one around the whole call (its retries inside it), one around
 * each attempt, outside the SDK's deserializer so it sees AWS's error as the SDK parsed it.
 */
export function observeCalls(client: ObservableClient, observer: CallObserver): void {
  const operationOf = (context: { commandName?: string }) =>
    (context.commandName ?? "Unknown").replace(/Command$/, "");
  const outcomeOf = (error: unknown, operation: string) => toPartnerCentralError(error, operation).code;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationOf(context);
      const started = performance.now();
      let outcome = "ok";
      try {
        return await next(args);
      } catch (error) {
        outcome = outcomeOf(error, operation);
        throw error;
      } finally {
        observer.call(operation, outcome, (performance.now() - started) / 1000);
      }
    },
    { step: "initialize", priority: "high", name: "observeCalls" },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const operation = operationOf(context);
        if (outcomeOf(error, operation) === "Throttling") observer.throttled(operation);
        throw error;
      }
    },
    { step: "deserialize", priority: "high", name: "observeAttempts" },
  );
}
