import {
  HELD_OUTCOMES,
  HELD_STATES,
  type HeldOperation,
  type HeldOutcome,
  type HeldState,
} from "./held-operations.js";
import { SandboxInputError } from "./sandbox-error.js";

/**
 * The sandbox's route for operations in progress, beside its events route (event-route.ts) and outside ARM's paths:
 * `POST /_sandbox/operations` with `{"hold": "<resource id>", "state": "Updating"}` leaves the resource in that
 * provisioningState (an earlier write still in flight), and `{"release": "<resource id>", "outcome": "Failed"}` ends
 * it. No token, no api-version; neither faulted, logged as ARM traffic nor checked against the ARM specs.
 */
export const OPERATIONS_PATH = "/_sandbox/operations";

export interface OperationControls {
  hold(resourceId: string, state: HeldState): HeldOperation;
  release(resourceId: string, outcome: HeldOutcome): { resourceId: string; provisioningState: HeldOutcome };
}

export interface OperationsReply {
  readonly status: number;
  readonly body: unknown;
}

function refusal(status: number, message: string): OperationsReply {
  const usage = `Send {"hold": "<resource id>", "state": "${HELD_STATES.join('" | "')}"} or {"release": "<resource id>", "outcome": "${HELD_OUTCOMES.join('" | "')}"}.`;
  return { status, body: { error: { code: "InvalidRequestContent", message: `${message} ${usage}` } } };
}

function pick<T extends string>(values: readonly T[], value: unknown, fallback: T): T | undefined {
  if (value === undefined) return fallback;
  return values.find((v) => typeof value === "string" && v.toLowerCase() === value.toLowerCase());
}

/** The answer to a request on {@link OPERATIONS_PATH}, or undefined for any other path. */
export function serveOperationsRoute(
  method: string,
  path: string,
  text: string,
  controls: OperationControls,
): OperationsReply | undefined {
  if (path.toLowerCase() !== OPERATIONS_PATH) return undefined;
  if (method !== "POST")
    return {
      status: 405,
      body: { error: { code: "MethodNotAllowed", message: `${OPERATIONS_PATH} takes POST, not ${method}.` } },
    };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refusal(400, "The body is not JSON.");
  }
  const fields = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  try {
    if (typeof fields.hold === "string" && fields.hold !== "") {
      const state = pick(HELD_STATES, fields.state, "Updating");
      if (state === undefined) return refusal(400, `"${String(fields.state)}" is not a state to hold.`);
      return { status: 200, body: controls.hold(fields.hold, state) };
    }
    if (typeof fields.release === "string" && fields.release !== "") {
      const outcome = pick(HELD_OUTCOMES, fields.outcome, "Succeeded");
      if (outcome === undefined) return refusal(400, `"${String(fields.outcome)}" is not an outcome.`);
      return { status: 200, body: controls.release(fields.release, outcome) };
    }
    return refusal(400, "The body names no resource to hold or release.");
  } catch (error) {
    if (!(error instanceof SandboxInputError)) throw error;
    return {
      status: 404,
      body: { error: { code: "ResourceNotFound", message: `${error.message} ${error.hint ?? ""}`.trim() } },
    };
  }
}
