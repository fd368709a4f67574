import type { TokenCredential } from "@azure/identity";
import type { Cloud } from "../core/clouds.js";

/**
 * The credential for a real cloud: @azure/identity's default chain (environment, workload identity, managed
 * identity, Azure CLI, Azure Developer CLI, Azure PowerShell). Loaded on first use, not at start-up.
 */
export async function defaultCredential(
  cloud: Cloud,
  tenantId: string | undefined,
): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import("@azure/identity");
  return new DefaultAzureCredential({
    authorityHost: cloud.authorityHost,
    ...(tenantId === undefined ? {} : { tenantId }),
  });
}
