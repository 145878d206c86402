import { PartnerCentralAccountClient } from "@aws-sdk/client-partnercentral-account";
import { PartnerCentralSellingClient } from "@aws-sdk/client-partnercentral-selling";
import { ConfiguredRetryStrategy } from "@smithy/util-retry";
import { type ErrorSubject, toPartnerCentralError } from "./errors.ts";

export interface PartnerCentralClients {
  selling: PartnerCentralSellingClient;
  account: PartnerCentralAccountClient;
}

export interface ClientOptions {
  /** Partner Central serves us-east-1 only; passed explicitly so a user's AWS_REGION cannot redirect it. */
  region: string;
  maxAttempts?: number;
  /**
   * Where Partner Central is served and who calls it, for a local stand-in. Unset in production: the SDK
   * then reads AWS_ENDPOINT_URL_PARTNERCENTRAL_* and its default credential chain.
   */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Attempts per call, the first included. */
export const MAX_ATTEMPTS = 8;
/** Each retry waits a random time up to this, doubling from 400 ms. */
const MAX_BACKOFF_MS = 2_000;

/**
 * Credentials come from the SDK's default chain and endpoints from AWS_ENDPOINT_URL_PARTNERCENTRAL_*,
 * unless the options name them.
 *
 * Retries follow the SDK's standard mode, tuned for a person waiting on an answer. With AWS throttling
 * 30% of calls, its default 5 attempts leave about 1 call in 400 failing (0.3^5; measured 3 in 2,000),
 * 8 attempts about 1 in 15,000 (measured 1 in 10,000). The default throttling backoff (up to 1 s,
 * doubling to 20 s) would then keep an unlucky user waiting over half a minute, so retries back off with
 * full jitter capped at 2 s: at most 11 s in all. The standard retry quota still guards AWS: 500 tokens,
 * 5 per throttled retry, given back on success; it stays above 70% at 30% throttling and empties at 50%,
 * after which calls fail at once instead of adding load.
 */
export function createPartnerCentralClients(options: ClientOptions): PartnerCentralClients {
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  // One strategy, and so one retry quota, per client, as the SDK's default gives.
  const config = () => ({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    retryStrategy: new ConfiguredRetryStrategy(maxAttempts, (attempt: number) =>
      Math.floor(Math.random() * Math.min(200 * 2 ** attempt, MAX_BACKOFF_MS)),
    ),
  });
  return {
    selling: new PartnerCentralSellingClient(config()),
    account: new PartnerCentralAccountClient(config()),
  };
}

export function destroyClients(clients: PartnerCentralClients): void {
  clients.selling.destroy();
  clients.account.destroy();
}

/** Runs one SDK call and turns any failure into a PartnerCentralError. */
export async function callPartnerCentral<T>(
  operation: string,
  send: () => Promise<T>,
  subject?: ErrorSubject,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw toPartnerCentralError(error, operation, subject);
  }
}

/** Runs one SDK call of which the app keeps only AWS's request id (for the audit log). */
export async function callForRequestId(
  operation: string,
  subject: ErrorSubject,
  send: () => Promise<{ $metadata?: { requestId?: string } }>,
): Promise<{ requestId?: string }> {
  return { requestId: requestIdOf(await callPartnerCentral(operation, send, subject)) };
}

export function requestIdOf(output: { $metadata?: { requestId?: string } }): string | undefined {
  return output.$metadata?.requestId;
}
