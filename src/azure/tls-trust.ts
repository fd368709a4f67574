import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { ExitCode, UserError } from "../core/user-error.js";
import { capped } from "./unusable-answer.js";

/**
 * Node's codes for a server certificate it does not trust (OpenSSL's X509_V_ERR_* names, as Node's tls module
 * reports them, and its own ERR_TLS_CERT_ALTNAME_INVALID). The SDK passes them on as a RestError with that code
 * and no status; none of them is retried (they are not transient), so the command fails at once.
 */
const UNTRUSTED_CERTIFICATE = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** What the certificate belongs to, for the hint: a sandbox on this machine or ARM (through whatever is on the way). */
export type TlsPeer = "sandbox" | "cloud";

function hintFor(peer: TlsPeer): string {
  return peer === "sandbox"
    ? "Node trusts a certificate it was started with: run vaultlink again with NODE_EXTRA_CA_CERTS set to the certificate file `vaultlink sandbox --tls` printed (NODE_EXTRA_CA_CERTS=<cert> vaultlink … --sandbox https://…)."
    : "Something on the way to Azure (a TLS-inspecting proxy or firewall) presents its own certificate: set NODE_EXTRA_CA_CERTS to a PEM file holding its CA certificate (your network team has it), then run again.";
}

/**
 * Turns a request refused by TLS certificate verification into a UserError that says whose certificate and names
 * the environment variable that makes Node trust it, instead of an internal error (or a retry loop).
 */
export function untrustedCertificatePolicy(peer: TlsPeer): PipelinePolicy {
  return {
    name: "vaultlinkUntrustedCertificate",
    sendRequest: async (request, next) => {
      try {
        return await next(request);
      } catch (error) {
        const code = (error as { code?: unknown } | undefined)?.code;
        if (!(error instanceof Error) || typeof code !== "string" || !UNTRUSTED_CERTIFICATE.has(code))
          throw error;
        let origin: string;
        try {
          origin = new URL(request.url).origin;
        } catch {
          origin = "the server";
        }
        throw new UserError(
          `The TLS certificate of ${origin} is not trusted (${code}: ${capped(error.message, 200)}), so vaultlink sent nothing there.`,
          { hint: hintFor(peer), exitCode: ExitCode.failure, cause: error },
        );
      }
    },
  };
}
