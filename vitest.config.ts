import { defineConfig } from "vitest/config";

// The replica tests need a PostgreSQL server (CI provides one); without it they are left out rather than failing.
const needsPostgres =
  process.env.TEST_DATABASE_URL === undefined
    ? ["test/e2e/replicas.test.ts", "test/e2e/alert-replicas.test.ts"]
    : [];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...needsPostgres],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
