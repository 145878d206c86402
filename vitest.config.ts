import { spawnSync } from "node:child_process";
import { defineConfig } from "vitest/config";

// The replica tests need a PostgreSQL server (CI provides one); without it they are left out rather than failing.
const needsPostgres =
  process.env.TEST_DATABASE_URL === undefined
    ? [
        "test/e2e/replicas.test.ts",
        "test/slack/redraws-across-replicas.test.ts",
        "test/e2e/alert-replicas.test.ts",
      ]
    : [];

// The second-SDK check drives the emulator with boto3 and the AWS CLI; where python3 has no boto3 that
// knows Partner Central, it is left out the same way.
const hasBoto3 =
  spawnSync(
    "python3",
    [
      "-c",
      "import boto3; assert 'partnercentral-selling' in boto3.session.Session().get_available_services()",
    ],
    { stdio: "ignore", timeout: 20_000 },
  ).status === 0;
const needsBoto3 = hasBoto3 ? [] : ["test/dev/emulator/second-sdk.test.ts"];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...needsPostgres, ...needsBoto3],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Most of the suite's time is spent waiting on sockets and timers, not on the CPU: three workers on two
    // cores take half the time one per core left over does.
    maxWorkers: 3,
  },
});
