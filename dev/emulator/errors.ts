import type { FieldProblem } from "./validate.ts";

export type Api = "selling" | "account";

export const NAMESPACES: Record<Api, string> = {
  selling: "com.amazonaws.partnercentralselling",
  account: "com.amazonaws.partnercentralaccount",
};

/** Framework-level (Coral) errors that are not part of either service model. */
const CORAL_NAMESPACE = "com.amazon.coral.service";

export type ModeledErrorName =
  | "AccessDeniedException"
  | "ConflictException"
  | "InternalServerException"
  | "ResourceNotFoundException"
  | "ServiceQuotaExceededException"
  | "ThrottlingException"
  | "ValidationException";

/** HTTP statuses from the `httpError` traits of both SDK schemas (they agree). */
const HTTP_STATUS: Record<ModeledErrorName, number> = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  ValidationException: 400,
};

export class ServiceError extends Error {
  readonly type: string;
  readonly status: number;
  readonly namespace: string;
  readonly members: Record<string, unknown>;

  constructor(
    type: string,
    status: number,
    message: string,
    namespace: string = CORAL_NAMESPACE,
    members: Record<string, unknown> = {},
  ) {
    super(message);
    this.type = type;
    this.status = status;
    this.namespace = namespace;
    this.members = members;
  }

  /** AWS JSON 1.0 error body; both spellings of the message so SDK `message` and modeled `Message` are set. */
  body(): Record<string, unknown> {
    return {
      __type: `${this.namespace}#${this.type}`,
      message: this.message,
      Message: this.message,
      ...this.members,
    };
  }
}

export const coralErrors = {
  unknownOperation: (target: string) =>
    new ServiceError("UnknownOperationException", 400, `Unknown operation: ${target || "(no X-Amz-Target)"}`),
  serialization: (detail: string) => new ServiceError("SerializationException", 400, detail),
  missingAuthentication: () =>
    new ServiceError("MissingAuthenticationTokenException", 403, "Missing Authentication Token"),
  incompleteSignature: (detail: string) => new ServiceError("IncompleteSignatureException", 400, detail),
  invalidSignature: (detail: string) => new ServiceError("InvalidSignatureException", 403, detail),
};

/** Account FieldValidationCode has no range or cardinality codes; INVALID_VALUE is its closest member. */
const ACCOUNT_CODE: Record<FieldProblem["code"], string> = {
  REQUIRED_FIELD_MISSING: "REQUIRED_FIELD_MISSING",
  INVALID_STRING_FORMAT: "INVALID_STRING_FORMAT",
  INVALID_ENUM_VALUE: "INVALID_ENUM_VALUE",
  INVALID_VALUE: "INVALID_VALUE",
  VALUE_OUT_OF_RANGE: "INVALID_VALUE",
  TOO_MANY_VALUES: "TOO_MANY_VALUES",
  NOT_ENOUGH_VALUES: "INVALID_VALUE",
};

/** Reason values the Account API requires on its errors, used when a caller does not pick a specific one. */
const ACCOUNT_DEFAULT_REASON: Partial<Record<ModeledErrorName, string>> = {
  AccessDeniedException: "ACCESS_DENIED",
  ConflictException: "INCOMPATIBLE_CONNECTION_INVITATION_STATE",
  ResourceNotFoundException: "CONNECTION_INVITATION_NOT_FOUND",
  ServiceQuotaExceededException: "LIMIT_EXCEEDED_NUMBER_OF_OPEN_CONNECTION_INVITATION",
};

/** Builds errors in the exact member layout of one API's model (the two APIs differ). */
export class ErrorFactory {
  readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  private make(name: ModeledErrorName, message: string, members: Record<string, unknown> = {}): ServiceError {
    return new ServiceError(name, HTTP_STATUS[name], message, NAMESPACES[this.api], members);
  }

  validation(problems: FieldProblem[], message = "The request failed validation."): ServiceError {
    if (this.api === "selling") {
      return this.make("ValidationException", message, {
        Reason: "REQUEST_VALIDATION_FAILED",
        ErrorList: problems.map((p) => ({ FieldName: p.field, Message: p.message, Code: p.code })),
      });
    }
    return this.make("ValidationException", message, {
      Reason: "REQUEST_VALIDATION_FAILED",
      ErrorDetails: problems.map((p) => ({
        FieldValidationError: { Name: p.field, Message: p.message, Code: ACCOUNT_CODE[p.code] },
      })),
    });
  }

  /** A request that is well-formed but not allowed by business rules. */
  businessValidation(code: string, message: string): ServiceError {
    if (this.api === "selling") {
      return this.make("ValidationException", message, {
        Reason: "BUSINESS_VALIDATION_FAILED",
        ErrorList: [{ Message: message, Code: code }],
      });
    }
    return this.make("ValidationException", message, {
      Reason: "BUSINESS_VALIDATION_FAILED",
      ErrorDetails: [{ BusinessValidationError: { Message: message, Code: code } }],
    });
  }

  /** Any modeled error; `reason` is only emitted where that API's shape has a Reason member. */
  byName(name: ModeledErrorName, message?: string, reason?: string): ServiceError {
    const text = message ?? defaultMessage(name);
    switch (name) {
      case "ValidationException":
        return this.validation([], text);
      case "ThrottlingException":
        return this.make(name, text, this.api === "account" ? { ServiceCode: "partnercentral-account" } : {});
      case "InternalServerException":
        return this.make(name, text);
      default: {
        const withReason = this.api === "account" || name === "AccessDeniedException";
        const value = reason ?? (this.api === "account" ? ACCOUNT_DEFAULT_REASON[name] : undefined);
        return this.make(name, text, withReason && value ? { Reason: value } : {});
      }
    }
  }
}

function defaultMessage(name: ModeledErrorName): string {
  switch (name) {
    case "AccessDeniedException":
      return "You do not have sufficient access to perform this action.";
    case "ConflictException":
      return "The request conflicts with the current state of the resource.";
    case "InternalServerException":
      return "An internal error occurred.";
    case "ResourceNotFoundException":
      return "The requested resource was not found.";
    case "ServiceQuotaExceededException":
      return "The request would exceed a service quota.";
    case "ThrottlingException":
      return "Rate exceeded";
    case "ValidationException":
      return "The request failed validation.";
  }
}
