import type { RunningSandbox } from "../../src/sandbox/server.js";
import { type ArmAnswer, arm } from "../sandbox/arm-requests.js";

/** The Microsoft.Resources api-version vendored in spec/azure (resources.json), which `az` also sends. */
export const DEPLOYMENTS_API = "2024-03-01";

/**
 * Deploys a template the way `az deployment group create` does, over the deployments REST API: PUT the deployment
 * into a resource group, poll its Azure-AsyncOperation until it is no longer Running, then GET the deployment.
 * Returns that last GET (provisioningState Succeeded or Failed, with the error).
 */
export async function deployThroughApi(
  sandbox: RunningSandbox,
  resourceGroupId: string,
  name: string,
  template: unknown,
  parameters: Record<string, { value: unknown }> = {},
): Promise<ArmAnswer> {
  const id = `${resourceGroupId}/providers/Microsoft.Resources/deployments/${name}`;
  const put = await arm(sandbox, "PUT", id, {
    apiVersion: DEPLOYMENTS_API,
    body: { properties: { mode: "Incremental", template, parameters } },
  });
  if (put.status !== 200 && put.status !== 201)
    throw new Error(`PUT ${id}: ${put.status} ${JSON.stringify(put.body)}`);
  const statusUrl = put.headers.get("azure-asyncoperation");
  if (statusUrl === null) throw new Error(`PUT ${id} announced no Azure-AsyncOperation`);
  for (;;) {
    const status = await arm(sandbox, "GET", statusUrl);
    if (status.body?.status !== "Running") break;
  }
  return arm(sandbox, "GET", id, { apiVersion: DEPLOYMENTS_API });
}
