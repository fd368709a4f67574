import { describe, expect, test } from "vitest";
import { allPages, createAzureAdapter } from "../../src/azure/adapter.js";
import { startSandbox } from "../../src/sandbox/server.js";

/** Found by the adapter tests as a sandbox mismatch, fixed in the sandbox: kept as an ordinary test. */
describe("network security groups", () => {
  test("a network security group lists the subnets it is attached to, as ARM does (readOnly `subnets`)", async () => {
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
