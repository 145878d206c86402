import { PartnerCentralAccountClient } from "@aws-sdk/client-partnercentral-account";
import { PartnerCentralSellingClient } from "@aws-sdk/client-partnercentral-selling";
import { type ErrorSubject, toPartnerCentralError } from "./errors.js";

export interface PartnerCentralClients {
  selling: PartnerCentralSellingClient;
  account: PartnerCentralAccountClient;
}

export interface ClientOptions {
  /** Partner Central serves us-east-1 only; passed explicitly so a user's AWS_REGION cannot redirect it. */
  region: string;
  maxAttempts?: number;
}

/**
 * Credentials come from the SDK's default chain and endpoints from AWS_ENDPOINT_URL_PARTNERCENTRAL_*;
 * the SDK's standard retry mode handles throttling with backoff and a retry budget.
 */
export function createPartnerCentralClients(options: ClientOptions): PartnerCentralClients {
  const common = { region: options.region, retryMode: "standard", maxAttempts: options.maxAttempts ?? 5 };
  return {
    selling: new PartnerCentralSellingClient(common),
    account: new PartnerCentralAccountClient(common),
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

export function requestIdOf(output: { $metadata?: { requestId?: string } }): string | undefined {
  return output.$metadata?.requestId;
}
