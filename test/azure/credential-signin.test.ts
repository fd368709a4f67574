import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { describeSignIn, signIn } from "../../src/azure/credential.js";
import { cloudFor } from "../../src/core/clouds.js";
import { ExitCode, UserError } from "../../src/core/user-error.js";

/*
 * These tests run the real credential chain in a process with nothing to sign in with: no AZURE_* variables, a PATH
 * holding only Node (no az, azd or pwsh), an empty HOME. The managed identity credential must not probe IMDS at
 * 169.254.169.254 (no traffic may leave loopback here, and a probe from a machine outside Azure only times out), so
 * the environment names an App Service identity endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER, which MSAL reads
 * before falling back to IMDS) on a loopback server of the test's own. That keeps managed identity in the chain,
 * unlike excluding it, and the server sees what the credential asked. It stands in for the endpoint only: it
 * answers 400 (no identity here) or a token minted below. One server serves the whole file: MSAL keeps the
 * managed identity source it detected for the life of the process.
 */

const TENANT = "8f3c2a1b-0000-4000-8000-000000000001";
const CLIENT = "5b0c6e2d-0000-4000-8000-0000000000aa";

function tokenWith(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ typ: "JWT", alg: "RS256" })}.${part(claims)}.c2lnbmF0dXJl`;
}

interface IdentityEndpoint {
  readonly url: string;
  readonly asked: string[];
  answer: "noIdentity" | "token";
  readonly token: string;
}

let server: Server | undefined;
let home: string | undefined;
let savedEnv: NodeJS.ProcessEnv;
let endpoint: IdentityEndpoint;

beforeAll(async () => {
  savedEnv = { ...process.env };
  const token = tokenWith({
    appid: CLIENT,
    oid: "mi-object",
    tid: TENANT,
    aud: "https://management.azure.com",
  });
  const asked: string[] = [];
  const state = { answer: "noIdentity" as IdentityEndpoint["answer"] };
  server = createServer((request: IncomingMessage, response) => {
    asked.push(`${request.method} ${request.url} header=${request.headers["x-identity-header"] ?? "none"}`);
    if (state.answer === "token") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          access_token: token,
          expires_on: String(Math.floor(Date.now() / 1000) + 3600),
          resource: "https://management.azure.com",
          token_type: "Bearer",
        }),
      );
    } else {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ error: "invalid_request", error_description: "No identity is assigned." }),
      );
    }
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  endpoint = {
    url: `http://127.0.0.1:${port}/msi/token`,
    asked,
    token,
    get answer() {
      return state.answer;
    },
    set answer(value) {
      state.answer = value;
    },
  };
  home = await mkdtemp(join(tmpdir(), "vaultlink-signin-"));
  for (const name of Object.keys(process.env)) {
    if (/^(AZURE_|IDENTITY_|MSI_|IMDS_)/.test(name)) delete process.env[name];
  }
  process.env.PATH = dirname(process.execPath);
  process.env.HOME = home;
  process.env.IDENTITY_ENDPOINT = endpoint.url;
  process.env.IDENTITY_HEADER = "test-identity-header";
});

beforeEach(() => {
  endpoint.asked.length = 0;
  endpoint.answer = "noIdentity";
});

afterAll(async () => {
  process.env = savedEnv;
  await new Promise((resolve) => server?.close(resolve));
  if (home !== undefined) await rm(home, { recursive: true, force: true });
});

describe("signIn with the default chain", () => {
  test("with nothing to sign in with: one UserError (exit 2) naming all six credentials in chain order", async () => {
    const failure = await signIn({ cloud: cloudFor("AzureCloud"), tenantId: undefined }).catch(
      (e: unknown) => e,
    );

    expect(failure).toBeInstanceOf(UserError);
    const error = failure as UserError;
    expect(error.exitCode).toBe(ExitCode.badInput);
    const tried = error.message
      .split("\n")
      .filter((line) => line.startsWith("  - "))
      .map((line) => line.slice(4, line.indexOf(":")));
    expect(tried).toEqual([
      "environment variables",
      "workload identity",
      "managed identity",
      "Azure CLI",
      "Azure PowerShell",
      "Azure Developer CLI",
    ]);
    expect(error.message).toContain("Azure CLI could not be found.");
    expect(error.hint).toContain("`az login`");
    expect(error.hint).toContain("--device-code");
    expect(error.hint).toContain("--sandbox");
    // Managed identity asked the loopback endpoint named in the environment, for the ARM resource.
    expect(endpoint.asked).toHaveLength(1);
    expect(endpoint.asked[0]).toMatch(/^GET \/msi\/token\?.*resource=https%3A%2F%2Fmanagement\.azure\.com/);
  });

  test("a managed identity that answers: signed in via managed identity, identity read from the token's claims", async () => {
    endpoint.answer = "token";

    const signedIn = await signIn({ cloud: cloudFor("AzureCloud"), tenantId: undefined });

    expect(signedIn.source).toBe("managedIdentity");
    expect(signedIn.identity).toEqual({
      userName: undefined,
      applicationId: CLIENT,
      objectId: "mi-object",
      tenantId: TENANT,
    });
    const line = describeSignIn(signedIn);
    expect(line).toBe(`Signed in as managed identity ${CLIENT} (tenant ${TENANT}) via managed identity`);
    expect(line).not.toContain(endpoint.token);
    // The SDK clients get the credential that answered, which keeps answering.
    expect((await signedIn.credential.getToken("https://management.azure.com/.default"))?.token).toBe(
      endpoint.token,
    );
  });

  test("in another cloud, the token is asked for that cloud's Resource Manager", async () => {
    endpoint.answer = "token";

    await signIn({ cloud: cloudFor("AzureUSGovernment"), tenantId: undefined });

    expect(endpoint.asked[0]).toMatch(/resource=https%3A%2F%2Fmanagement\.usgovcloudapi\.net/);
  });
});
