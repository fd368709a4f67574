import { requireSubscription } from "../arm-resource.js";
import type { Reply, RequestContext, Route, RouteParams } from "../context.js";
import { ArmError } from "../errors.js";
import { perStoreMap } from "../store.js";

/**
 * Resource provider registration (resources.json 2024-03-01: Providers_Get, Providers_Register), for
 * `az provider show -n Microsoft.RecoveryServices` and the registration checks clients make before a first write.
 * The namespaces the sandbox serves start Registered in every subscription unless the state file says otherwise
 * (a subscription's `resourceProviders`); registering one answers `Registering` and is `Registered` once the
 * long-running time has passed, as ARM reports it.
 */
const SERVED: Readonly<Record<string, readonly string[]>> = {
  "Microsoft.Network": [
    "virtualNetworks",
    "networkSecurityGroups",
    "networkInterfaces",
    "privateEndpoints",
    "privateDnsZones",
    "privateDnsZones/virtualNetworkLinks",
  ],
  "Microsoft.RecoveryServices": ["vaults", "operations", "locations"],
  "Microsoft.KeyVault": ["vaults"],
  "Microsoft.DataProtection": ["backupVaults"],
  "Microsoft.Resources": ["deployments", "resourceGroups", "subscriptions"],
};

/** Registration changes made through the API, per sandbox (the state file keeps resources, not registrations). */
const registrationsOf = perStoreMap<string, { state: string; readyAt: number }>();

function stateOf(ctx: RequestContext, subscriptionId: string, namespace: string): string {
  const changed = registrationsOf(ctx.store).get(`${subscriptionId}/${namespace}`.toLowerCase());
  if (changed !== undefined)
    return changed.state === "Registering" && ctx.store.now() >= changed.readyAt
      ? "Registered"
      : changed.state;
  const seeded = Object.entries(ctx.store.subscription(subscriptionId)?.resourceProviders ?? {}).find(
    ([name]) => name.toLowerCase() === namespace.toLowerCase(),
  );
  if (seeded !== undefined) return seeded[1];
  return namespaceOf(namespace) === undefined ? "NotRegistered" : "Registered";
}

function namespaceOf(name: string): string | undefined {
  return Object.keys(SERVED).find((n) => n.toLowerCase() === name.toLowerCase());
}

function provider(ctx: RequestContext, p: RouteParams): Record<string, unknown> {
  const subscriptionId = p.subscriptionId ?? "";
  requireSubscription(ctx, subscriptionId);
  const asked = p.resourceProviderNamespace ?? "";
  if (!/^[A-Za-z][\w]*\.[\w.]+$/.test(asked)) {
    throw new ArmError(404, "InvalidResourceNamespace", `The resource namespace '${asked}' is invalid.`);
  }
  const namespace = namespaceOf(asked) ?? asked;
  return {
    id: `/subscriptions/${subscriptionId}/providers/${namespace}`,
    namespace,
    registrationState: stateOf(ctx, subscriptionId, namespace),
    registrationPolicy: "RegistrationRequired",
    resourceTypes: (SERVED[namespace] ?? []).map((resourceType) => ({
      resourceType,
      locations: [],
      apiVersions: [],
    })),
  };
}

function register(ctx: RequestContext, p: RouteParams): Reply {
  const current = provider(ctx, p);
  if (current.registrationState !== "Registered") {
    registrationsOf(ctx.store).set(`${p.subscriptionId}/${current.namespace}`.toLowerCase(), {
      state: "Registering",
      readyAt: ctx.store.now() + ctx.latency.lro,
    });
  }
  return { status: 200, body: provider(ctx, p) };
}

const PROVIDER = "/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}";

export const providerRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: PROVIDER,
    family: "resources.resourceGroups",
    kind: "read",
    handler: (ctx, p) => ({ status: 200, body: provider(ctx, p) }),
  },
  {
    method: "POST",
    pattern: `${PROVIDER}/register`,
    family: "resources.resourceGroups",
    kind: "write",
    handler: register,
  },
];
