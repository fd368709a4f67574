import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { SANDBOX_BEARER_TOKEN } from "../../src/core/sandbox-endpoint.js";
import { runBuiltCli } from "./run-cli.js";

/*
 * The built CLI, signing in with nothing to sign in with: no AZURE_* variables, PATH holding only Node (no az, azd,
 * pwsh), an empty HOME and Azure CLI config dir. Managed identity is pointed at an App Service identity endpoint on a
 * loopback server of the test's own (IDENTITY_ENDPOINT + IDENTITY_HEADER), so it never probes IMDS at
 * 169.254.169.254 (see test/azure/credential-signin.test.ts for why). The server answers 400, or a token it minted.
 */

const TENANT = "8f3c2a1b-0000-4000-8000-000000000001";
const CLIENT = "5b0c6e2d-0000-4000-8000-0000000000aa";
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const TOKEN = `${part({ typ: "JWT" })}.${part({ appid: CLIENT, oid: "o", tid: TENANT })}.c2lnbmF0dXJl`;

let server: Server;
let identityEndpoint: string;
let answer: "noIdentity" | "token" = "noIdentity";
const asked: string[] = [];
let home: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    asked.push(request.url ?? "");
    if (answer === "token") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          access_token: TOKEN,
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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  identityEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`;
  home = await mkdtemp(join(tmpdir(), "vaultlink-cli-signin-"));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(home, { recursive: true, force: true });
});

beforeEach(() => {
  answer = "noIdentity";
  asked.length = 0;
});

function withoutCredentials(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: dirname(process.execPath),
    HOME: home,
    AZURE_CONFIG_DIR: join(home, ".azure"),
    IDENTITY_ENDPOINT: identityEndpoint,
    IDENTITY_HEADER: "test-identity-header",
    ...extra,
  };
}

describe("signing in from the command line", () => {
  test("no credential: one message listing what was tried and the next step, exit 2, no stack", async () => {
    const result = await runBuiltCli(["whoami"], withoutCredentials());

    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("Error: No credential could sign in to Azure (AzureCloud).");
    expect(lines[1]).toBe("Tried:");
    expect(lines.slice(2, 8).map((line) => line.slice(0, line.indexOf(":")))).toEqual([
      "  - environment variables",
      "  - workload identity",
      "  - managed identity",
      "  - Azure CLI",
      "  - Azure PowerShell",
      "  - Azure Developer CLI",
    ]);
    expect(lines[8]).toBe(
      "Hint: sign in with `az login`; or use --device-code on a machine without a browser; or try the demo tenant with --sandbox.",
    );
    expect(lines).toHaveLength(9);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test("signed in: whoami says as whom, in which tenant and cloud, via which credential; never the token", async () => {
    answer = "token";

    const result = await runBuiltCli(["whoami"], withoutCredentials());

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `Signed in as managed identity ${CLIENT} (tenant ${TENANT}) via managed identity\n` +
        "Cloud: AzureCloud (Azure (global)), Resource Manager https://management.azure.com/\n",
    );
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  test("without --cloud, the Azure CLI's active cloud is used: the token is asked for that cloud", async () => {
    answer = "token";
    const azureConfigDir = join(home, "az-gov");
    await mkdir(azureConfigDir, { recursive: true });
    await writeFile(join(azureConfigDir, "config"), "[cloud]\nname = AzureUSGovernment\n");

    const result = await runBuiltCli(
      ["whoami", "--output", "json"],
      withoutCredentials({ AZURE_CONFIG_DIR: azureConfigDir }),
    );

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      cloud: "AzureUSGovernment",
      armEndpoint: "https://management.usgovcloudapi.net/",
      source: "managedIdentity",
      user: null,
      applicationId: CLIENT,
      objectId: "o",
      tenantId: TENANT,
    });
    expect(asked[0]).toContain("resource=https%3A%2F%2Fmanagement.usgovcloudapi.net");
  });
});

describe("--debug and --verbose against the sandbox", () => {
  test("--debug logs each ARM request with its status and request id on stderr, never the sandbox token", async () => {
    const result = await runBuiltCli([
      "apply",
      "examples/private-zones.plan.json",
      "--sandbox",
      "--dry-run",
      "--debug",
    ]);

    const requests = result.stderr
      .split("\n")
      .filter((line) => /^GET http:\/\/127\.0\.0\.1:\d+\//.test(line));
    expect(requests.length).toBeGreaterThan(5);
    for (const line of requests) expect(line).toMatch(/ -> \d{3} in \d+ ms, x-ms-request-id [0-9a-f-]{36}/);
    expect(result.stderr).not.toContain(SANDBOX_BEARER_TOKEN);
    expect(result.stdout).not.toContain(SANDBOX_BEARER_TOKEN);
    expect(result.stdout).not.toMatch(/^GET /m);
  });

  test("--verbose says what is read, one line per operation, without the HTTP detail", async () => {
    const result = await runBuiltCli([
      "apply",
      "examples/private-zones.plan.json",
      "--sandbox",
      "--dry-run",
      "--verbose",
    ]);

    const stderr = result.stderr.split("\n");
    expect(stderr).toContain(
      "read Microsoft.RecoveryServices/vaults rsv-prod-weu (resource group rg-backup-weu)",
    );
    expect(stderr.some((line) => /^(GET|PUT) /.test(line))).toBe(false);
  });
});
