import { type EndpointGrowth, LIFECYCLE_EVENT_NAMES, type LifecycleEvent } from "./lifecycle-events.js";
import { SandboxInputError } from "./sandbox-error.js";

/**
 * The sandbox's own HTTP route, beside the ARM ones: `POST /_sandbox/events` with `{"event": "first-backup",
 * "vault": "<name or id>"}` makes the vault's endpoints gain the storage records that its first registration or
 * first backup brings, which no ARM operation can ask for. No ARM path starts with `/_`, so it cannot shadow one;
 * it takes no api-version and no token (the sandbox serves only loopback), and it is neither faulted, logged as
 * ARM traffic nor checked against the ARM specs.
 */
export const EVENTS_PATH = "/_sandbox/events";

export interface EventReply {
  readonly status: number;
  readonly body: unknown;
}

function refusal(status: number, code: string, message: string, hint?: string): EventReply {
  return { status, body: { error: { code, message: hint === undefined ? message : `${message} ${hint}` } } };
}

/** The answer to a request under `/_sandbox/`, or undefined when the path is not the sandbox's. */
export function serveEventRoute(
  method: string,
  path: string,
  text: string,
  simulate: (event: LifecycleEvent) => EndpointGrowth[],
): EventReply | undefined {
  if (!path.toLowerCase().startsWith("/_sandbox/")) return undefined;
  if (path.toLowerCase() !== EVENTS_PATH) {
    return refusal(
      404,
      "NotFound",
      `The sandbox has no route ${path}; it serves POST ${EVENTS_PATH} and POST /_sandbox/operations.`,
    );
  }
  if (method !== "POST") return refusal(405, "MethodNotAllowed", `${EVENTS_PATH} takes POST, not ${method}.`);
  const usage = `Send {"event": "${Object.keys(LIFECYCLE_EVENT_NAMES).join('" or "')}", "vault": "<vault name or id>"}.`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refusal(400, "InvalidRequestContent", "The body is not JSON.", usage);
  }
  const { event, vault } = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const kind = typeof event === "string" ? LIFECYCLE_EVENT_NAMES[event.toLowerCase()] : undefined;
  if (kind === undefined || typeof vault !== "string" || vault.trim() === "") {
    return refusal(400, "InvalidRequestContent", "The body names no known event and vault.", usage);
  }
  try {
    const endpoints = simulate({ kind, vaultId: vault });
    return { status: 200, body: { event, vault, endpoints } };
  } catch (error) {
    if (!(error instanceof SandboxInputError)) throw error;
    return refusal(
      /is not a Recovery Services vault/.test(error.message) ? 404 : 400,
      "EventRefused",
      error.message,
      error.hint,
    );
  }
}
