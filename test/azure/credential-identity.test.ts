import { describe, expect, test } from "vitest";
import { identityOfAccessToken } from "../../src/azure/credential-identity.js";

/** An unsigned JWT of these claims: the shape Entra ID access tokens have (header.payload.signature). */
function tokenWith(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ typ: "JWT", alg: "RS256" })}.${part(claims)}.c2lnbmF0dXJl`;
}

describe("identityOfAccessToken", () => {
  test("a user's token gives the sign-in name, object id and tenant, and nothing else", () => {
    const token = tokenWith({
      aud: "https://management.azure.com",
      upn: "alice@contoso.com",
      oid: "11111111-2222-3333-4444-555555555555",
      tid: "8f3c2a1b-0000-4000-8000-000000000001",
      appid: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
      scp: "user_impersonation",
    });

    expect(identityOfAccessToken(token)).toEqual({
      userName: "alice@contoso.com",
      applicationId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
      objectId: "11111111-2222-3333-4444-555555555555",
      tenantId: "8f3c2a1b-0000-4000-8000-000000000001",
    });
  });

  test("an app-only v2 token has no user name; azp names the application", () => {
    const identity = identityOfAccessToken(tokenWith({ azp: "app-1", oid: "o", tid: "t" }));
    expect(identity).toEqual({ userName: undefined, applicationId: "app-1", objectId: "o", tenantId: "t" });
  });

  test("v1 unique_name and v2 preferred_username are read when upn is absent", () => {
    expect(identityOfAccessToken(tokenWith({ unique_name: "live.com#bob@outlook.com" }))?.userName).toBe(
      "live.com#bob@outlook.com",
    );
    expect(identityOfAccessToken(tokenWith({ preferred_username: "carol@contoso.com" }))?.userName).toBe(
      "carol@contoso.com",
    );
  });

  test("an opaque token or a payload that is not JSON gives undefined rather than a guess", () => {
    expect(identityOfAccessToken("opaque-token-value")).toBeUndefined();
    expect(identityOfAccessToken("a.bm90IGpzb24.c")).toBeUndefined();
    expect(identityOfAccessToken(`a.${Buffer.from("42").toString("base64url")}.c`)).toBeUndefined();
  });
});
