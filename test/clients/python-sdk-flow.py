"""The backup private endpoint flow through the Azure SDK for Python (Debian's python3-azure), against the sandbox.

Signs in with azure-identity's ManagedIdentityCredential (MSI_ENDPOINT names the sandbox's token route), lists the
vaults, creates a private endpoint to a vault (group AzureBackup), a private DNS zone, a VNet link and a zone group,
reads each back, and prints what it read as one JSON object for the test to check. Arguments come from the
environment: SANDBOX_URL, SUBSCRIPTION_ID, RESOURCE_GROUP, VAULT_NAME, SUBNET_ID, VNET_ID, ZONE_NAME, ENDPOINT_NAME.
The sandbox's certificate is trusted through REQUESTS_CA_BUNDLE.
"""

import json
import os

from azure.identity import ManagedIdentityCredential
from azure.mgmt.network import NetworkManagementClient
from azure.mgmt.network.models import (
    PrivateDnsZoneConfig,
    PrivateDnsZoneGroup,
    PrivateEndpoint,
    PrivateLinkServiceConnection,
    Subnet,
)
from azure.mgmt.privatedns import PrivateDnsManagementClient
from azure.mgmt.privatedns.models import PrivateZone, SubResource, VirtualNetworkLink
from azure.mgmt.recoveryservices import RecoveryServicesClient

env = os.environ
url = env["SANDBOX_URL"]
subscription = env["SUBSCRIPTION_ID"]
group = env["RESOURCE_GROUP"]
endpoint_name = env["ENDPOINT_NAME"]
zone_name = env["ZONE_NAME"]

credential = ManagedIdentityCredential()
# A custom ARM endpoint: the clients take its URL and the scope to ask tokens for.
options = {"base_url": url, "credential_scopes": ["https://management.core.windows.net/.default"]}
vaults_client = RecoveryServicesClient(credential, subscription, **options)
network = NetworkManagementClient(credential, subscription, **options)
dns = PrivateDnsManagementClient(credential, subscription, **options)

vaults = list(vaults_client.vaults.list_by_subscription_id())
vault = next(v for v in vaults if v.name == env["VAULT_NAME"])

endpoint = network.private_endpoints.begin_create_or_update(
    group,
    endpoint_name,
    PrivateEndpoint(
        location=vault.location,
        subnet=Subnet(id=env["SUBNET_ID"]),
        private_link_service_connections=[
            PrivateLinkServiceConnection(
                name=endpoint_name, private_link_service_id=vault.id, group_ids=["AzureBackup"]
            )
        ],
    ),
).result()
zone = dns.private_zones.begin_create_or_update(group, zone_name, PrivateZone(location="global")).result()
link = dns.virtual_network_links.begin_create_or_update(
    group,
    zone_name,
    "link-python",
    VirtualNetworkLink(location="global", virtual_network=SubResource(id=env["VNET_ID"]), registration_enabled=False),
).result()
zone_group = network.private_dns_zone_groups.begin_create_or_update(
    group,
    endpoint_name,
    "default",
    PrivateDnsZoneGroup(private_dns_zone_configs=[PrivateDnsZoneConfig(name="backup", private_dns_zone_id=zone.id)]),
).result()

endpoint = network.private_endpoints.get(group, endpoint_name)
zone = dns.private_zones.get(group, zone_name)
link = dns.virtual_network_links.get(group, zone_name, "link-python")
zone_group = network.private_dns_zone_groups.get(group, endpoint_name, "default")
records = list(dns.record_sets.list_by_type(group, zone_name, "A"))

print(
    json.dumps(
        {
            "vaults": [v.name for v in vaults],
            "endpoint": {
                "id": endpoint.id,
                "provisioningState": endpoint.provisioning_state,
                "groupIds": endpoint.private_link_service_connections[0].group_ids,
                "connectionStatus": endpoint.private_link_service_connections[
                    0
                ].private_link_service_connection_state.status,
                "fqdns": [c.fqdn for c in endpoint.custom_dns_configs or []],
            },
            "zone": {"id": zone.id, "provisioningState": zone.provisioning_state},
            "link": {
                "virtualNetwork": link.virtual_network.id,
                "provisioningState": link.provisioning_state,
                "linkState": link.virtual_network_link_state,
            },
            "zoneGroup": {
                "provisioningState": zone_group.provisioning_state,
                "zones": [c.private_dns_zone_id for c in zone_group.private_dns_zone_configs],
                "recordSets": [
                    r.fqdn for c in zone_group.private_dns_zone_configs for r in (c.record_sets or [])
                ],
            },
            "aRecords": sorted(r.fqdn for r in records),
        }
    )
)
