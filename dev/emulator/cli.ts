import { parseArgs } from "node:util";
import { DEFAULT_SEED, NEW_INVITATION_PATH, REQUEST_ACTION_PATH, startEmulator } from "./index.ts";

const USAGE =
  "Usage: npm run emulator -- [--port 4566] [--host 127.0.0.1] [--size 10000] [--seed 424242] [--latency 0] [--max-page-size N]";

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      size: { type: "string" },
      seed: { type: "string" },
      latency: { type: "string" },
      "max-page-size": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  // --size N means N invitations in the AWS catalog, half engagement and half connection invitations.
  const size = values.size === undefined ? undefined : integer("size", values.size, 0);
  const emulator = await startEmulator({
    port: integer("port", values.port, 4566),
    host: values.host ?? "127.0.0.1",
    latencyMs: integer("latency", values.latency, 0),
    // Short AWS pages, as the service may return them, to watch a client follow NextToken.
    ...(values["max-page-size"] === undefined
      ? {}
      : { maxPageSize: Math.max(1, integer("max-page-size", values["max-page-size"], 1)) }),
    seed: {
      seed: integer("seed", values.seed, DEFAULT_SEED.seed),
      ...(size === undefined
        ? {}
        : { engagementInvitations: Math.ceil(size / 2), connectionInvitations: Math.floor(size / 2) }),
    },
  });
  const counts = `${emulator.state.engagementInvitations.size} engagement invitations, ${emulator.state.connectionInvitations.size} connection invitations, ${emulator.state.connections.size} connections, ${emulator.state.opportunities.size} opportunities`;
  console.log(
    `Partner Central emulator listening on ${emulator.url} (account ${emulator.accountId}; ${counts})`,
  );
  console.log("");
  console.log("# Point the AWS SDK (and CLI) at it:");
  console.log(`export AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING=${emulator.url}`);
  console.log(`export AWS_ENDPOINT_URL_PARTNERCENTRAL_ACCOUNT=${emulator.url}`);
  console.log(`export AWS_ENDPOINT_URL_SQS=${emulator.url}`);
  console.log(`export EVENTS_QUEUE_URL=${emulator.queueUrl}`);
  console.log("export AWS_ACCESS_KEY_ID=AKIAEMULATOR0000TEST");
  console.log("export AWS_SECRET_ACCESS_KEY=emulator-secret-not-checked");
  console.log("export AWS_REGION=us-east-1");
  console.log("");
  console.log("# Example:");
  console.log(
    `aws partnercentral-selling list-engagement-invitations --catalog AWS --participant-type RECEIVER --region us-east-1 --endpoint-url ${emulator.url}`,
  );
  console.log("");
  console.log("# A new invitation arrives (kind=engagement or connection), and its event goes to the queue:");
  console.log(`curl -X POST '${emulator.url}${NEW_INVITATION_PATH}?kind=engagement'`);
  console.log(`aws sqs receive-message --queue-url ${emulator.queueUrl} --endpoint-url ${emulator.url}`);
  console.log("");
  console.log(
    "# AWS asks for action on an opportunity (Action Required, with an Opportunity Updated event):",
  );
  console.log(`curl -X POST '${emulator.url}${REQUEST_ACTION_PATH}'`);
  console.log(
    `aws partnercentral-selling list-opportunities --catalog AWS --life-cycle-review-status "Action Required" --region us-east-1 --endpoint-url ${emulator.url}`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nReceived ${signal}, stopping emulator.`);
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
