import { SQSClient } from "@aws-sdk/client-sqs";

export interface QueueClientOptions {
  /**
   * Where SQS is served and who calls it, for a local stand-in. Unset in production: the SDK then reads
   * AWS_ENDPOINT_URL_SQS and its default credential chain.
   */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** A long poll waits up to 20 s for a message; a connection silent for longer than this is dead. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The SQS client for the events queue, in the queue's own region. Partner Central publishes its events
 * in us-east-1 only and a rule delivers to a queue in its own region, so that is the fallback for a queue
 * URL that does not name one.
 */
export function createQueueClient(queueUrl: string, options: QueueClientOptions = {}): SQSClient {
  return new SQSClient({
    region: regionOf(queueUrl) ?? "us-east-1",
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS },
  });
}

/** `https://sqs.eu-west-1.amazonaws.com/…` and VPC endpoint names carry the region; local URLs do not. */
export function regionOf(queueUrl: string): string | undefined {
  let host: string;
  try {
    host = new URL(queueUrl).hostname;
  } catch {
    return undefined;
  }
  return /(?:^|\.)sqs[.-]([a-z]{2}(?:-[a-z]+)+-\d+)\./.exec(host)?.[1];
}
