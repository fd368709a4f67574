#!/bin/sh
# The private-zones example (examples/private-zones.plan.json) set up by hand with the az CLI, one command per
# resource as a user would type them: three private endpoints for vault rsv-prod-weu (two in West Europe, one in
# the paired region North Europe for cross-region restore), the two backup zones, the VNet links of the four
# zones to the four VNets, a DNS zone group per endpoint, and the NSG rule for Microsoft Entra ID.
# bench/az-peer.ts runs it against `vaultlink sandbox --tls` (az signed in with `az login --identity`) and
# compares it with `vaultlink apply` of the same plan.
#
# Debian's az (2.45, bookworm) cannot run `az network private-endpoint …`, `az network private-dns link vnet
# create` or `az network nsg rule create`: they fail inside az before sending anything (azure-mgmt-network's
# 2022-01-01 models are not in Debian's python3-azure). Those resources go through `az resource create`, az's
# generic ARM client, which waits for long-running operations as the dedicated commands do; the zone groups
# through `az rest` (`az resource create` insists on a location a zone group does not have). Everything else is
# az's own command. Each command's ARM requests are what a user's shell would send.
#
# `az rest` returns once ARM has accepted the PUT; the dedicated commands (and `vaultlink apply`) wait for the
# long-running operation to end. So each `az rest` write is followed by `az resource wait --created`, the generic
# wait a user types to know the write worked (its GETs stand in for the dedicated command's polls and final read).
set -eu

VAULT_SUB=3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b   # subscription of the vault and the app spokes
HUB_SUB=7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e     # subscription of the hubs and the private DNS zones
NET_API=2022-07-01                               # the newest network api-version Debian's python3-azure knows
DNS_API=2020-06-01

VAULT=/subscriptions/$VAULT_SUB/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu
VNET_HUB_WEU=/subscriptions/$HUB_SUB/resourceGroups/rg-hub-network-weu/providers/Microsoft.Network/virtualNetworks/vnet-hub-weu
VNET_HUB_NEU=/subscriptions/$HUB_SUB/resourceGroups/rg-hub-network-neu/providers/Microsoft.Network/virtualNetworks/vnet-hub-neu
VNET_APP_WEU=/subscriptions/$VAULT_SUB/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-weu
VNET_APP_NEU=/subscriptions/$VAULT_SUB/resourceGroups/rg-spoke-app-neu/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-neu
ZONES=/subscriptions/$HUB_SUB/resourceGroups/rg-private-dns/providers/Microsoft.Network/privateDnsZones
NSG=/subscriptions/$VAULT_SUB/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-app-weu

az account set --subscription "$HUB_SUB"

# 1. The endpoints: AzureBackup in each West Europe VNet, AzureBackup_secondary in the North Europe hub.
endpoint() { # name, location, VNet, group
  az resource create --api-version $NET_API --is-full-object --output none \
    --id "${3%/providers/*}/providers/Microsoft.Network/privateEndpoints/$1" \
    --properties "{\"location\": \"$2\", \"properties\": {
      \"subnet\": {\"id\": \"$3/subnets/snet-privateendpoints\"},
      \"privateLinkServiceConnections\": [{\"name\": \"$1\",
        \"properties\": {\"privateLinkServiceId\": \"$VAULT\", \"groupIds\": [\"$4\"]}}]}}"
}
endpoint pe-rsv-prod-weu-hub-backup westeurope "$VNET_HUB_WEU" AzureBackup
endpoint pe-rsv-prod-weu-app-backup westeurope "$VNET_APP_WEU" AzureBackup
endpoint pe-rsv-prod-weu-hub-backup-secondary northeurope "$VNET_HUB_NEU" AzureBackup_secondary

# 2. The backup zones of West Europe (geo code we) and North Europe (ne); the blob and queue zones exist.
az network private-dns zone create -g rg-private-dns -n privatelink.we.backup.windowsazure.com --output none
az network private-dns zone create -g rg-private-dns -n privatelink.ne.backup.windowsazure.com --output none

# 3. Every zone linked to every VNet (the hub in West Europe already has the blob and queue links).
link() { # zone, VNet
  az resource create --api-version $DNS_API --is-full-object --output none \
    --id "$ZONES/$1/virtualNetworkLinks/$(basename "$2")" \
    --properties "{\"location\": \"global\", \"properties\": {
      \"virtualNetwork\": {\"id\": \"$2\"}, \"registrationEnabled\": false}}"
}
for zone in privatelink.we.backup.windowsazure.com privatelink.ne.backup.windowsazure.com; do
  for vnet in "$VNET_HUB_WEU" "$VNET_APP_WEU" "$VNET_HUB_NEU" "$VNET_APP_NEU"; do link $zone "$vnet"; done
done
for zone in privatelink.blob.core.windows.net privatelink.queue.core.windows.net; do
  for vnet in "$VNET_APP_WEU" "$VNET_HUB_NEU" "$VNET_APP_NEU"; do link $zone "$vnet"; done
done

# 4. A zone group per endpoint: its backup zone, blob and queue.
zone_group() { # endpoint id, backup zone
  az rest --method put --output none \
    --url "$1/privateDnsZoneGroups/default?api-version=$NET_API" \
    --body "{\"properties\": {\"privateDnsZoneConfigs\": [
      {\"name\": \"backup\", \"properties\": {\"privateDnsZoneId\": \"$ZONES/$2\"}},
      {\"name\": \"blob\", \"properties\": {\"privateDnsZoneId\": \"$ZONES/privatelink.blob.core.windows.net\"}},
      {\"name\": \"queue\", \"properties\": {\"privateDnsZoneId\": \"$ZONES/privatelink.queue.core.windows.net\"}}]}}"
  az resource wait --created --api-version $NET_API --interval 2 --ids "$1/privateDnsZoneGroups/default"
}
zone_group "/subscriptions/$HUB_SUB/resourceGroups/rg-hub-network-weu/providers/Microsoft.Network/privateEndpoints/pe-rsv-prod-weu-hub-backup" privatelink.we.backup.windowsazure.com
zone_group "/subscriptions/$VAULT_SUB/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/privateEndpoints/pe-rsv-prod-weu-app-backup" privatelink.we.backup.windowsazure.com
zone_group "/subscriptions/$HUB_SUB/resourceGroups/rg-hub-network-neu/providers/Microsoft.Network/privateEndpoints/pe-rsv-prod-weu-hub-backup-secondary" privatelink.ne.backup.windowsazure.com

# 5. Outbound 443 to Microsoft Entra ID from the app subnet's NSG (`az rest`: a rule has no location either).
az rest --method put --output none \
  --url "$NSG/securityRules/allow-entra-id-443-out?api-version=$NET_API" \
  --body '{"properties": {"priority": 4096, "direction": "Outbound", "access": "Allow", "protocol": "Tcp",
    "sourceAddressPrefix": "VirtualNetwork", "sourcePortRange": "*",
    "destinationAddressPrefix": "AzureActiveDirectory", "destinationPortRange": "443"}}'
az resource wait --created --api-version $NET_API --interval 2 --ids "$NSG/securityRules/allow-entra-id-443-out"
