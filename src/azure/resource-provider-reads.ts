import type { ProviderRegistration } from "../core/inventory.js";
import { armCall } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";

/**
 * Whether a resource provider is registered with a subscription (Providers_Get): a private endpoint to a vault needs
 * Microsoft.RecoveryServices registered in the endpoint's subscription, and ARM refuses the endpoint otherwise
 * (https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider).
 */
export function getProviderRegistration(
  clients: AzureClients,
  subscriptionId: string,
  namespace: string,
): Promise<ProviderRegistration> {
  return armCall(
    {
      verb: "read the registration of",
      kind: "resource provider",
      id: `/subscriptions/${subscriptionId}/providers/${namespace}`,
    },
    async () => {
      const provider = await (await clients.resources(subscriptionId)).providers.get(namespace);
      return {
        subscriptionId,
        namespace: provider.namespace ?? namespace,
        registrationState: provider.registrationState ?? "Unknown",
      };
    },
  );
}
