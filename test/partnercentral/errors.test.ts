import * as account from "@aws-sdk/client-partnercentral-account";
import * as selling from "@aws-sdk/client-partnercentral-selling";
import { describe, expect, it } from "vitest";
import {
  PartnerCentralError,
  type PartnerCentralErrorCode,
  toPartnerCentralError,
} from "../../src/partnercentral/errors.ts";

const $metadata = { httpStatusCode: 400, requestId: "req-0001" };
const subject = { what: "engagement invitation", id: "engi-0jv1hd3bdn2c4", catalog: "AWS" };

/** Every error each SDK models, as the SDK throws it, and what the app makes of it. */
const modelled: Array<{
  name: string;
  make: (message: string) => Error;
  code: PartnerCentralErrorCode;
  retryable: boolean;
  says: RegExp;
}> = [
  {
    name: "AccessDeniedException",
    make: (message) => new selling.AccessDeniedException({ message, $metadata }),
    code: "AccessDenied",
    retryable: false,
    says: /^AWS denied partnercentral:GetEngagementInvitation .*IAM policy/,
  },
  {
    name: "ThrottlingException",
    make: (message) => new selling.ThrottlingException({ message, $metadata }),
    code: "Throttling",
    retryable: true,
    says: /throttling .* Try again in a minute\.$/,
  },
  {
    name: "ValidationException",
    make: (message) =>
      new selling.ValidationException({ message, $metadata, Message: message, Reason: undefined }),
    code: "Validation",
    retryable: false,
    says: /^Partner Central rejected the request \(the service says no\)\.$/,
  },
  {
    name: "ResourceNotFoundException",
    make: (message) => new selling.ResourceNotFoundException({ message, $metadata }),
    code: "NotFound",
    retryable: false,
    says: /^No engagement invitation with id engi-0jv1hd3bdn2c4 in the AWS catalog\.$/,
  },
  {
    name: "ConflictException",
    make: (message) => new selling.ConflictException({ message, $metadata }),
    code: "Conflict",
    retryable: false,
    says: /^Engagement invitation engi-0jv1hd3bdn2c4 in the AWS catalog has changed in the meantime: the service says no\.$/,
  },
  {
    name: "InternalServerException",
    make: (message) => new selling.InternalServerException({ message, $metadata }),
    code: "InternalServer",
    retryable: true,
    says: /internal error\. Try again in a few minutes\.$/,
  },
  {
    name: "ServiceQuotaExceededException",
    make: (message) => new selling.ServiceQuotaExceededException({ message, $metadata }),
    code: "QuotaExceeded",
    retryable: false,
    says: /quota for this account is used up \(the service says no\)\. Try again tomorrow/,
  },
];

describe("toPartnerCentralError", () => {
  it.each(modelled)("turns $name into $code with a sentence to act on", ({ make, code, retryable, says }) => {
    const cause = make("the service says no");
    const error = toPartnerCentralError(cause, "GetEngagementInvitation", subject);
    expect(error).toBeInstanceOf(PartnerCentralError);
    expect(error).toMatchObject({
      code,
      retryable,
      operation: "GetEngagementInvitation",
      requestId: "req-0001",
    });
    expect(error.userMessage).toMatch(says);
    expect(error.cause).toBe(cause);
  });

  it("maps the Account API's errors of the same names alike", () => {
    // The Account API's errors carry the service's text in Message and, for most, a Reason.
    const said = { message: "no", Message: "no", Reason: undefined, $metadata };
    const accountErrors = [
      new account.AccessDeniedException(said),
      new account.ThrottlingException(said),
      new account.ValidationException(said),
      new account.ResourceNotFoundException(said),
      new account.ConflictException(said),
      new account.InternalServerException(said),
      new account.ServiceQuotaExceededException(said),
    ];
    expect(accountErrors.map((e) => toPartnerCentralError(e, "GetConnection").code)).toEqual(
      modelled.map((m) => m.code),
    );
  });

  it("names the quota a throttled call hit: 10 reads a second for a read, 1 change a second for any change", () => {
    const throttled = () => new selling.ThrottlingException({ message: "slow down", $metadata });
    const quota = (operation: string) =>
      toPartnerCentralError(throttled(), operation).userMessage.match(
        /allows (1 change|10 reads) a second/,
      )?.[1];
    for (const read of ["GetOpportunity", "ListEngagementInvitations", "GetConnectionInvitation"]) {
      expect(quota(read), read).toBe("10 reads");
    }
    for (const change of [
      "AcceptEngagementInvitation",
      "StartEngagementByAcceptingInvitationTask",
      "RejectEngagementInvitation",
      "AssignOpportunity",
      "UpdateOpportunity",
      "AcceptConnectionInvitation",
    ]) {
      expect(quota(change), change).toBe("1 change");
    }
  });

  it("lists the fields a validation failure names, from either API", () => {
    const fromSelling = new selling.ValidationException({
      message: "invalid",
      $metadata,
      Message: "invalid",
      Reason: "REQUEST_VALIDATION_FAILED",
      ErrorList: [{ FieldName: "Identifier", Message: "is too long", Code: "INVALID_VALUE" }],
    });
    const fromAccount = new account.ValidationException({
      message: "invalid",
      $metadata,
      Message: "invalid",
      Reason: "REQUEST_VALIDATION_FAILED",
      ErrorDetails: [
        {
          FieldValidationError: {
            Name: "Catalog",
            Message: "must be AWS or Sandbox",
            Code: "INVALID_ENUM_VALUE",
          },
        },
      ],
    });
    expect(toPartnerCentralError(fromSelling, "RejectEngagementInvitation")).toMatchObject({
      userMessage: "Partner Central rejected the request (Identifier: is too long).",
      fields: [{ field: "Identifier", message: "is too long" }],
    });
    expect(toPartnerCentralError(fromAccount, "ListConnections").fields).toEqual([
      { field: "Catalog", message: "must be AWS or Sandbox" },
    ]);
  });

  it("names the item it could not find, or says it generally without a subject", () => {
    const missing = new selling.ResourceNotFoundException({ message: "gone", $metadata });
    expect(toPartnerCentralError(missing, "GetEngagementInvitation").userMessage).toBe(
      "Partner Central has no such item.",
    );
  });

  it("says how to give the app credentials when there are none", () => {
    const none = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
    expect(toPartnerCentralError(none, "ListConnections")).toMatchObject({
      code: "NoCredentials",
      retryable: false,
    });
  });

  it.each(["ECONNREFUSED", "ENOTFOUND", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "EPIPE"])(
    "calls the network error %s unreachable, worth another try",
    (code) => {
      const error = toPartnerCentralError(
        Object.assign(new Error(`connect ${code}`), { code }),
        "ListConnections",
      );
      expect(error).toMatchObject({ code: "Unreachable", retryable: true });
      expect(error.userMessage).toBe(
        "Partner Central could not be reached. Check the network and try again.",
      );
    },
  );

  it("calls a timed-out request unreachable", () => {
    const timeout = Object.assign(new Error("Connection timed out after 1000 ms"), { name: "TimeoutError" });
    expect(toPartnerCentralError(timeout, "ListConnections").code).toBe("Unreachable");
  });

  it("names an error it does not know, and anything thrown that is not an error", () => {
    const unknown = Object.assign(new Error("teapot"), { name: "ImATeapotException", $metadata });
    expect(toPartnerCentralError(unknown, "GetConnection")).toMatchObject({
      code: "Unknown",
      retryable: false,
      requestId: "req-0001",
      userMessage: "Partner Central call GetConnection failed (ImATeapotException: teapot).",
    });
    expect(toPartnerCentralError("boom", "GetConnection").userMessage).toBe(
      "Partner Central call GetConnection failed (error).",
    );
  });

  it("passes a PartnerCentralError through unchanged", () => {
    const already = new PartnerCentralError("Conflict", "Someone got there first.", "Cancel");
    expect(toPartnerCentralError(already, "Other")).toBe(already);
  });
});
