import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseDuration } from "../src/config.ts";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("starts in preview mode with documented defaults when nothing is set", () => {
    const config = loadConfig({});
    expect(config.slack).toEqual({ kind: "preview" });
    expect(config.port).toBe(3000);
    expect(config.partnerCentral).toEqual({ catalog: "AWS", region: "us-east-1" });
    expect(config.digest).toEqual({ cron: "0 9 * * 1-5", timezone: "UTC", windowDays: 5 });
    expect(config.storage).toEqual({ dataDir: "./data", auditRetentionDays: 365 });
    expect(config.alerts.intervalMs).toBe(300_000);
    expect(config.logLevel).toBe("info");
  });

  it("names SLACK_SIGNING_SECRET when only the bot token is set", () => {
    const problems = problemsOf({ SLACK_BOT_TOKEN: "xoxb-1-2" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SLACK_SIGNING_SECRET is required/);
  });

  it("reports every bad variable at once, each by name", () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: "not-a-token",
      SLACK_SIGNING_SECRET: "secret",
      PORT: "http",
      PARTNERCENTRAL_CATALOG: "Production",
      DIGEST_CRON: "every day",
      DIGEST_TIMEZONE: "Mars/Olympus",
      DIGEST_WINDOW_DAYS: "40",
      DIGEST_CHANNEL: "#general",
      APPROVER_USER_IDS: "U123ABC,alice",
      ALERT_INTERVAL: "soon",
      DATABASE_URL: "mysql://db",
      AUDIT_RETENTION_DAYS: "0",
      LOG_LEVEL: "verbose",
    });
    const named = problems.map((p) => p.split(" ")[0]);
    expect(named).toEqual([
      "SLACK_BOT_TOKEN",
      "PORT",
      "PARTNERCENTRAL_CATALOG",
      "DIGEST_CHANNEL",
      "DIGEST_CRON",
      "DIGEST_TIMEZONE",
      "DIGEST_WINDOW_DAYS",
      "APPROVER_USER_IDS.1",
      "ALERT_INTERVAL",
      "DATABASE_URL",
      "AUDIT_RETENTION_DAYS",
      "LOG_LEVEL",
    ]);
  });

  it("keeps Partner Central in us-east-1 whatever AWS_REGION says", () => {
    expect(loadConfig({ AWS_REGION: "eu-west-1" }).partnerCentral.region).toBe("us-east-1");
  });

  it("chooses HTTP or Socket Mode from the tokens given", () => {
    const http = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s3cret",
      SLACK_API_URL: "http://127.0.0.1:9/api",
    });
    expect(http.slack).toEqual({
      kind: "http",
      botToken: "xoxb-1",
      signingSecret: "s3cret",
      apiUrl: "http://127.0.0.1:9/api/",
    });
    const socket = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s3cret",
      SLACK_APP_TOKEN: "xapp-1",
    });
    expect(socket.slack.kind).toBe("socket");
  });

  it("reads lists, catalogs and durations case-insensitively and ignores empty values", () => {
    const config = loadConfig({
      PARTNERCENTRAL_CATALOG: "sandbox",
      APPROVER_USER_IDS: " U01AAA , U02BBB,",
      ALERT_INTERVAL: "30s",
      DIGEST_CHANNEL: "",
      LOG_LEVEL: "DEBUG",
    });
    expect(config.partnerCentral.catalog).toBe("Sandbox");
    expect(config.approvers.userIds).toEqual(["U01AAA", "U02BBB"]);
    expect(config.alerts.intervalMs).toBe(30_000);
    expect(config.digest.channel).toBeUndefined();
    expect(config.logLevel).toBe("debug");
  });

  it("keeps the audit log AUDIT_RETENTION_DAYS days, a whole number of at least 1", () => {
    expect(loadConfig({ AUDIT_RETENTION_DAYS: "90" }).storage.auditRetentionDays).toBe(90);
    for (const days of ["0", "1.5", "a year", "-3"]) {
      expect(problemsOf({ AUDIT_RETENTION_DAYS: days })).toEqual([
        expect.stringMatching(/^AUDIT_RETENTION_DAYS /),
      ]);
    }
  });

  it("sends alerts to the digest channel unless ALERT_CHANNEL says otherwise", () => {
    expect(loadConfig({ DIGEST_CHANNEL: "C0DIGEST1" }).alerts.channel).toBe("C0DIGEST1");
    expect(loadConfig({ DIGEST_CHANNEL: "C0DIGEST1", ALERT_CHANNEL: "C0ALERTS1" }).alerts.channel).toBe(
      "C0ALERTS1",
    );
  });
});

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["30s", 30_000],
    ["5m", 300_000],
    ["2h", 7_200_000],
    ["5", undefined],
    ["m5", undefined],
  ])("%s -> %s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});
