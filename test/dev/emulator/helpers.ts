import { PartnerCentralAccountClient } from "@aws-sdk/client-partnercentral-account";
import { PartnerCentralSellingClient } from "@aws-sdk/client-partnercentral-selling";
import type { Emulator } from "../../../dev/emulator/index.ts";

export const credentials = {
  accessKeyId: "AKIAEMULATORTEST0000",
  secretAccessKey: "emulator-does-not-check-this",
};

/**
 * Real SDK clients pointed at the emulator the SDK-native way: the service-specific endpoint
 * environment variables, read when the client is constructed.
 */
export function clientsFor(emulator: Emulator, config: { maxAttempts?: number } = {}) {
  process.env.AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING = emulator.url;
  process.env.AWS_ENDPOINT_URL_PARTNERCENTRAL_ACCOUNT = emulator.url;
  return {
    selling: new PartnerCentralSellingClient({ region: "us-east-1", credentials, ...config }),
    account: new PartnerCentralAccountClient({ region: "us-east-1", credentials, ...config }),
  };
}

/** Awaits `promise`, expecting it to reject, and returns the error for assertions. */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error("expected the call to fail");
}

export function statusOf(err: Record<string, unknown>): number | undefined {
  return (err.$metadata as { httpStatusCode?: number } | undefined)?.httpStatusCode;
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
