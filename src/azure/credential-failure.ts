import { AuthenticationError } from "@azure/identity";
import type { CloudName } from "../core/clouds.js";
import { ExitCode, UserError } from "../core/user-error.js";
import { CREDENTIAL_SOURCE_LABELS, type CredentialSource } from "./credential-source.js";

/** One credential that was asked for a token and did not give one, with what it said. */
export interface SignInAttempt {
  readonly source: CredentialSource;
  readonly error: unknown;
}

export interface SignInContext {
  readonly cloud: CloudName;
  /** The tenant asked for with --tenant, if any. */
  readonly tenantId: string | undefined;
}

// The SDK's messages end with links to its own troubleshooting guides; the reason alone fits on one line.
const SDK_TAILS =
  /\s*(?:Please visit|To mitigate|To troubleshoot|See the troubleshooting|In DefaultAzureCredential and)\b.*$/is;
const MAX_REASON = 240;

/** An Entra ID refusal carries an AADSTS code; its page is https://login.microsoftonline.com/error?code=N. */
function entraErrorCode(text: string): string | undefined {
  return /AADSTS(\d+)/.exec(text)?.[1];
}

function firstLine(text: string): string {
  let line = text.trim().split(/\r?\n/)[0] ?? "";
  line = line.replace(SDK_TAILS, "");
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}

/** What one credential said, on one line, without anything it was sent (there is nothing secret in these). */
function reasonOf(error: unknown): string {
  if (error instanceof AuthenticationError) {
    const { error: code, errorDescription } = error.errorResponse;
    return `${code}: ${firstLine(errorDescription)}`;
  }
  if (error instanceof Error) return firstLine(error.message) || error.name;
  return firstLine(String(error));
}

/** Microsoft Entra ID answered and refused, as opposed to the credential having nothing to offer. */
function wasRefused(attempt: SignInAttempt): boolean {
  return (
    attempt.error instanceof AuthenticationError ||
    (attempt.error instanceof Error && entraErrorCode(attempt.error.message) !== undefined)
  );
}

/**
 * The one message shown when sign-in fails: every credential tried and why it gave no token (the chain's own
 * reasons, e.g. "Azure CLI could not be found"), then the next step. Refusals by Entra ID (a wrong tenant, a
 * disabled account) are told apart from "nothing to sign in with", because their fixes differ.
 */
export function signInFailure(attempts: readonly SignInAttempt[], context: SignInContext): UserError {
  const where = `${context.cloud}${context.tenantId === undefined ? "" : `, tenant ${context.tenantId}`}`;
  const refused = attempts.filter(wasRefused);
  const tried = attempts.map(
    (attempt) => `  - ${CREDENTIAL_SOURCE_LABELS[attempt.source]}: ${reasonOf(attempt.error)}`,
  );
  const codes = [
    ...new Set(refused.map((attempt) => entraErrorCode(reasonOf(attempt.error))).filter((c) => c)),
  ];
  const codePages = codes.map((code) => `https://login.microsoftonline.com/error?code=${code}`);
  const deviceCodeOnly = attempts.every((attempt) => attempt.source === "deviceCode");

  const headline =
    refused.length > 0
      ? `Microsoft Entra ID refused the sign-in to Azure (${where}).`
      : `No credential could sign in to Azure (${where}).`;
  const steps: string[] = [];
  if (refused.length > 0 && context.tenantId !== undefined) {
    steps.push(
      `check that --tenant ${context.tenantId} is a tenant your account belongs to (\`az account tenant list\`)`,
    );
  }
  if (codePages.length > 0) steps.push(`see ${codePages.join(" and ")} for what Entra ID's code means`);
  if (deviceCodeOnly) {
    steps.push("run again with --device-code and finish the sign-in in the browser");
  } else {
    const tenantFlag = context.tenantId === undefined ? "" : ` --tenant ${context.tenantId}`;
    steps.push(`sign in with \`az login${tenantFlag}\``);
    steps.push("or use --device-code on a machine without a browser");
  }
  steps.push("or try the demo tenant with --sandbox");

  return new UserError([headline, "Tried:", ...tried].join("\n"), {
    hint: `${steps.join("; ")}.`,
    exitCode: ExitCode.badInput,
  });
}
