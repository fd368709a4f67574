import { listReply, objectAt } from "../arm-resource.js";
import type { RequestContext, Route } from "../context.js";
import { ArmError } from "../errors.js";
import type { ArmResource } from "../state.js";
import { requireVault, VAULT } from "./recovery-vaults.js";

/**
 * What a vault holds, as the Backup RP reports it (bms.json 2023-06-01): its registered servers and other
 * protection containers (BackupProtectionContainers_List, `$filter=backupManagementType eq '…'`) and the counts
 * per backup management type (BackupUsageSummaries_List, `$filter=type eq 'BackupProtectedItemCountSummary'` or
 * `'BackupProtectionContainerCountSummary'`). A vault with a registered server and nothing protected is what the
 * eligibility rule must still see as used: registration alone makes it unfit for private endpoints.
 */
export const CONTAINER_TYPE = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers";
const ITEM_TYPE = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems";

/**
 * The backup management types and the names the service gives them, from the spec's own example
 * (specification/recoveryservicesbackup/…/2023-04-01/examples/Common/BackupProtectedItem_UsageSummary_Get.json).
 */
const MANAGEMENT_TYPES: readonly (readonly [string, string])[] = [
  ["AzureIaasVM", "Azure Virtual Machine"],
  ["MAB", "Azure Backup Agent"],
  ["AzureBackupServer", "Azure Backup Server"],
  ["AzureStorage", "Azure Storage (Azure Files)"],
  ["AzureWorkload", "SQL in Azure VM"],
];

function inVault(ctx: RequestContext, vault: ArmResource, type: string): ArmResource[] {
  const prefix = `${vault.id.toLowerCase()}/backupfabrics/`;
  const wanted = type.toLowerCase();
  return [...ctx.store.all()].filter(
    (r) => r.id.toLowerCase().startsWith(prefix) && r.type.toLowerCase() === wanted,
  );
}

/** `field eq 'value'` clauses of an OData $filter joined by `and`: all the Backup RP's filters use. */
function filterOf(ctx: RequestContext): Map<string, string> {
  const filter = ctx.url.searchParams.get("$filter") ?? "";
  const clauses = new Map<string, string>();
  for (const clause of filter.split(/\s+and\s+/i)) {
    const match = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i.exec(clause);
    if (match?.[1] !== undefined && match[2] !== undefined) clauses.set(match[1].toLowerCase(), match[2]);
  }
  return clauses;
}

function managementTypeOf(resource: ArmResource): string {
  return String(objectAt(resource.properties).backupManagementType ?? "");
}

export const backupUsageRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: `${VAULT}/backupProtectionContainers`,
    family: "recoveryservices.backup",
    kind: "read",
    handler: (ctx, p) => {
      const vault = requireVault(ctx, p);
      const wanted = filterOf(ctx).get("backupmanagementtype");
      if (wanted === undefined) {
        // The service requires the management type; az always sends it.
        throw new ArmError(
          400,
          "BMSUserErrorInvalidInput",
          "Input provided for the call is invalid: backupManagementType is required in $filter.",
        );
      }
      const containers = inVault(ctx, vault, CONTAINER_TYPE).filter(
        (c) => managementTypeOf(c).toLowerCase() === wanted.toLowerCase(),
      );
      return listReply(ctx, containers);
    },
  },
  {
    method: "GET",
    pattern: `${VAULT}/backupUsageSummaries`,
    family: "recoveryservices.backup",
    kind: "read",
    handler: (ctx, p) => {
      const vault = requireVault(ctx, p);
      const kind = filterOf(ctx).get("type") ?? "BackupProtectedItemCountSummary";
      const counted =
        kind.toLowerCase() === "backupprotectioncontainercountsummary"
          ? inVault(ctx, vault, CONTAINER_TYPE)
          : inVault(ctx, vault, ITEM_TYPE);
      return listReply(
        ctx,
        MANAGEMENT_TYPES.map(([value, localizedValue]) => ({
          unit: "Count",
          currentValue: counted.filter((r) => managementTypeOf(r).toLowerCase() === value.toLowerCase())
            .length,
          limit: -1,
          name: { value, localizedValue },
        })),
      );
    },
  },
];
