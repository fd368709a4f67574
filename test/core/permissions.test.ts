import { describe, expect, it } from "vitest";
import { roleAdviceFor, roleAssignmentCommand } from "../../src/core/permissions.js";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
const NET = `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network`;
const DNS = `${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.we.backup.windowsazure.com`;
const VAULT = `${SUB}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-prod`;

describe("the built-in role that grants an action", () => {
  it("an endpoint write: Network Contributor on the endpoint's resource group", () => {
    expect(
      roleAdviceFor("Microsoft.Network/privateEndpoints/write", `${NET}/privateEndpoints/pe-1`),
    ).toMatchObject({
      roles: ["Network Contributor"],
      assignAt: `${SUB}/resourceGroups/rg-net`,
      assignAtLabel: "resource group rg-net",
    });
  });

  it("joining a subnet: Network Contributor on its VNet", () => {
    const advice = roleAdviceFor(
      "Microsoft.Network/virtualNetworks/subnets/join/action",
      `${NET}/virtualNetworks/vnet-hub/subnets/snet-pe`,
    );
    expect(advice).toMatchObject({
      roles: ["Network Contributor"],
      assignAt: `${NET}/virtualNetworks/vnet-hub`,
      assignAtLabel: "virtual network vnet-hub",
    });
  });

  it("anything on private DNS zones: Private DNS Zone Contributor on the zones' resource group", () => {
    for (const action of [
      "Microsoft.Network/privateDnsZones/write",
      "Microsoft.Network/privateDnsZones/virtualNetworkLinks/write",
      "microsoft.network/privatednszones/join/action",
    ]) {
      expect(roleAdviceFor(action, DNS)).toMatchObject({
        roles: ["Private DNS Zone Contributor", "Network Contributor"],
        assignAtLabel: "resource group rg-dns",
      });
    }
  });

  it("the vault PATCH, connection writes and approvals: Backup Contributor or Contributor on the vault", () => {
    for (const action of [
      "Microsoft.RecoveryServices/vaults/write",
      "Microsoft.RecoveryServices/Vaults/privateEndpointConnections/write",
      "Microsoft.RecoveryServices/vaults/privateEndpointConnectionsApproval/action",
    ]) {
      expect(roleAdviceFor(action, VAULT)).toMatchObject({
        roles: ["Backup Contributor", "Contributor"],
        assignAt: VAULT,
        assignAtLabel: "vault rsv-prod",
      });
    }
  });

  it("an NSG rule: Network Contributor on the NSG; any read: Reader; unknown actions: no advice", () => {
    expect(
      roleAdviceFor(
        "Microsoft.Network/networkSecurityGroups/securityRules/write",
        `${NET}/networkSecurityGroups/nsg-app/securityRules/r`,
      ),
    ).toMatchObject({ roles: ["Network Contributor"], assignAt: `${NET}/networkSecurityGroups/nsg-app` });
    expect(
      roleAdviceFor("Microsoft.Network/virtualNetworks/read", `${NET}/virtualNetworks/v`)?.roles,
    ).toEqual(["Reader"]);
    expect(
      roleAdviceFor("Microsoft.Compute/virtualMachines/write", `${SUB}/resourceGroups/rg`),
    ).toBeUndefined();
  });

  it("gives the az command an owner runs to grant it", () => {
    const advice = roleAdviceFor("Microsoft.Network/privateEndpoints/write", `${NET}/privateEndpoints/pe-1`);
    if (advice === undefined) throw new Error("no advice");
    expect(roleAssignmentCommand(advice, "abc")).toBe(
      `az role assignment create --assignee abc --role "Network Contributor" --scope ${SUB}/resourceGroups/rg-net`,
    );
  });
});
