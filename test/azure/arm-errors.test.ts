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
  test("403 AuthorizationFailed names the missing action, its scope and the built-in role that grants it", () => {
    const refusal = armRefusal(
      403,
      "AuthorizationFailed",
      `The client 'me@contoso.com' with object id 'abc' does not have authorization to perform action 'Microsoft.Network/privateEndpoints/write' over scope '${PE}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
    const error = asUserError(toUserError(refusal, context));
    expect(error.message).toBe(
      `Not allowed to create or update private endpoint ${PE}: the signed-in identity lacks Microsoft.Network/privateEndpoints/write over ${PE}; the built-in role Network Contributor on resource group rg-net grants it. (x-ms-request-id 11111111-2222-3333-4444-555555555555)`,
    );
    expect(error.hint).toBe(
      `Ask for Network Contributor on resource group rg-net (an owner can run: az role assignment create --assignee abc --role "Network Contributor" --scope ${SCOPE}), then run again; role assignments can take a few minutes to apply.`,
    );
    expect(error.exitCode).toBe(ExitCode.failure);
  });

  test("403 LinkedAuthorizationFailed names the linked action (joining the subnet) and the role on the VNet", () => {
    const subnet = `${SCOPE}/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe`;
    const refusal = armRefusal(
      403,
      "LinkedAuthorizationFailed",
      `The client 'me@contoso.com' with object id 'abc' has permission to perform action 'Microsoft.Network/privateEndpoints/write' on scope '${PE}'; however, it does not have permission to perform action(s) 'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope(s) '${subnet}' (respectively) or the linked scope(s) are invalid.`,
    );
    const error = asUserError(toUserError(refusal, context));
    expect(error.message).toContain(
      `lacks Microsoft.Network/virtualNetworks/subnets/join/action over the linked scope ${subnet}; the built-in role Network Contributor on virtual network vnet-hub grants it.`,
    );
    expect(error.hint).toContain(`--scope ${SCOPE}/providers/Microsoft.Network/virtualNetworks/vnet-hub`);
  });

  test("a 403 whose message names no action still says what was refused", () => {
    const error = asUserError(toUserError(armRefusal(403, "Forbidden", "Nope."), context));
    expect(error.message).toBe(
      `Not allowed to create or update private endpoint ${PE} (Forbidden: Nope.). (x-ms-request-id 11111111-2222-3333-4444-555555555555)`,
    );
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
