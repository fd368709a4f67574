import type { Route } from "./context.js";
import { backupRoutes } from "./handlers/backup.js";
import { backupUsageRoutes } from "./handlers/backup-usage.js";
import { backupVaultRoutes } from "./handlers/backup-vaults.js";
import { deploymentStackRoutes } from "./handlers/deployment-stacks.js";
import { deploymentRoutes } from "./handlers/deployments.js";
import { dnsResolverRoutes } from "./handlers/dns-resolvers.js";
import { keyVaultRoutes } from "./handlers/key-vaults.js";
import { networkInterfaceRoutes } from "./handlers/network-interfaces.js";
import { networkOperationRoutes } from "./handlers/network-lro.js";
import { policyAssignmentRoutes } from "./handlers/policy-assignments.js";
import { privateDnsOperationRoutes } from "./handlers/private-dns-lro.js";
import { privateDnsRecordRoutes } from "./handlers/private-dns-records.js";
import { privateDnsZoneGroupRoutes } from "./handlers/private-dns-zone-groups.js";
import { privateDnsZoneRoutes } from "./handlers/private-dns-zones.js";
import { privateEndpointRoutes } from "./handlers/private-endpoints.js";
import { providerRoutes } from "./handlers/providers.js";
import { recoveryVaultRoutes } from "./handlers/recovery-vaults.js";
import { resourceRoutes } from "./handlers/resources.js";
import { routeTableRoutes } from "./handlers/route-tables.js";
import { securityGroupRoutes } from "./handlers/security-groups.js";
import { subnetRoutes } from "./handlers/subnets.js";
import { usageAndTagRoutes } from "./handlers/usages-and-tags.js";
import { virtualNetworkRoutes } from "./handlers/virtual-networks.js";
import { resourceGraphRoutes } from "./resource-graph/resource-graph-route.js";

/** Every ARM operation the sandbox serves, one module per resource provider. */
export const ALL_ROUTES: readonly Route[] = [
  ...resourceRoutes,
  ...networkOperationRoutes,
  ...virtualNetworkRoutes,
  ...subnetRoutes,
  ...securityGroupRoutes,
  ...routeTableRoutes,
  ...networkInterfaceRoutes,
  ...privateEndpointRoutes,
  ...privateDnsZoneGroupRoutes,
  ...privateDnsOperationRoutes,
  ...privateDnsZoneRoutes,
  ...privateDnsRecordRoutes,
  ...dnsResolverRoutes,
  ...recoveryVaultRoutes,
  ...backupRoutes,
  ...deploymentRoutes,
  ...deploymentStackRoutes,
  ...backupUsageRoutes,
  ...providerRoutes,
  ...keyVaultRoutes,
  ...policyAssignmentRoutes,
  ...backupVaultRoutes,
  ...usageAndTagRoutes,
  ...resourceGraphRoutes,
];
