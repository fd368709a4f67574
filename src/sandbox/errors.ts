/**
 * ARM's error envelope `{"error":{"code","message"}}` (common-types `ErrorResponse`, network `CloudError`,
 * recoveryservices `CloudError`): every provider answers failures in this shape, so the SDK's
 * RestError carries the code and message through to the adapter.
 */
export class ArmError extends Error {
  override readonly name = "ArmError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** ARM's 404 for a tracked resource (message shape as ARM returns it, with its aka.ms link). */
export function resourceNotFound(type: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. ` +
      "For more details please go to https://aka.ms/ARMResourceNotFoundFix",
  );
}

/** ARM's 404 when a nested resource is addressed under a parent that does not exist. */
export function parentResourceNotFound(parentName: string): ArmError {
  return new ArmError(
    404,
    "ParentResourceNotFound",
    `Can not perform requested operation on nested resource. Parent resource '${parentName}' not found.`,
  );
}

export function resourceGroupNotFound(name: string): ArmError {
  return new ArmError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`);
}

export function subscriptionNotFound(subscriptionId: string): ArmError {
  return new ArmError(
    404,
    "SubscriptionNotFound",
    `The subscription '${subscriptionId}' could not be found.`,
  );
}

export function invalidRequestContent(message: string): ArmError {
  return new ArmError(400, "InvalidRequestContent", message);
}

/** A nested resource addressed by a relative id that the request body points at (e.g. `subnet.id`). */
export function invalidResourceReference(referenced: string, by: string): ArmError {
  return new ArmError(
    400,
    "InvalidResourceReference",
    `Resource ${referenced} referenced by resource ${by} was not found. ` +
      "Please make sure that the referenced resource exists, and that both resources are in the same region.",
  );
}

/** `If-Match` / `If-None-Match` failed (ARM answers 412 with this code). */
export function preconditionFailed(message: string): ArmError {
  return new ArmError(412, "PreconditionFailed", message);
}
