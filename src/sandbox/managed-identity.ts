import { createHmac } from "node:crypto";
import { SANDBOX_OBJECT_ID } from "./authorization.js";
import type { Reply } from "./context.js";

/**
 * A local managed-identity token endpoint, so that clients which can only get a token from a token service (az
 * CLI's `az login --identity`, azure-identity's ManagedIdentityCredential) can sign in to the sandbox. It is the
 * sandbox's only route outside ARM's namespace; it needs no Authorization header, as a managed-identity endpoint
 * needs none.
 *
 * Request shapes it answers, as the clients send them:
 * - `POST {MSI_ENDPOINT}` with the form body `resource=…` and `Metadata: true` (msrestazure's `get_msi_token`, used by
 *   az CLI 2.45, and azure-identity's Cloud Shell flow);
 * - `GET {IDENTITY_ENDPOINT}?resource=…&api-version=2019-08-01` (App Service) and
 *   `GET …?resource=…&api-version=2018-02-01` (IMDS, `/metadata/identity/oauth2/token`).
 * Sources: https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token#get-a-token-using-http
 * and https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference.
 */
export const MANAGED_IDENTITY_PATH = "/_sandbox/managed-identity/token";

/** How long a token lives, in seconds (IMDS hands out tokens of about a day). */
const TOKEN_LIFETIME = 86_399;

const base64url = (value: string | Buffer): string => Buffer.from(value).toString("base64url");

/**
 * The token: a JWT whose claims name the tenant, the audience and the sandbox's identity, because az CLI reads the
 * tenant from the `tid` claim (it decodes the token without checking the signature). The signature is an HMAC with
 * a fixed key: nothing verifies it, and the sandbox accepts any bearer token anyway.
 */
function sandboxToken(tenantId: string, resource: string, now: number): string {
  const header = base64url(JSON.stringify({ typ: "JWT", alg: "HS256" }));
  const payload = base64url(
    JSON.stringify({
      aud: resource,
      iss: `https://sts.windows.net/${tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + TOKEN_LIFETIME,
      tid: tenantId,
      oid: SANDBOX_OBJECT_ID,
      sub: SANDBOX_OBJECT_ID,
      appid: SANDBOX_OBJECT_ID,
      idtyp: "app",
    }),
  );
  const signature = createHmac("sha256", "vaultlink sandbox").update(`${header}.${payload}`).digest();
  return `${header}.${payload}.${base64url(signature)}`;
}

/** The token endpoint's answer to one request (`body` is the raw request body, a form for POST). */
export function managedIdentityToken(url: URL, body: string, tenantId: string): Reply {
  const form = new URLSearchParams(body);
  const resource = url.searchParams.get("resource") ?? form.get("resource");
  if (resource === null || resource === "") {
    return {
      status: 400,
      body: { error: "invalid_request", error_description: "Required query variable 'resource' is missing" },
    };
  }
  // Real time, not the sandbox's clock: the client checks the token's expiry against its own.
  const now = Math.floor(Date.now() / 1000);
  return {
    status: 200,
    body: {
      access_token: sandboxToken(tenantId, resource, now),
      client_id: SANDBOX_OBJECT_ID,
      expires_in: String(TOKEN_LIFETIME),
      expires_on: String(now + TOKEN_LIFETIME),
      ext_expires_in: String(TOKEN_LIFETIME),
      not_before: String(now),
      resource,
      token_type: "Bearer",
    },
  };
}
