import { SANDBOX_BEARER_TOKEN } from "../../src/core/sandbox-endpoint.js";
import type { RunningSandbox } from "../../src/sandbox/server.js";

/** A plain ARM request to the sandbox over real HTTP, as a protocol-level client would send it. */
export interface ArmAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers by path and assert on each value.
  body: any;
}

export async function arm(
  sandbox: RunningSandbox | string,
  method: string,
  pathOrUrl: string,
  options: { body?: unknown; headers?: Record<string, string>; apiVersion?: string | null } = {},
): Promise<ArmAnswer> {
  const base = typeof sandbox === "string" ? sandbox : sandbox.url;
  const url = new URL(pathOrUrl, base);
  if (options.apiVersion !== null && options.apiVersion !== undefined)
    url.searchParams.set("api-version", options.apiVersion);
  const response = await fetch(url, {
    method,
    headers: {
      Authorization: `Bearer ${SANDBOX_BEARER_TOKEN}`,
      ...(options.body === undefined ? {} : { "Content-Type": "application/json" }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : JSON.parse(text),
  };
}

/** A clock the test moves by hand, so long-running work progresses without sleeping. */
export class ManualClock {
  private now = Date.parse("2026-11-25T10:00:00Z");
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export const NETWORK = "2026-01-01";
export const PRIVATE_DNS = "2024-06-01";
export const VAULTS = "2026-07-01";
export const BACKUP = "2023-06-01";

export const SUB_PROD = "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b";
export const SUB_CONNECTIVITY = "7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e";
export const PROD_SPOKE = `/subscriptions/${SUB_PROD}/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network`;
export const VAULTS_RG = `/subscriptions/${SUB_PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults`;

/** A backup private endpoint PUT body for a demo vault, as the SDK sends it. */
export function endpointBody(
  vault: string,
  subnetId: string,
  options: { group?: string; manual?: boolean; staticIp?: string } = {},
) {
  const connection = {
    name: "conn",
    properties: { privateLinkServiceId: `${VAULTS_RG}/${vault}`, groupIds: [options.group ?? "AzureBackup"] },
  };
  return {
    location: "westeurope",
    properties: {
      subnet: { id: subnetId },
      [options.manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections"]: [
        connection,
      ],
      ...(options.staticIp === undefined
        ? {}
        : {
            ipConfigurations: [
              {
                name: "ip1",
                properties: {
                  groupId: "AzureBackup",
                  memberName: "backup-fc1",
                  privateIPAddress: options.staticIp,
                },
              },
            ],
          }),
    },
  };
}

/** Follows Azure-AsyncOperation until the operation leaves InProgress. */
export async function pollAsync(sandbox: RunningSandbox, url: string): Promise<string> {
  for (;;) {
    const status = await arm(sandbox, "GET", url);
    if (status.body.status !== "InProgress") return status.body.status;
  }
}

/** Creates a backup endpoint and waits until its operation has finished; returns the operation's status. */
export async function createEndpoint(
  sandbox: RunningSandbox,
  peId: string,
  body: ReturnType<typeof endpointBody>,
): Promise<string> {
  const created = await arm(sandbox, "PUT", peId, { apiVersion: NETWORK, body });
  if (created.status !== 201)
    throw new Error(`PUT ${peId}: ${created.status} ${JSON.stringify(created.body)}`);
  return pollAsync(sandbox, created.headers.get("azure-asyncoperation") ?? "");
}
