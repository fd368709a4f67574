import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUB_PROD, TENANT_ID } from "../../src/sandbox/demo-network.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { arm } from "./arm-requests.js";

const TOKEN_PATH = "/_sandbox/managed-identity/token";

function claimsOf(jwt: string): Record<string, unknown> {
  const [, payload] = jwt.split(".");
  return JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
}

describe("the routes a client calls before it has a token", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it("hands out a managed-identity token as msrestazure asks for it (POST, form body), naming the tenant", async () => {
    const answer = await fetch(`${sandbox.url}${TOKEN_PATH}`, {
      method: "POST",
      headers: { Metadata: "true", "Content-Type": "application/x-www-form-urlencoded" },
      body: "resource=https%3A%2F%2Fmanagement.core.windows.net%2F",
    });
    expect(answer.status).toBe(200);
    const token = (await answer.json()) as Record<string, string>;
    expect(token.token_type).toBe("Bearer");
    expect(Number(token.expires_on)).toBeGreaterThan(Date.now() / 1000);
    // az CLI reads the tenant from the token's tid claim.
    expect(claimsOf(token.access_token ?? "")).toMatchObject({
      tid: TENANT_ID,
      aud: "https://management.core.windows.net/",
    });
    // The token it hands out is accepted, as any bearer token is.
    const vaults = await arm(
      sandbox,
      "GET",
      `/subscriptions/${SUB_PROD}/providers/Microsoft.RecoveryServices/vaults`,
      {
        apiVersion: "2022-10-01",
        headers: { Authorization: `Bearer ${token.access_token}` },
      },
    );
    expect(vaults.status).toBe(200);
  });

  it("answers the App Service and IMDS shape (GET with resource in the query), and 400 without a resource", async () => {
    const get = await fetch(
      `${sandbox.url}${TOKEN_PATH}?api-version=2019-08-01&resource=https://management.azure.com/`,
    );
    expect(claimsOf(((await get.json()) as { access_token: string }).access_token).aud).toBe(
      "https://management.azure.com/",
    );
    const none = await fetch(`${sandbox.url}${TOKEN_PATH}?api-version=2019-08-01`);
    expect(none.status).toBe(400);
  });

  it("serves the cloud's metadata in both of ARM's shapes, even after a doubled slash", async () => {
    const old = await fetch(`${sandbox.url}//metadata/endpoints?api-version=2015-01-01`);
    expect(old.status).toBe(200);
    const metadata = (await old.json()) as { authentication: { loginEndpoint: string; audiences: string[] } };
    expect(metadata.authentication.audiences).toContain("https://management.core.windows.net/");
    // No sign-in service but its own: a client that tried one would stay on this machine.
    expect(metadata.authentication.loginEndpoint.startsWith(`${sandbox.url}/`)).toBe(true);
    const clouds = (await (
      await fetch(`${sandbox.url}/metadata/endpoints?api-version=2022-09-01`)
    ).json()) as {
      resourceManager: string;
    }[];
    expect(clouds.map((c) => c.resourceManager)).toEqual([`${sandbox.url}/`]);
  });
});
