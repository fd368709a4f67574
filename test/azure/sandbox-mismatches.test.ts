import { describe, expect, test } from "vitest";
import { allPages, createAzureAdapter } from "../../src/azure/adapter.js";
import { startSandbox } from "../../src/sandbox/server.js";

/**
 * Where the sandbox behaves unlike ARM, found by the adapter tests and reported to its owner. Each is a
 * `test.fails`: it states what ARM does, fails today, and turns red once the sandbox is fixed, so it is then
 * turned into an ordinary test.
 */
describe("open sandbox mismatches", () => {
  test.fails("a network security group lists the subnets it is attached to, as ARM does (readOnly `subnets`)", async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      const adapter = await createAzureAdapter({ kind: "sandbox", url: new URL(sandbox.url) });
      const subscriptions = await allPages(adapter.listSubscriptions());
      const subnets = (
        await Promise.all(subscriptions.map((s) => allPages(adapter.listVirtualNetworks(s.subscriptionId))))
      ).flatMap((vnets) => vnets.flatMap((v) => v.subnets));
      const attached = subnets.find((s) => s.networkSecurityGroupId !== undefined);
      if (attached?.networkSecurityGroupId === undefined)
        throw new Error("demo tenant lacks an NSG on a subnet");
      const nsg = await adapter.getNetworkSecurityGroup(attached.networkSecurityGroupId);
      expect(nsg.subnetIds.map((id) => id.toLowerCase())).toContain(attached.id.toLowerCase());
    } finally {
      await sandbox.close();
    }
  });
});
