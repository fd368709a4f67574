import type { Subscription as ArmSubscription } from "@azure/arm-resources-subscriptions";
import type { Subscription } from "../core/inventory.js";
import { armPages } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { requiredField } from "./required-field.js";

function toSubscription(subscription: ArmSubscription): Subscription {
  return {
    subscriptionId: requiredField(subscription.subscriptionId, "subscriptionId", "a subscription"),
    displayName: subscription.displayName ?? "",
    tenantId: subscription.tenantId,
    state: subscription.state ?? "Unknown",
  };
}

/** The subscriptions the identity can see (Subscriptions_List), a page at a time. */
export function listSubscriptions(clients: AzureClients): AsyncIterable<readonly Subscription[]> {
  return armPages(
    { verb: "list", kind: "subscriptions of", id: "the signed-in identity" },
    clients.subscriptions().then((client) => client.subscriptions.list().byPage()),
    toSubscription,
  );
}
