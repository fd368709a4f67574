import { createHttpHeaders, createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import { describe, expect, test } from "vitest";
import { toUserError } from "../../src/azure/arm-errors.js";
import { ExitCode, UserError } from "../../src/core/user-error.js";

const SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net";
const PE = `${SCOPE}/providers/Microsoft.Network/privateEndpoints/pe-1`;
const context = { verb: "create or update", kind: "private endpoint", id: PE };

/** A RestError as the SDK raises it for an ARM error answer. */
function armRefusal(status: number, code: string, message: string): RestError {
  const request = createPipelineRequest({ url: `https://management.azure.com${PE}?api-version=2026-01-01` });
  request.headers.set("Authorization", "Bearer secret-token-value");
  const headers = createHttpHeaders({ "x-ms-request-id": "11111111-2222-3333-4444-555555555555" });
  const body = { error: { code, message } };
  return new RestError(message, {
    code,
    statusCode: status,
    request,
    response: { status, headers, request, bodyAsText: JSON.stringify(body) },
  });
}

function asUserError(error: unknown): UserError {
  if (!(error instanceof UserError)) throw new Error(`not a UserError: ${String(error)}`);
  return error;
}

describe("toUserError", () => {
  test("403 AuthorizationFailed names the missing action and its scope", () => {
    const refusal = armRefusal(
      403,
      "AuthorizationFailed",
      `The client 'me@contoso.com' with object id 'abc' does not have authorization to perform action 'Microsoft.Network/privateEndpoints/write' over scope '${SCOPE}' or the scope is invalid.`,
    );
    const error = asUserError(toUserError(refusal, context));
    expect(error.message).toBe(
      `Not allowed to create or update private endpoint ${PE}: the signed-in identity lacks Microsoft.Network/privateEndpoints/write over ${SCOPE}. (x-ms-request-id 11111111-2222-3333-4444-555555555555)`,
    );
    expect(error.hint).toContain("Microsoft.Network/privateEndpoints/write");
    expect(error.exitCode).toBe(ExitCode.failure);
  });

  test("never quotes the credential the request carried", () => {
    const error = asUserError(toUserError(armRefusal(400, "InvalidParameter", "Bad subnet."), context));
    expect(`${error.message} ${error.hint}`).not.toContain("secret-token-value");
    expect(error.message).toContain("InvalidParameter: Bad subnet.");
  });

  test("a long-running operation ARM reports as Failed becomes a UserError with ARM's reason", () => {
    const failed = new Error(
      "The long-running operation has failed. SubnetIsFull. Subnet pe has no free addresses.",
    );
    const error = asUserError(toUserError(failed, context));
    expect(error.message).toContain(
      "then the operation failed: SubnetIsFull. Subnet pe has no free addresses.",
    );
  });

  test("anything else is not a user error and is passed through", () => {
    const bug = new TypeError("cannot read properties of undefined");
    expect(toUserError(bug, context)).toBe(bug);
  });
});
