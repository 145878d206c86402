import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { deployed, loadTemplate, type Template } from "./cloudformation.ts";
import { all, envOf, execForm, readDockerfile } from "./dockerfile.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const template = loadTemplate(join(ROOT, "deploy", "app.yaml"));
const image = readDockerfile(join(ROOT, "Dockerfile")).at(-1) as ReturnType<typeof readDockerfile>[0];

const REQUIRED = {
  Image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/partner-central-for-slack:1",
  SlackSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:slack-AbCdEf",
  VpcId: "vpc-1",
  Subnets: ["subnet-a", "subnet-b"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith(".ts") ? [path] : [];
  });
}

/**
 * Every Partner Central operation the app's code can call: each command class and paginator it imports as
 * a value from the two Partner Central SDK clients (tsc refuses an import left unused).
 */
function operationsInCode(): Map<string, string> {
  const found = new Map<string, string>();
  const imports =
    /import\s+(type\s+)?\{([^}]*)\}\s*from\s*"@aws-sdk\/client-partnercentral-(?:selling|account)"/g;
  for (const file of sourceFiles(join(ROOT, "src"))) {
    for (const [, typeOnly, names = ""] of readFileSync(file, "utf8").matchAll(imports)) {
      if (typeOnly) continue;
      for (const imported of names.split(",").map((n) => n.trim().split(/\s+as\s+/)[0] ?? "")) {
        const operation = /^(?!type\s)(?:paginate(\w+)|(\w+)Command)$/.exec(imported);
        if (operation) found.set(operation[1] ?? operation[2] ?? "", relative(ROOT, file));
      }
    }
  }
  return found;
}

type Resource = Template["Resources"][string];
interface Container {
  Environment: Array<{ Name: string; Value: unknown }>;
  Secrets: Array<{ Name: string; ValueFrom: unknown }>;
  [key: string]: unknown;
}
const properties = (t: Template, name: string) => (t.Resources[name] as Resource).Properties;
const containerOf = (t: Template) =>
  (properties(t, "TaskDefinition").ContainerDefinitions as Container[])[0] as Container;
const envValue = (t: Template, name: string) =>
  containerOf(t).Environment.find((e) => e.Name === name)?.Value;
const policyStatements = (t: Template, role: string) =>
  (
    properties(t, role).Policies as Array<{ PolicyDocument: { Statement: Array<Record<string, unknown>> } }>
  ).flatMap((p) => p.PolicyDocument.Statement);

describe("deploy/app.yaml: the task role", () => {
  it("allows exactly the Partner Central operations the code calls, in the app's catalog", () => {
    const inCode = operationsInCode();
    expect(inCode.size).toBeGreaterThan(0);
    const [statement] = policyStatements(deployed(template, REQUIRED), "TaskRole");
    const allowed = ((statement?.Action ?? []) as string[]).map((action) =>
      action.replace(/^partnercentral:/, ""),
    );
    expect(new Set(allowed), `the code calls: ${JSON.stringify(Object.fromEntries(inCode))}`).toEqual(
      new Set(inCode.keys()),
    );
    expect(statement?.Resource).toBe("*");
    expect(statement?.Condition).toEqual({ StringEquals: { "partnercentral:Catalog": "AWS" } });
  });

  it("matches the IAM policy the README gives for hosts outside this stack", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const policy = /\*\*IAM\.\*\*[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1] ?? "{}";
    const actions = (JSON.parse(policy) as { Statement: Array<{ Action: string[] }> }).Statement.flatMap(
      (s) => s.Action,
    );
    expect(new Set(actions.map((a) => a.replace(/^partnercentral:/, "")))).toEqual(
      new Set(operationsInCode().keys()),
    );
  });
});

describe("deploy/app.yaml with SQLite, Socket Mode and events (the defaults)", () => {
  const t = deployed(template, REQUIRED);

  it("runs one task at a time on the EFS volume, in the mount target's zone", () => {
    const service = properties(t, "Service");
    expect(service.DesiredCount).toBe(1);
    expect(service.DeploymentConfiguration).toMatchObject({ MinimumHealthyPercent: 0, MaximumPercent: 100 });
    expect(service.NetworkConfiguration).toMatchObject({ AwsvpcConfiguration: { Subnets: ["subnet-a"] } });
    expect(properties(t, "MountTarget").SubnetId).toBe("subnet-a");
    expect(properties(t, "TaskDefinition").Volumes).toEqual([
      {
        Name: "data",
        EFSVolumeConfiguration: {
          FilesystemId: { Ref: "FileSystem" },
          TransitEncryption: "ENABLED",
          AuthorizationConfig: { AccessPointId: { Ref: "AccessPoint" }, IAM: "ENABLED" },
        },
      },
    ]);
    expect(t.Resources.FileSystem?.Properties.Encrypted).toBe(true);
    expect(t.Resources.LoadBalancer).toBeUndefined();
  });

  it("reads the Slack tokens, the app-level one included, from the secret", () => {
    const slack = REQUIRED.SlackSecretArn;
    // Each secret is the Slack secret's ARN with its JSON key, as CloudFormation's Fn::Sub writes it.
    const fromSlackSecret = (key: string) => ({ "Fn::Sub": `\${SlackSecretArn}:${key}::` });
    expect(containerOf(t).Secrets).toEqual(
      ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"].map((name) => ({
        Name: name,
        ValueFrom: fromSlackSecret(name),
      })),
    );
    expect(policyStatements(t, "ExecutionRole")).toEqual([
      { Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [slack] },
    ]);
  });

  it("nests deploy/events.yaml, attaches its queue policy to the task role and hands the app its queue", () => {
    const events = properties(t, "EventsStack");
    expect(existsSync(join(ROOT, "deploy", events.TemplateURL as string))).toBe(true);
    expect(events.Parameters).toEqual({ Catalog: "AWS", AppRoleName: { Ref: "TaskRole" } });
    expect(envValue(t, "EVENTS_QUEUE_URL")).toEqual({ "Fn::GetAtt": ["EventsStack", "Outputs.QueueUrl"] });
  });
});

describe("deploy/app.yaml with PostgreSQL over HTTP, events off", () => {
  const databaseSecret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:database-AbCdEf";
  const t = deployed(template, {
    ...REQUIRED,
    DatabaseUrlSecretArn: databaseSecret,
    DesiredCount: 3,
    SlackTransport: "HTTP",
    CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/1",
    Events: "false",
  });

  it("runs several tasks in every subnet, rolling, with no EFS", () => {
    const service = properties(t, "Service");
    expect(service.DesiredCount).toBe(3);
    expect(service.DeploymentConfiguration).toMatchObject({
      MinimumHealthyPercent: 100,
      MaximumPercent: 200,
    });
    expect(service.NetworkConfiguration).toMatchObject({
      AwsvpcConfiguration: { Subnets: REQUIRED.Subnets },
    });
    expect(properties(t, "TaskDefinition").Volumes).toEqual([{ Name: "data" }]);
    for (const name of ["FileSystem", "MountTarget", "AccessPoint", "EventsStack"])
      expect(t.Resources[name], name).toBeUndefined();
    expect(envValue(t, "EVENTS_QUEUE_URL")).toBe("");
  });

  it("reads the database URL from its secret, and no app-level token", () => {
    const names = containerOf(t).Secrets.map((s) => s.Name);
    expect(names).toEqual(["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "DATABASE_URL"]);
    expect(containerOf(t).Secrets[2]?.ValueFrom).toBe(databaseSecret);
    expect(policyStatements(t, "ExecutionRole")[0]?.Resource).toEqual([
      REQUIRED.SlackSecretArn,
      databaseSecret,
    ]);
  });

  it("forwards only /slack/events over HTTPS; the target group checks /healthz and /metrics stays inside", () => {
    expect(properties(t, "HttpsListener")).toMatchObject({
      Protocol: "HTTPS",
      DefaultActions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "404" } }],
    });
    expect(properties(t, "SlackEventsRule").Conditions).toEqual([
      { Field: "path-pattern", PathPatternConfig: { Values: ["/slack/events"] } },
    ]);
    expect(properties(t, "TargetGroup")).toMatchObject({ HealthCheckPath: "/healthz", TargetType: "ip" });
    expect(properties(t, "Service").LoadBalancers).toEqual([
      { ContainerName: "app", ContainerPort: 3000, TargetGroupArn: { Ref: "TargetGroup" } },
    ]);
    expect(properties(t, "TaskIngressFromLoadBalancer")).toMatchObject({ FromPort: 3000, ToPort: 3000 });
  });
});

describe("deploy/app.yaml runs the image as the Dockerfile builds it", () => {
  const t = deployed(template, REQUIRED);
  const container = containerOf(t);
  const imageEnv = envOf(image);

  it("keeps the image's user, a read-only root and the data volume at DATA_DIR", () => {
    expect(container.User).toBeUndefined();
    expect(all(image, "USER").map((i) => i.args)).not.toContain("root");
    expect(container.ReadonlyRootFilesystem).toBe(true);
    expect(container.MountPoints).toEqual([{ SourceVolume: "data", ContainerPath: imageEnv.DATA_DIR }]);
    expect(envValue(t, "DATA_DIR")).toBe(imageEnv.DATA_DIR);
    expect(container.PortMappings).toEqual([{ ContainerPort: Number(imageEnv.PORT) }]);
  });

  it("checks health as the image does and sends its logs to the stack's log group", () => {
    const healthCheck = container.HealthCheck as { Command: string[] };
    expect(healthCheck.Command).toEqual(["CMD", ...execForm(all(image, "HEALTHCHECK")[0]?.args ?? "")]);
    expect(container.LogConfiguration).toMatchObject({
      LogDriver: "awslogs",
      Options: { "awslogs-group": { Ref: "LogGroup" } },
    });
  });
});
