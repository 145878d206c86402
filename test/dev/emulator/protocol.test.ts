import * as Account from "@aws-sdk/client-partnercentral-account";
import * as Selling from "@aws-sdk/client-partnercentral-selling";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, type FaultName, startEmulator } from "../../../dev/emulator/index.ts";
import { clientsFor, credentials, failure, statusOf, waitFor } from "./helpers.ts";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

/** A middleware that edits the outgoing HTTP headers; the SDK's middleware types are not exported, hence the cast. */
function editHeaders<M>(edit: (headers: Record<string, string>) => void): M {
  const middleware = (next: (args: unknown) => Promise<unknown>) => async (args: { request: unknown }) => {
    edit((args.request as { headers: Record<string, string> }).headers);
    return next(args);
  };
  return middleware as unknown as M;
}

describe("endpoint, signing and protocol", () => {
  it("is reached through the AWS_ENDPOINT_URL_PARTNERCENTRAL_* variables and returns x-amzn-RequestId", async () => {
    const { selling, account } = clientsFor(emulator);
    emulator.resetCalls();
    const a = await account.send(new Account.ListConnectionsCommand({ Catalog: "AWS", MaxResults: 1 }));
    const s = await selling.send(
      new Selling.ListEngagementInvitationsCommand({
        Catalog: "AWS",
        ParticipantType: "RECEIVER",
        MaxResults: 1,
      }),
    );
    expect(emulator.calls.map((c) => [c.operation, c.status])).toEqual([
      ["ListConnections", 200],
      ["ListEngagementInvitations", 200],
    ]);
    expect(emulator.calls[0]?.input).toEqual({ Catalog: "AWS", MaxResults: 1 });
    expect(emulator.calls[1]?.at).toBeInstanceOf(Date);
    expect(a.$metadata.requestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(s.$metadata.requestId).not.toBe(a.$metadata.requestId);
  });

  it("refuses requests without a SigV4 Authorization header", async () => {
    const { selling } = clientsFor(emulator, { maxAttempts: 1 });
    selling.middlewareStack.addRelativeTo(
      editHeaders((headers) => {
        delete headers.authorization;
      }),
      { relation: "after", toMiddleware: "httpSigningMiddleware", name: "dropAuthorization" },
    );
    emulator.resetCalls();
    const err = await failure(
      selling.send(
        new Selling.ListEngagementInvitationsCommand({ Catalog: "AWS", ParticipantType: "RECEIVER" }),
      ),
    );
    expect(err).toBeInstanceOf(Selling.PartnerCentralSellingServiceException);
    expect(err.name).toBe("MissingAuthenticationTokenException");
    expect(statusOf(err)).toBe(403);
    expect(emulator.calls[0]?.status).toBe(403);
  });

  it("refuses credentials scoped to another service or region", async () => {
    const { account } = clientsFor(emulator, { maxAttempts: 1 });
    // Signed for partnercentral-account but addressed to the Selling API.
    account.middlewareStack.addRelativeTo(
      editHeaders((headers) => {
        headers["x-amz-target"] = "AWSPartnerCentralSelling.ListEngagementInvitations";
      }),
      { relation: "before", toMiddleware: "httpSigningMiddleware", name: "retarget" },
    );
    const wrongService = await failure(account.send(new Account.ListConnectionsCommand({ Catalog: "AWS" })));
    expect(wrongService.name).toBe("InvalidSignatureException");
    expect(wrongService.message).toContain("partnercentral-selling");
    expect(statusOf(wrongService)).toBe(403);

    const elsewhere = new Account.PartnerCentralAccountClient({
      region: "eu-west-1",
      credentials,
      maxAttempts: 1,
    });
    const wrongRegion = await failure(elsewhere.send(new Account.ListConnectionsCommand({ Catalog: "AWS" })));
    expect(wrongRegion.name).toBe("InvalidSignatureException");
    expect(wrongRegion.message).toContain("us-east-1");
  });

  it("answers operations it does not serve with UnknownOperationException", async () => {
    const { selling, account } = clientsFor(emulator, { maxAttempts: 1 });
    const a = await failure(account.send(new Account.ListPartnersCommand({ Catalog: "AWS" })));
    expect(a).toBeInstanceOf(Account.PartnerCentralAccountServiceException);
    expect(a.name).toBe("UnknownOperationException");
    expect(statusOf(a)).toBe(400);
    const s = await failure(selling.send(new Selling.ListSolutionsCommand({ Catalog: "AWS" })));
    expect(s.name).toBe("UnknownOperationException");
    expect(s.message).toContain("AWSPartnerCentralSelling.ListSolutions");
  });
});

describe("request handling", () => {
  it("rejects wrongly typed members with a SerializationException", async () => {
    const { account } = clientsFor(emulator, { maxAttempts: 1 });
    const err = await failure(
      account.send(
        new Account.ListConnectionsCommand({ Catalog: "AWS", MaxResults: "5" as unknown as number }),
      ),
    );
    expect(err.name).toBe("SerializationException");
    expect(statusOf(err)).toBe(400);
  });

  it("completes accept-invitation tasks after about 100 ms by default", async () => {
    const { selling } = clientsFor(emulator);
    const invitation = emulator.addEngagementInvitation();
    const started = performance.now();
    const task = await selling.send(
      new Selling.StartEngagementByAcceptingInvitationTaskCommand({
        Catalog: "AWS",
        Identifier: invitation.Id,
      }),
    );
    const status = async () =>
      (
        await selling.send(
          new Selling.ListEngagementByAcceptingInvitationTasksCommand({
            Catalog: "AWS",
            TaskIdentifier: [task.TaskId ?? ""],
          }),
        )
      ).TaskSummaries?.[0]?.TaskStatus;
    expect(await status()).toBe("IN_PROGRESS");
    await waitFor(async () => ((await status()) === "COMPLETE" ? true : undefined));
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });
});

describe("latency hooks", () => {
  const timed = async (run: () => Promise<unknown>) => {
    const start = performance.now();
    await run();
    return performance.now() - start;
  };

  it("delays one operation or all of them", async () => {
    const { account } = clientsFor(emulator);
    const invitation = [...emulator.state.connectionInvitations.values()][0];
    const get = () =>
      account.send(
        new Account.GetConnectionInvitationCommand({ Catalog: "AWS", Identifier: invitation?.Id }),
      );
    const list = () => account.send(new Account.ListConnectionsCommand({ Catalog: "AWS" }));
    // Generous margins: only the injected delay is asserted, not how fast a loaded machine answers.
    emulator.setLatency(300, "GetConnectionInvitation");
    try {
      expect(await timed(get)).toBeGreaterThanOrEqual(290);
      expect(await timed(list)).toBeLessThan(250);
      emulator.setLatency(300);
      expect(await timed(list)).toBeGreaterThanOrEqual(290);
    } finally {
      emulator.setLatency(0);
      emulator.setLatency(0, "GetConnectionInvitation");
    }
    expect(await timed(get)).toBeLessThan(250);
  });
});

describe("fault hooks", () => {
  type ErrorClass = abstract new (...args: never[]) => Error;
  const MODELED: [FaultName, number, ErrorClass, ErrorClass][] = [
    ["AccessDeniedException", 403, Selling.AccessDeniedException, Account.AccessDeniedException],
    ["ConflictException", 409, Selling.ConflictException, Account.ConflictException],
    ["InternalServerException", 500, Selling.InternalServerException, Account.InternalServerException],
    ["ResourceNotFoundException", 404, Selling.ResourceNotFoundException, Account.ResourceNotFoundException],
    [
      "ServiceQuotaExceededException",
      402,
      Selling.ServiceQuotaExceededException,
      Account.ServiceQuotaExceededException,
    ],
    ["ThrottlingException", 429, Selling.ThrottlingException, Account.ThrottlingException],
    ["ValidationException", 400, Selling.ValidationException, Account.ValidationException],
  ];

  it("injects each modeled error as the SDK's own exception class on both APIs", async () => {
    const { selling, account } = clientsFor(emulator, { maxAttempts: 1 });
    const callSelling = () =>
      selling.send(
        new Selling.ListEngagementInvitationsCommand({ Catalog: "AWS", ParticipantType: "RECEIVER" }),
      );
    const callAccount = () => account.send(new Account.ListConnectionInvitationsCommand({ Catalog: "AWS" }));
    for (const [name, status, SellingError, AccountError] of MODELED) {
      emulator.injectFault("ListEngagementInvitations", name);
      const s = await failure(callSelling());
      expect(s, name).toBeInstanceOf(SellingError);
      expect(statusOf(s)).toBe(status);
      await callSelling();

      emulator.injectFault("ListConnectionInvitations", name);
      const a = await failure(callAccount());
      expect(a, name).toBeInstanceOf(AccountError);
      expect(statusOf(a)).toBe(status);
      await callAccount();
    }
  });

  it("carries the members each API models on its errors", async () => {
    const { account } = clientsFor(emulator, { maxAttempts: 1 });
    emulator.injectFault("ListConnections", "AccessDeniedException");
    const denied = await failure(account.send(new Account.ListConnectionsCommand({ Catalog: "AWS" })));
    expect((denied as unknown as Account.AccessDeniedException).Reason).toBe("ACCESS_DENIED");
    emulator.injectFault("ListConnections", "ThrottlingException");
    const throttled = await failure(account.send(new Account.ListConnectionsCommand({ Catalog: "AWS" })));
    expect((throttled as unknown as Account.ThrottlingException).ServiceCode).toBe("partnercentral-account");
    expect(throttled.message).toContain("ThrottlingException");
  });

  it("fails the next n calls of any operation with '*'", async () => {
    const { selling, account } = clientsFor(emulator, { maxAttempts: 1 });
    emulator.injectFault("*", "ServiceQuotaExceededException", 2);
    const first = await failure(account.send(new Account.ListConnectionsCommand({ Catalog: "AWS" })));
    const second = await failure(
      selling.send(new Selling.ListEngagementByAcceptingInvitationTasksCommand({ Catalog: "AWS" })),
    );
    expect(first).toBeInstanceOf(Account.ServiceQuotaExceededException);
    expect(second).toBeInstanceOf(Selling.ServiceQuotaExceededException);
    await account.send(new Account.ListConnectionsCommand({ Catalog: "AWS" }));
  });

  it("is retried transparently by the SDK's default retry strategy", async () => {
    const { account } = clientsFor(emulator);
    emulator.resetCalls();
    emulator.injectFault("ListConnections", "InternalServerException");
    const res = await account.send(new Account.ListConnectionsCommand({ Catalog: "AWS" }));
    expect(res.$metadata.attempts).toBe(2);
    expect(emulator.calls.map((c) => c.status)).toEqual([500, 200]);
  });

  it("fails a deterministic fraction of calls with setFaultRate", async () => {
    const pattern = async (target: Emulator) => {
      const { account } = clientsFor(target, { maxAttempts: 1 });
      const outcome: string[] = [];
      for (let i = 0; i < 40; i++) {
        try {
          await account.send(new Account.ListConnectionsCommand({ Catalog: "AWS", MaxResults: 1 }));
          outcome.push("ok");
        } catch (err) {
          expect(err).toBeInstanceOf(Account.ThrottlingException);
          outcome.push("throttled");
        }
      }
      return outcome;
    };
    const twin = await startEmulator();
    try {
      emulator.setFaultRate("ThrottlingException", 0.3);
      twin.setFaultRate("ThrottlingException", 0.3);
      const [a, b] = [await pattern(emulator), await pattern(twin)];
      expect(a).toEqual(b);
      const throttled = a.filter((o) => o === "throttled").length;
      expect(throttled).toBeGreaterThan(3);
      expect(throttled).toBeLessThan(25);

      emulator.setFaultRate("ThrottlingException", 0);
      emulator.setFaultRate("InternalServerException", 1);
      const { selling } = clientsFor(emulator, { maxAttempts: 1 });
      const err = await failure(
        selling.send(new Selling.ListEngagementByAcceptingInvitationTasksCommand({ Catalog: "AWS" })),
      );
      expect(err).toBeInstanceOf(Selling.InternalServerException);
      emulator.setFaultRate("InternalServerException", 0);
      expect((await pattern(emulator)).every((o) => o === "ok")).toBe(true);
    } finally {
      await twin.close();
    }
  });
});
