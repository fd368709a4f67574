import type {
  PrivateZone as ArmPrivateZone,
  RecordSet as ArmRecordSet,
  VirtualNetworkLink as ArmVirtualNetworkLink,
} from "@azure/arm-privatedns";
import { parentId } from "../core/arm-id.js";
import type { PrivateDnsZone, RecordSet, VirtualNetworkLink } from "../core/inventory.js";
import { requiredField } from "./required-field.js";

export function toPrivateDnsZone(zone: ArmPrivateZone): PrivateDnsZone {
  const id = requiredField(zone.id, "id", "a private DNS zone");
  return {
    id,
    name: requiredField(zone.name, "name", `private DNS zone ${id}`),
    numberOfRecordSets: zone.numberOfRecordSets,
    numberOfVirtualNetworkLinks: zone.numberOfVirtualNetworkLinks,
    provisioningState: zone.provisioningState,
  };
}

export function toVirtualNetworkLink(link: ArmVirtualNetworkLink): VirtualNetworkLink {
  const id = requiredField(link.id, "id", "a virtual network link");
  return {
    id,
    name: requiredField(link.name, "name", `virtual network link ${id}`),
    zoneId: requiredField(parentId(id), "a parent zone", `virtual network link ${id}`).id,
    virtualNetworkId: requiredField(
      link.virtualNetwork?.id,
      "virtualNetwork.id",
      `virtual network link ${id}`,
    ),
    registrationEnabled: link.registrationEnabled ?? false,
    resolutionPolicy: link.resolutionPolicy,
    linkState: link.virtualNetworkLinkState,
    provisioningState: link.provisioningState,
  };
}

export function toRecordSet(record: ArmRecordSet): RecordSet {
  const id = requiredField(record.id, "id", "a record set");
  // The record type is the last segment of `type` (Microsoft.Network/privateDnsZones/A) and the one before
  // the name in the id (…/privateDnsZones/<zone>/A/<name>).
  const armType = requiredField(record.type, "type", `record set ${id}`).split("/").at(-1) ?? "";
  const zoneId = id.split("/").slice(0, -2).join("/");
  const common = {
    id,
    name: requiredField(record.name, "name", `record set ${id}`),
    zoneId,
    fqdn: record.fqdn,
    ttl: record.ttl,
  };
  if (armType.toUpperCase() === "A") {
    return {
      ...common,
      recordType: "A",
      ipv4Addresses: (record.aRecords ?? []).flatMap((a) =>
        a.ipv4Address === undefined ? [] : [a.ipv4Address],
      ),
    };
  }
  if (armType.toUpperCase() === "CNAME") {
    return {
      ...common,
      recordType: "CNAME",
      cname: requiredField(record.cnameRecord?.cname, "cname", `record ${id}`),
    };
  }
  return { ...common, recordType: "other", armType };
}
