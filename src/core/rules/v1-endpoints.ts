import { parseResourceId } from "../arm-id.js";
import { isBackupConnection } from "../backup-connections.js";
import type { Finding } from "../findings.js";
import type { PrivateEndpoint, Vault } from "../inventory.js";
import { Source } from "./sources.js";

export interface V1DetectionFacts {
  readonly vault: Vault;
  /**
   * Private endpoints in the resource groups that hold the vault's backup endpoints: the v1 experience put the
   * storage endpoints it created next to the endpoint the user made.
   */
  readonly endpointsNearBackupEndpoints: readonly PrivateEndpoint[];
}

/**
 * The v1 experience's storage endpoints: "Aside from the private endpoint name given by you, you'll see two more
 * private endpoints being created. These start with `<the name of the private endpoint>_ecs` and are suffixed
 * with `_blob` and `_queue`" (v1 how-to). The v2 experience creates none ("No private endpoints are created for
 * the blob and queue services", seed, Key enhancements).
 */
function v1StorageEndpoints(
  backupEndpointName: string,
  nearby: readonly PrivateEndpoint[],
): PrivateEndpoint[] {
  const prefix = `${backupEndpointName.toLowerCase()}_ecs`;
  return nearby.filter((endpoint) => {
    const name = endpoint.name.toLowerCase();
    return name.startsWith(prefix) && (name.endsWith("_blob") || name.endsWith("_queue"));
  });
}

/**
 * Endpoints made with the v1 experience cannot be upgraded to v2: delete them all, then create v2 ones (seed).
 *
 * ARM marks neither the vault nor its connections with the experience that made them, so this rule works from
 * what v1 left behind:
 * - proof: a `<endpoint>_ecs…_blob` / `_queue` endpoint next to one of the vault's backup endpoints (v1 made them
 *   after the first registration) -> block;
 * - a hint only: backup endpoints on a vault with a system-assigned identity. v1 needed that identity (with
 *   Contributor on the endpoint, VNet and DNS resource groups) to create endpoints; v2 does not, but a vault also
 *   has one for customer-managed keys or other features, so this is a warning that says why.
 * A vault with backup endpoints and no system-assigned identity cannot have made them with v1 (the v1 how-to
 * says the identity must never be disabled), so it gets no finding.
 */
export function checkV1Endpoints(facts: V1DetectionFacts): Finding[] {
  const { vault } = facts;
  const backupConnections = vault.privateEndpointConnections.filter(isBackupConnection);
  if (backupConnections.length === 0) return [];
  const backupEndpointNames = backupConnections.map((c) => parseResourceId(c.privateEndpointId).name);
  const storageEndpoints = backupEndpointNames.flatMap((name) =>
    v1StorageEndpoints(name, facts.endpointsNearBackupEndpoints),
  );
  const listed = backupEndpointNames.join(", ");
  if (storageEndpoints.length > 0) {
    const storageNames = storageEndpoints.map((e) => e.name).join(", ");
    return [
      {
        severity: "block",
        code: "v1-endpoints-present",
        message: `${vault.name} has private endpoints made with the v1 experience: ${listed}, with the storage endpoints v1 created for them (${storageNames}). v1 endpoints cannot be upgraded to v2.`,
        fix: `Delete all of the vault's private endpoints (${listed} and ${storageNames}), then create new ones with vaultlink (v2 experience).`,
        source: `${Source.seedBeforeYouStart}; ${Source.v1HowTo}`,
        subject: vault.id,
      },
    ];
  }
  if (vault.identity.kind === "assigned" && vault.identity.systemAssignedPrincipalId !== undefined) {
    return [
      {
        severity: "warn",
        code: "v1-endpoints-suspected",
        message: `${vault.name} already has backup private endpoints (${listed}) and a system-assigned managed identity, which the v1 experience required; ARM does not record which experience made an endpoint, so they may be v1 endpoints, which cannot be upgraded.`,
        fix: "If these endpoints were made before the v2 experience (the vault's identity holding Contributor on the endpoint, VNet and DNS resource groups is the tell), delete all of them and let vaultlink create v2 ones. If they were made with v2, go ahead.",
        source: `${Source.seedBeforeYouStart}; ${Source.v1HowTo}`,
        subject: vault.id,
      },
    ];
  }
  return [];
}
