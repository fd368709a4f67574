import { describe, expect, test } from "vitest";
import { allPages } from "../../src/azure/adapter.js";
import { ExitCode, UserError } from "../../src/core/user-error.js";
import { useAdapterSession } from "./sandbox-session.js";

async function userErrorOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof UserError)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}

describe("ARM refusals surface as UserErrors", () => {
  const session = useAdapterSession();

  test("a vault that does not exist: 404, named by its id, with ARM's request id", async () => {
    const { adapter } = session();
    const subscriptions = await allPages(adapter.listSubscriptions());
    const vaults = await Promise.all(
      subscriptions.map((s) => allPages(adapter.listVaults(s.subscriptionId))),
    );
    const vault = vaults.flat()[0];
    if (vault === undefined) throw new Error("the demo tenant has no vault");
    const missing = `${vault.id.split("/providers/")[0]}/providers/Microsoft.RecoveryServices/vaults/rsv-does-not-exist`;

    const error = await userErrorOf(adapter.getVault(missing));

    expect(error.message).toContain(`Recovery Services vault ${missing} was not found`);
    expect(error.message).toMatch(/\(x-ms-request-id [0-9a-f-]{36}\)$/);
    expect(error.hint).toMatch(/Check the id/);
    expect(error.exitCode).toBe(ExitCode.badInput);
  });

  test("a second link of the same virtual network to a zone: 409 with ARM's reason", async () => {
    const { adapter } = session();
    const subscriptions = await allPages(adapter.listSubscriptions());
    const zones = (
      await Promise.all(subscriptions.map((s) => allPages(adapter.listPrivateDnsZones(s.subscriptionId))))
    ).flat();
    const linked = (
      await Promise.all(zones.map((z) => allPages(adapter.listVirtualNetworkLinks(z.id))))
    ).flat();
    const existing = linked[0];
    if (existing === undefined) throw new Error("the demo tenant has no linked private DNS zone");
    const secondLink = `${existing.zoneId}/virtualNetworkLinks/${existing.name}-again`;

    const error = await userErrorOf(
      adapter.createOrUpdateVirtualNetworkLink({
        id: secondLink,
        virtualNetworkId: existing.virtualNetworkId,
        registrationEnabled: false,
      }),
    );

    expect(error.message).toContain(`Could not create or update virtual network link ${secondLink}`);
    expect(error.message).toMatch(/Conflict: .+/);
    expect(error.exitCode).toBe(ExitCode.failure);
  });

  test("a backup endpoint to a vault with protected items: 400 with ARM's code", async () => {
    const { adapter } = session();
    const subscriptions = await allPages(adapter.listSubscriptions());
    const vaults = (
      await Promise.all(subscriptions.map((s) => allPages(adapter.listVaults(s.subscriptionId))))
    ).flat();
    const counts = await Promise.all(vaults.map((v) => adapter.countProtectedItems(v.id)));
    const protectedVault = vaults.find((_, i) => (counts[i]?.count ?? 0) > 0);
    if (protectedVault === undefined) throw new Error("the demo tenant has no vault with protected items");
    const vnets = (
      await Promise.all(subscriptions.map((s) => allPages(adapter.listVirtualNetworks(s.subscriptionId))))
    ).flat();
    const subnet = vnets.filter((v) => v.location === protectedVault.location).flatMap((v) => v.subnets)[0];
    if (subnet === undefined) throw new Error("the demo tenant has no subnet in the vault's region");
    const endpointId = `${subnet.id.split("/providers/")[0]}/providers/Microsoft.Network/privateEndpoints/pe-refused`;

    const error = await userErrorOf(
      adapter.createOrUpdatePrivateEndpoint({
        id: endpointId,
        location: protectedVault.location,
        subnetId: subnet.id,
        vaultId: protectedVault.id,
        groupId: "AzureBackup",
        approval: { kind: "auto" },
      }),
    );

    expect(error.message).toContain(`ARM refused to create or update private endpoint ${endpointId}`);
    expect(error.exitCode).toBe(ExitCode.badInput);
  });
});

describe("throttling", () => {
  // Seed 8 draws 0.16 first: the very first request is answered 429 (rate 0.2), the retry is not.
  const session = useAdapterSession({ faults: { seed: 8, rates: { "429": 0.2 }, retryAfterSeconds: 0 } });

  test("a 429 with Retry-After is retried by the SDK and the read succeeds", async () => {
    const { adapter, sandbox } = session();

    const subscriptions = await allPages(adapter.listSubscriptions());

    expect(subscriptions.length).toBeGreaterThanOrEqual(2);
    expect(
      sandbox
        .requestLog()
        .slice(0, 2)
        .map((e) => [e.method, e.path, e.status]),
    ).toEqual([
      ["GET", "/subscriptions", 429],
      ["GET", "/subscriptions", 200],
    ]);
  });
});
