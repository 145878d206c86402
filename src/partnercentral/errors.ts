/** Every failure of a Partner Central call becomes one of these, with a sentence a user can act on. */
export type PartnerCentralErrorCode =
  | "AccessDenied"
  | "Throttling"
  | "Validation"
  | "NotFound"
  | "Conflict"
  | "QuotaExceeded"
  | "InternalServer"
  | "NoCredentials"
  | "Unreachable"
  | "Unknown";

export interface FieldProblem {
  field: string;
  message: string;
}

export class PartnerCentralError extends Error {
  readonly code: PartnerCentralErrorCode;
  /** Plain text for people; renderers escape it, since parts of it come from AWS. */
  readonly userMessage: string;
  readonly operation: string;
  readonly requestId?: string;
  readonly fields: FieldProblem[];

  constructor(
    code: PartnerCentralErrorCode,
    userMessage: string,
    operation: string,
    requestId?: string,
    fields: FieldProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(`${operation}: ${userMessage}`, options);
    this.code = code;
    this.userMessage = userMessage;
    this.operation = operation;
    this.requestId = requestId;
    this.fields = fields;
    this.name = "PartnerCentralError";
  }

  /** Worth trying again later without changing anything. */
  get retryable(): boolean {
    return this.code === "Throttling" || this.code === "InternalServer" || this.code === "Unreachable";
  }
}

interface SdkErrorLike {
  name?: string;
  message?: string;
  Message?: string;
  code?: string;
  $metadata?: { requestId?: string; httpStatusCode?: number };
  ErrorList?: Array<{ FieldName?: string; Message?: string }>;
  ErrorDetails?: Array<{
    FieldValidationError?: { Name?: string; Message?: string };
    BusinessValidationError?: { Message?: string };
  }>;
}

const unreachableCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "ECONNRESET",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "EPIPE",
]);

/** Reads are limited to 10 a second per partner account; every other call changes something, 1 a second. */
const READ_OPERATION = /^(Get|List)/;

/** What is being acted on, so "not found" and "conflict" can name it. */
export interface ErrorSubject {
  what: string;
  id: string;
  catalog: string;
}

export function toPartnerCentralError(
  error: unknown,
  operation: string,
  subject?: ErrorSubject,
): PartnerCentralError {
  if (error instanceof PartnerCentralError) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as SdkErrorLike;
  const requestId = e.$metadata?.requestId;
  const serviceText = (e.Message ?? e.message ?? "").trim();
  const make = (code: PartnerCentralErrorCode, text: string, fields: FieldProblem[] = []) =>
    new PartnerCentralError(code, text, operation, requestId, fields, { cause: error });
  const subjectText = subject
    ? `${subject.what} ${subject.id} in the ${subject.catalog} catalog`
    : "the requested item";

  switch (e.name) {
    case "AccessDeniedException":
      return make(
        "AccessDenied",
        `AWS denied partnercentral:${operation} to the credentials this app runs with. Allow that action in the app's IAM policy (and check the account is registered with Partner Central).`,
      );
    case "ThrottlingException":
      return make(
        "Throttling",
        `Partner Central is throttling requests from this account right now: it allows ${READ_OPERATION.test(operation) ? "10 reads" : "1 change"} a second across everything that uses the account, and kept refusing after several tries. Try again in a minute.`,
      );
    case "ValidationException": {
      const fields = validationFields(e);
      const detail = fields.length
        ? fields.map((f) => (f.field === "request" ? f.message : `${f.field}: ${f.message}`)).join("; ")
        : serviceText || "the request was not valid";
      return make("Validation", `Partner Central rejected the request (${detail}).`, fields);
    }
    case "ResourceNotFoundException":
      return make(
        "NotFound",
        subject
          ? `No ${subject.what} with id ${subject.id} in the ${subject.catalog} catalog.`
          : "Partner Central has no such item.",
      );
    case "ConflictException":
      return make(
        "Conflict",
        `${capitalise(subjectText)} has changed in the meantime${serviceText ? `: ${serviceText}` : ""}.`,
      );
    case "ServiceQuotaExceededException":
      return make(
        "QuotaExceeded",
        `A Partner Central quota for this account is used up${serviceText ? ` (${serviceText})` : ""}. Try again tomorrow or ask AWS for a higher quota.`,
      );
    case "InternalServerException":
      return make("InternalServer", "Partner Central had an internal error. Try again in a few minutes.");
    case "CredentialsProviderError":
      return make(
        "NoCredentials",
        "No AWS credentials were found. Give the app a role, a profile (AWS_PROFILE) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
      );
  }
  if ((e.code && unreachableCodes.has(e.code)) || e.name === "TimeoutError") {
    return make("Unreachable", "Partner Central could not be reached. Check the network and try again.");
  }
  return make(
    "Unknown",
    `Partner Central call ${operation} failed (${e.name ?? "error"}${serviceText ? `: ${serviceText}` : ""}).`,
  );
}

function validationFields(e: SdkErrorLike): FieldProblem[] {
  const fromSelling = (e.ErrorList ?? []).map((item) => ({
    field: item.FieldName ?? "request",
    message: item.Message ?? "is not valid",
  }));
  const fromAccount = (e.ErrorDetails ?? []).map((item) => ({
    field: item.FieldValidationError?.Name ?? "request",
    message: item.FieldValidationError?.Message ?? item.BusinessValidationError?.Message ?? "is not valid",
  }));
  return [...fromSelling, ...fromAccount];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
