import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type Api, coralErrors, ErrorFactory, ServiceError } from "./errors.ts";
import type { PartnerCentralService } from "./service.ts";
import { SqsError, type SqsService } from "./sqs.ts";
import { TypeMismatch } from "./validate.ts";

/** X-Amz-Target prefixes (the SDKs' `serviceTarget`) and SigV4 signing names of the two APIs. */
const TARGETS: Record<string, Api> = {
  AWSPartnerCentralSelling: "selling",
  PartnerCentralAccount: "account",
};
export const SIGNING_NAMES: Record<Api, string> = {
  selling: "partnercentral-selling",
  account: "partnercentral-account",
};
/** Partner Central is only offered in us-east-1, so credentials must be scoped there. */
const SIGNING_REGION = "us-east-1";
const MAX_BODY_BYTES = 1024 * 1024;
const SQS_TARGET = "AmazonSQS.";
/** Where tests and the preview make something happen in Partner Central, outside any AWS API. */
export const NEW_INVITATION_PATH = "/_emulator/new-invitation";
/** AWS's reviewers ask for action on an opportunity (`?id=O…`, else one AWS is reviewing or approved). */
export const REQUEST_ACTION_PATH = "/_emulator/request-action";

export interface CallRecord {
  operation: string;
  input: Record<string, unknown>;
  at: Date;
  status: number;
}

export interface ServerHooks {
  service: PartnerCentralService;
  now: () => Date;
  latencyFor(operation: string): number;
  /** An injected or randomly drawn fault for this call, if any. */
  takeFault(api: Api, operation: string): ServiceError | undefined;
  record(call: CallRecord): void;
  sqs: SqsService;
  /** A pending invitation from another partner arrives now; returns its id. */
  newInvitation(kind: "engagement" | "connection"): { Id: string; Arn: string; Catalog: string };
  /** AWS marks an opportunity Action Required; returns which. */
  requestAction(id: string | undefined): { Id: string; Catalog: string };
}

function checkSignature(req: IncomingMessage, api: Api): void {
  const authorization = req.headers.authorization;
  if (!authorization) throw coralErrors.missingAuthentication();
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match?.[1]) {
    throw coralErrors.incompleteSignature(
      "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.",
    );
  }
  if (!req.headers["x-amz-date"]) {
    throw coralErrors.incompleteSignature(
      "Authorization header requires existence of a 'X-Amz-Date' header.",
    );
  }
  const scope = match[1].split("/");
  if (scope.length !== 5 || scope[4] !== "aws4_request") {
    throw coralErrors.incompleteSignature(
      "Credential must have the form <key>/<date>/<region>/<service>/aws4_request.",
    );
  }
  if (scope[3] !== SIGNING_NAMES[api]) {
    throw coralErrors.invalidSignature(
      `Credential should be scoped to correct service: '${SIGNING_NAMES[api]}'.`,
    );
  }
  if (scope[2] !== SIGNING_REGION) {
    throw coralErrors.invalidSignature(`Credential should be scoped to a valid region: '${SIGNING_REGION}'.`);
  }
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseInput(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    throw coralErrors.serialization("The request body is not valid JSON.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw coralErrors.serialization("The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function reply(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    "Content-Type": "application/x-amz-json-1.0",
    "Content-Length": Buffer.byteLength(text),
    "x-amzn-RequestId": randomUUID(),
    ...headers,
  });
  res.end(text);
}

/** SQS takes no signature check: its clients sign like any other, and nothing here depends on who calls. */
async function handleSqs(sqs: SqsService, operation: string, body: string | undefined, res: ServerResponse) {
  const cancelled = new Promise<void>((resolve) => res.once("close", () => resolve()));
  try {
    if (body === undefined) throw coralErrors.serialization("The request body is too large.");
    reply(res, 200, await sqs.invoke(operation, parseInput(body), cancelled));
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    reply(
      res,
      err.status,
      err.body(),
      err instanceof SqsError ? { "x-amzn-query-error": err.queryError } : {},
    );
  }
}

function handleNewInvitation(hooks: ServerHooks, req: IncomingMessage, res: ServerResponse) {
  const kind = new URL(req.url ?? "/", "http://emulator").searchParams.get("kind") ?? "engagement";
  if (req.method !== "POST" || (kind !== "engagement" && kind !== "connection")) {
    reply(res, 400, { message: `POST ${NEW_INVITATION_PATH}?kind=engagement|connection` });
    return;
  }
  reply(res, 201, hooks.newInvitation(kind));
}

function handleRequestAction(hooks: ServerHooks, req: IncomingMessage, res: ServerResponse) {
  const id = new URL(req.url ?? "/", "http://emulator").searchParams.get("id") ?? undefined;
  if (req.method !== "POST") {
    reply(res, 400, { message: `POST ${REQUEST_ACTION_PATH}[?id=O…]` });
    return;
  }
  try {
    reply(res, 200, hooks.requestAction(id));
  } catch (error) {
    reply(res, 404, { message: error instanceof Error ? error.message : String(error) });
  }
}

async function handle(hooks: ServerHooks, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const body = await readBody(req);
  const target = String(req.headers["x-amz-target"] ?? "");
  if (target.startsWith(SQS_TARGET)) return handleSqs(hooks.sqs, target.slice(SQS_TARGET.length), body, res);
  if (req.url?.split("?")[0] === NEW_INVITATION_PATH) return handleNewInvitation(hooks, req, res);
  if (req.url?.split("?")[0] === REQUEST_ACTION_PATH) return handleRequestAction(hooks, req, res);
  const dot = target.indexOf(".");
  const api = dot > 0 ? TARGETS[target.slice(0, dot)] : undefined;
  const operation = dot > 0 ? target.slice(dot + 1) : target;
  const at = hooks.now();
  let input: Record<string, unknown> = {};
  let parseError: unknown;
  try {
    input = parseInput(body ?? "");
  } catch (err) {
    parseError = body === undefined ? coralErrors.serialization("The request body is too large.") : err;
  }
  let status = 200;
  let payload: unknown;
  try {
    if (req.method !== "POST" || !api) throw coralErrors.unknownOperation(target);
    checkSignature(req, api);
    if (!hooks.service.hasOperation(api, operation)) throw coralErrors.unknownOperation(target);
    const contentType = String(req.headers["content-type"] ?? "");
    if (!contentType.startsWith("application/x-amz-json-1.")) {
      throw coralErrors.serialization(
        `Unsupported Content-Type '${contentType}'; expected application/x-amz-json-1.0.`,
      );
    }
    if (parseError) throw parseError;
    const fault = hooks.takeFault(api, operation);
    if (fault) throw fault;
    payload = hooks.service.invoke(api, operation, input) ?? {};
  } catch (err) {
    let error: ServiceError;
    if (err instanceof ServiceError) error = err;
    else if (err instanceof TypeMismatch) error = coralErrors.serialization(err.message);
    else error = new ErrorFactory(api ?? "selling").byName("InternalServerException", String(err));
    status = error.status;
    payload = error.body();
    res.setHeader("x-amzn-ErrorType", error.type);
  }
  const latency = hooks.latencyFor(operation);
  if (latency > 0) await sleep(latency);
  hooks.record({ operation, input, at, status });
  reply(res, status, payload, { "x-amzn-RequestId": requestId });
}

export function createEmulatorServer(hooks: ServerHooks): Server {
  return createServer((req, res) => {
    handle(hooks, req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const error = new ErrorFactory("selling").byName("InternalServerException", String(err));
      res.writeHead(error.status, {
        "Content-Type": "application/x-amz-json-1.0",
        "x-amzn-ErrorType": error.type,
        "x-amzn-RequestId": randomUUID(),
      });
      res.end(JSON.stringify(error.body()));
    });
  });
}
