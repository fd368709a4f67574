import { type CloudName, cloudFor } from "../../../src/core/clouds.js";
import type { EndpointDnsSource } from "../../../src/core/dns/record-set.js";
import { geoCodeFor } from "../../../src/core/regions.js";

/** A vault with a primary endpoint and a secondary (cross-region restore) one, as ARM reports them once both
 * have seen a registration and a backup: 8 backup names each, plus queue, blob and partitioned blob names. */
export const VAULT_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-prod";
/** The vault's numeric id, as it appears in backup FQDNs (18-19 digits). */
export const VAULT_NUMBER = "3845719204857361927";
export const BACKUP_SERVICES = ["fc1", "rec2", "id1", "fab1", "tel1", "prot1", "wbcm1", "ecs1"] as const;

interface Site {
  readonly endpoint: string;
  readonly region: string;
  /** First three octets of the endpoint subnet. */
  readonly net: string;
  readonly commAccount: string;
  readonly dataAccount: string;
  /** A partitioned blob account `<account>.zNN.blob.storage.azure.net`, where the cloud has that domain. */
  readonly partitioned: string;
}

const SITES: Readonly<Record<"AzureCloud" | "AzureUSGovernment", readonly [Site, Site]>> = {
  AzureCloud: [
    {
      endpoint: "pe-rsv-prod-we",
      region: "westeurope",
      net: "10.20.1",
      commAccount: "we1comm4f8a2b",
      dataAccount: "we1data9c0d3e",
      partitioned: "we1dsk7b6e5f.z24",
    },
    {
      endpoint: "pe-rsv-prod-ne",
      region: "northeurope",
      net: "10.30.1",
      commAccount: "ne1comm2a7c9d",
      dataAccount: "ne1data3e5f7a",
      partitioned: "ne1dsk1d2c3b.z11",
    },
  ],
  AzureUSGovernment: [
    {
      endpoint: "pe-rsv-prod-ugv",
      region: "usgovvirginia",
      net: "10.40.1",
      commAccount: "ugv1comm6d1e2f",
      dataAccount: "ugv1data0a9b8c",
      partitioned: "",
    },
    {
      endpoint: "pe-rsv-prod-ugt",
      region: "usgovtexas",
      net: "10.50.1",
      commAccount: "ugt1comm5c4d3e",
      dataAccount: "ugt1data2f1e0d",
      partitioned: "",
    },
  ],
};

export type FixtureCloud = keyof typeof SITES;

function endpointAt(cloudName: CloudName, site: Site): EndpointDnsSource {
  const cloud = cloudFor(cloudName);
  const geo = geoCodeFor(site.region, cloudName);
  const backup = BACKUP_SERVICES.map((svc, index) => ({
    fqdn: `${VAULT_NUMBER}-ab-pod01-${svc}.privatelink.${geo}.${cloud.dnsSuffixes.backup}`,
    ipAddresses: [`${site.net}.${4 + index}`],
  }));
  const storage = [
    { fqdn: `${site.commAccount}.${cloud.dnsSuffixes.queue}`, ipAddresses: [`${site.net}.12`] },
    { fqdn: `${site.commAccount}.${cloud.dnsSuffixes.blob}`, ipAddresses: [`${site.net}.13`] },
    { fqdn: `${site.dataAccount}.${cloud.dnsSuffixes.blob}`, ipAddresses: [`${site.net}.14`] },
  ];
  const partitioned =
    cloud.dnsSuffixes.blobStorage === null
      ? []
      : [{ fqdn: `${site.partitioned}.${cloud.dnsSuffixes.blobStorage}`, ipAddresses: [`${site.net}.15`] }];
  return { name: site.endpoint, customDnsConfigs: [...backup, ...storage, ...partitioned] };
}

/** The two endpoints of the fixture vault in a cloud. */
export function fixtureEndpoints(cloudName: FixtureCloud): EndpointDnsSource[] {
  return SITES[cloudName].map((site) => endpointAt(cloudName, site));
}

/** The geo codes of the fixture's primary and secondary regions. */
export function fixtureGeoCodes(cloudName: FixtureCloud): string[] {
  return SITES[cloudName].map((site) => geoCodeFor(site.region, cloudName));
}

/** Where the conditional forwarders send the zones: a DNS Private Resolver's inbound endpoints. */
export const RESOLVER_INBOUND = ["10.10.0.4", "10.10.0.5"];
