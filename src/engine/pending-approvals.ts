import type { AzureAdapter } from "../azure/adapter.js";
import { sameResourceId } from "../core/arm-id.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { desiredStateOf } from "./desired-state.js";

/** A manual connection the vault's owner has not approved yet, with what they need to approve it. */
export interface PendingApproval {
  readonly endpointName: string;
  /** The endpoint that asked for the connection (who asked, in ARM's terms). */
  readonly endpointId: string;
  readonly vaultId: string;
  /** The connection's id on the vault: what `az network private-endpoint-connection approve --id` takes. */
  readonly connectionId: string;
}

/**
 * The plan's manual endpoints whose connection still waits for the vault owner. Apply cannot approve on the
 * owner's behalf: it ends by saying who must approve what.
 */
export async function pendingApprovals(adapter: AzureAdapter, plan: Plan): Promise<PendingApproval[]> {
  const manual = desiredStateOf(plan).endpoints.filter((e) => e.plan.approval === "manual");
  if (manual.length === 0) return [];
  const vault = await adapter.getVault(plan.vault.id);
  return manual.flatMap((endpoint) => {
    const connection = vault.privateEndpointConnections.find((c) =>
      sameResourceId(c.privateEndpointId, endpoint.request.id),
    );
    return connection?.status === "Pending"
      ? [
          {
            endpointName: endpoint.plan.name,
            endpointId: endpoint.request.id,
            vaultId: vault.id,
            connectionId: connection.id,
          },
        ]
      : [];
  });
}
