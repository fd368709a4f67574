/** Who a token speaks for, from its non-secret claims: enough to say "signed in as …", never the token itself. */
export interface TokenIdentity {
  /** A user's sign-in name, or undefined for an application (service principal or managed identity). */
  readonly userName: string | undefined;
  /** The application (client) id of an app-only token. */
  readonly applicationId: string | undefined;
  /** The principal's object id in the tenant. */
  readonly objectId: string | undefined;
  readonly tenantId: string | undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Reads the identity claims of a Microsoft Entra access token (a JWT) in memory. Only these claims are read, from
 * the "Access token claims reference" (learn.microsoft.com/entra/identity-platform/access-token-claims-reference):
 * `upn` / `unique_name` (v1) and `preferred_username` (v2) for users, `appid` (v1) / `azp` (v2) for the calling
 * application, `oid`, `tid`. The signature is not checked: the token came straight from the credential, and the
 * result is only shown to the person who owns it. Returns undefined when the token is not a readable JWT (some
 * credentials may hand out opaque tokens).
 */
export function identityOfAccessToken(accessToken: string): TokenIdentity | undefined {
  const payload = accessToken.split(".")[1];
  if (payload === undefined) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof claims !== "object" || claims === null) return undefined;
  const claim = (name: string): string | undefined => text((claims as Record<string, unknown>)[name]);
  return {
    userName: claim("upn") ?? claim("unique_name") ?? claim("preferred_username"),
    applicationId: claim("appid") ?? claim("azp"),
    objectId: claim("oid"),
    tenantId: claim("tid"),
  };
}
