import type { RestError } from "@azure/core-rest-pipeline";
import { type RoleAdvice, roleAdviceFor, roleAssignmentCommand, rolesInWords } from "../core/permissions.js";
import { ExitCode, UserError } from "../core/user-error.js";
import { capped, errorAnswers, UnusableAnswer } from "./unusable-answer.js";

/** What the adapter was doing when ARM refused: "create or update" the "private endpoint" with this id. */
export interface ArmCallContext {
  readonly verb: string;
  readonly kind: string;
  /** The resource id, or the scope (a subscription, a vault) of a list. */
  readonly id: string;
}

/**
 * Same test as core-rest-pipeline's isRestError (an Error named "RestError"); importing that function here would
 * load the whole pipeline before the wizard's first frame (see client-factory.ts).
 */
function isRestError(error: unknown): error is RestError {
  return error instanceof Error && error.name === "RestError";
}

/**
 * ARM's error body is `{"error": {"code", "message"}}`; the modular clients put it in `details`, the classic
 * backup client in `code` and `message` directly.
 */
function armCodeAndMessage(error: RestError): { code: string | undefined; message: string } {
  const answered = error.request === undefined ? undefined : errorAnswers.get(error.request);
  if (answered !== undefined) return answered;
  const body = error.details as { error?: { code?: unknown; message?: unknown } } | undefined;
  const code = typeof body?.error?.code === "string" ? body.error.code : error.code;
  const message = typeof body?.error?.message === "string" ? body.error.message : error.message;
  return { code, message };
}

/**
 * Only these response headers are ever quoted: they identify the request for Azure support and carry no
 * credential (unlike Authorization, or a SAS in a Location URL).
 */
function requestIdOf(error: RestError): string | undefined {
  const headers = error.response?.headers;
  return headers?.get("x-ms-request-id") ?? headers?.get("x-ms-correlation-request-id") ?? undefined;
}

/**
 * A long-running operation that ARM reports as Failed is raised by @azure/core-lro as a plain Error whose message
 * starts with this text and carries ARM's code and message after it (core-lro, poller/operation.js).
 */
const LRO_FAILED = "The long-running operation has failed";

function failedOperationReason(error: unknown): string | undefined {
  if (!(error instanceof Error) || isRestError(error) || !error.message.startsWith(LRO_FAILED))
    return undefined;
  const reason = error.message.slice(LRO_FAILED.length).replace(/^\.\s*/, "");
  return reason === "" ? "ARM gave no reason." : reason;
}

/**
 * RestError codes of a request that got no (whole) answer: Node's socket errors, which the SDK retries
 * (exponentialRetryStrategy, isSystemError), and the pipeline's own REQUEST_SEND_ERROR. A write that ends on one
 * may or may not have reached ARM; re-running is safe because every write is an idempotent PUT or PATCH.
 */
const NETWORK_FAILURES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "EPIPE",
  "REQUEST_SEND_ERROR",
]);

/**
 * ARM's 403 messages name what is missing. AuthorizationFailed: "The client 'C' with object id 'O' does not have
 * authorization to perform action 'A' over scope 'S' or the scope is invalid." LinkedAuthorizationFailed (the
 * caller may write the resource but not join what it references, e.g. a subnet): "… has permission to perform
 * action 'A' on scope 'S'; however, it does not have permission to perform action(s) 'B' on the linked scope(s)
 * 'L' …" (comma-separated when several).
 */
const AUTHORIZATION = /perform action '([^']+)' over scope '([^']+)'/;
const LINKED_AUTHORIZATION = /perform action\(s\) '([^']+)' on the linked scope\(s\) '([^']+)'/;
const OBJECT_ID = /with object id '([^']+)'/;

interface MissingPermission {
  readonly action: string;
  readonly scope: string;
  readonly linked: boolean;
}

function missingPermissionIn(message: string): MissingPermission | undefined {
  const linked = LINKED_AUTHORIZATION.exec(message);
  if (linked?.[1] !== undefined && linked[2] !== undefined) {
    const action = linked[1].split(",")[0]?.trim() ?? linked[1];
    const scope = linked[2].split(",")[0]?.trim() ?? linked[2];
    return { action, scope, linked: true };
  }
  const direct = AUTHORIZATION.exec(message);
  if (direct?.[1] === undefined || direct[2] === undefined) return undefined;
  return { action: direct[1], scope: direct[2], linked: false };
}

function permissionHint(
  missing: MissingPermission,
  advice: RoleAdvice | undefined,
  objectId: string | undefined,
) {
  if (advice === undefined)
    return `Ask for a role that grants ${missing.action} on ${missing.scope} (or a parent scope), then run again.`;
  const command =
    objectId === undefined ? "" : ` (an owner can run: ${roleAssignmentCommand(advice, objectId)})`;
  return `Ask for ${rolesInWords(advice)} on ${advice.assignAtLabel}${command}, then run again; role assignments can take a few minutes to apply.`;
}

/**
 * Turns an ARM refusal into a UserError that says what was refused, for which resource, why (ARM's own code and
 * message) and what to do. Anything that is not an HTTP error from ARM is returned unchanged: it is a bug.
 */
export function toUserError(error: unknown, context: ArmCallContext): unknown {
  if (error instanceof UnusableAnswer) {
    return new UserError(`Could not ${context.verb} ${context.kind} ${context.id}: ${error.message}.`, {
      hint: error.hint,
      exitCode: ExitCode.failure,
      cause: error,
    });
  }
  const failedOperation = failedOperationReason(error);
  if (failedOperation !== undefined) {
    return new UserError(
      `ARM accepted the request to ${context.verb} ${context.kind} ${context.id}, then the operation failed: ${capped(failedOperation)}`,
      {
        hint: "Fix what ARM names (the resource is left as ARM shows it in the portal) and run again.",
        exitCode: ExitCode.failure,
        cause: error,
      },
    );
  }
  if (isRestError(error) && error.statusCode === undefined && NETWORK_FAILURES.has(error.code ?? "")) {
    return new UserError(
      `Could not ${context.verb} ${context.kind} ${context.id}: ARM could not be reached or did not answer (${error.code}: ${capped(error.message)}); vaultlink already retried.`,
      {
        hint: "Check the connection to Azure (network, proxy, VPN) and run again; a re-run does only what is still missing.",
        exitCode: ExitCode.failure,
        cause: error,
      },
    );
  }
  if (!isRestError(error) || error.statusCode === undefined) return error;
  const { code, message } = armCodeAndMessage(error);
  const requestId = requestIdOf(error);
  const reference = requestId === undefined ? "" : ` (x-ms-request-id ${requestId})`;
  const what = `${context.kind} ${context.id}`;
  // A server's text is capped where it is quoted; the permission hints below read the whole message.
  const because = `${capped(code ?? `HTTP ${error.statusCode}`, 100)}: ${capped(message)}`;
  const made = (text: string, hint: string, exitCode: ExitCode) =>
    new UserError(`${text}${reference}`, { hint, exitCode, cause: error });

  switch (error.statusCode) {
    case 404:
      return made(
        code === "ResourceGroupNotFound"
          ? `The resource group of ${what} was not found (${because}).`
          : `${capitalised(what)} was not found (${because}).`,
        "Check the id (subscription, resource group and name) and that the signed-in identity can see that subscription.",
        ExitCode.badInput,
      );
    case 409:
      return made(
        `Could not ${context.verb} ${what}: it conflicts with its current state (${because}).`,
        "Another operation may still be running on it, or a resource with that name already exists elsewhere. Wait for it to finish, or choose another name.",
        ExitCode.failure,
      );
    case 400:
      return made(
        `ARM refused to ${context.verb} ${what} (${because}).`,
        "Fix the value ARM names in its message and run again.",
        ExitCode.badInput,
      );
    case 401:
      return made(
        `ARM did not accept the credential while trying to ${context.verb} ${what} (${because}).`,
        "Sign in again (az login, or the credential vaultlink was given) for the right tenant and cloud.",
        ExitCode.failure,
      );
    case 403: {
      const missing = missingPermissionIn(message);
      if (missing === undefined)
        return made(
          `Not allowed to ${context.verb} ${what} (${because}).`,
          "Ask for a role assignment that allows this on the resource or its resource group.",
          ExitCode.failure,
        );
      const advice = roleAdviceFor(missing.action, missing.scope);
      const grantedBy =
        advice === undefined
          ? ""
          : `; the built-in role ${rolesInWords(advice)} on ${advice.assignAtLabel} grants it`;
      const where = missing.linked ? `the linked scope ${missing.scope}` : missing.scope;
      return made(
        `Not allowed to ${context.verb} ${what}: the signed-in identity lacks ${missing.action} over ${where}${grantedBy}.`,
        permissionHint(missing, advice, OBJECT_ID.exec(message)?.[1]),
        ExitCode.failure,
      );
    }
    default:
      return made(
        `ARM could not ${context.verb} ${what} (${because}).`,
        error.statusCode === 429 || error.statusCode >= 500
          ? "ARM is busy or failing; vaultlink already retried. Try again in a few minutes."
          : "Check the resource in the Azure portal and run again.",
        ExitCode.failure,
      );
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Runs one ARM call and turns its refusal into a UserError (see {@link toUserError}). */
export async function armCall<T>(context: ArmCallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toUserError(error, context);
  }
}

/**
 * The pages of an SDK list, with a refusal on any page turned into a UserError. The list may come as a promise (its
 * client made once its SDK module has loaded, client-factory.ts).
 */
export async function* armPages<T, U>(
  context: ArmCallContext,
  pages: AsyncIterable<T[]> | Promise<AsyncIterable<T[]>>,
  map: (item: T) => U,
): AsyncGenerator<readonly U[]> {
  const iterator = (await armCall(context, async () => await pages))[Symbol.asyncIterator]();
  while (true) {
    // Mapped inside the call too: a page missing a field ARM always sends is the same refusal as a bad page.
    const page = await armCall(context, async () => {
      const next = await iterator.next();
      return next.done === true ? undefined : next.value.map(map);
    });
    if (page === undefined) return;
    yield page;
  }
}

/**
 * Undefined when ARM says the resource does not exist (404), the value otherwise; every other refusal stays an
 * error. For reads of resources a plan may not have created yet.
 */
export async function unlessNotFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof UserError && isRestError(error.cause) && error.cause.statusCode === 404)
      return undefined;
    throw error;
  }
}

/**
 * Like unlessNotFound, and also undefined when ARM refuses the read (403): for resources vaultlink only looks at
 * around a plan (a peered VNet in a subscription the identity cannot read), whose absence weakens a finding but must
 * not stop a dry run.
 */
export async function unlessUnreadable<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (
      error instanceof UserError &&
      isRestError(error.cause) &&
      [403, 404].includes(error.cause.statusCode ?? 0)
    )
      return undefined;
    throw error;
  }
}
