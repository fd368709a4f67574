import { ArmError } from "./errors.js";
import { KEY_VAULT_API_VERSIONS, KEY_VAULT_CURRENT_API_VERSION } from "./key-vault-api-versions.js";

/**
 * Which `api-version` values the sandbox accepts, per resource type, as ARM checks them. Every version
 * answers in the current (newest vendored) shape, the way the issue asks: older clients (az CLI, Terraform,
 * other SDKs) send older versions and must still be served.
 *
 * Sources: the published *stable* folders of Azure/azure-rest-api-specs for each provider. Listed from
 * Pulumi azure-native 3.x's generated "Other available API versions" (it is generated from those folders:
 * network privateEndpoints, VirtualNetwork and PrivateDnsZoneGroup; privatedns PrivateZone; recoveryservices
 * Vault and PrivateEndpointConnection; resources ResourceGroup), the Learn template reference
 * (`Microsoft.Network/privateEndpoints@2025-07-01`), the vendored files in spec/azure/ and the versions the
 * pinned SDK packages send (spec/azure/README.md). Subscriptions: the `stable/<version>/subscriptions.json`
 * files of Microsoft.Resources (2019-06-01 and 2021-01-01 checked in the repository index).
 */
const NETWORK_2018_TO_2026 = [
  "2018-06-01",
  "2018-07-01",
  "2018-08-01",
  "2018-10-01",
  "2018-11-01",
  "2018-12-01",
  "2019-02-01",
  "2019-04-01",
  "2019-06-01",
  "2019-07-01",
  "2019-08-01",
  "2019-09-01",
  "2019-11-01",
  "2019-12-01",
  "2020-03-01",
  "2020-04-01",
  "2020-05-01",
  "2020-06-01",
  "2020-07-01",
  "2020-08-01",
  "2020-11-01",
  "2021-02-01",
  "2021-03-01",
  "2021-05-01",
  "2021-08-01",
  "2022-01-01",
  "2022-05-01",
  "2022-07-01",
  "2022-09-01",
  "2022-11-01",
  "2023-02-01",
  "2023-04-01",
  "2023-05-01",
  "2023-06-01",
  "2023-09-01",
  "2023-11-01",
  "2024-01-01",
  "2024-03-01",
  "2024-05-01",
  "2024-07-01",
  "2024-10-01",
  "2025-01-01",
  "2025-03-01",
  "2025-05-01",
  "2025-07-01",
  "2026-01-01",
] as const;

const networkFrom = (first: string): readonly string[] => NETWORK_2018_TO_2026.filter((v) => v >= first);

/** The api-version family a route belongs to; one list of accepted versions each. */
export type ApiFamily =
  | "network"
  | "network.privateEndpoints"
  | "network.privateDnsZoneGroups"
  | "privatedns"
  | "recoveryservices.vaults"
  | "recoveryservices.backup"
  | "resources.subscriptions"
  | "resources.resourceGroups"
  | "keyvault";

export const ACCEPTED_API_VERSIONS: Readonly<Record<ApiFamily, readonly string[]>> = {
  network: NETWORK_2018_TO_2026,
  // Private endpoints first appeared in network 2019-04-01, zone groups in 2020-03-01.
  "network.privateEndpoints": networkFrom("2019-04-01"),
  "network.privateDnsZoneGroups": networkFrom("2020-03-01"),
  privatedns: ["2018-09-01", "2020-01-01", "2020-06-01", "2024-06-01"],
  "recoveryservices.vaults": [
    "2020-02-02",
    "2023-02-01",
    "2023-04-01",
    "2023-06-01",
    "2023-08-01",
    "2024-01-01",
    "2024-02-01",
    "2024-04-01",
    "2024-10-01",
    "2025-01-01",
    "2025-02-01",
    "2025-08-01",
    "2026-01-01",
    "2026-02-01",
    "2026-05-01",
    "2026-07-01",
  ],
  "recoveryservices.backup": [
    "2023-02-01",
    "2023-04-01",
    "2023-06-01",
    "2023-08-01",
    "2024-01-01",
    "2024-02-01",
    "2024-04-01",
    "2024-10-01",
    "2025-01-01",
    "2025-02-01",
    "2025-08-01",
  ],
  "resources.subscriptions": [
    "2016-06-01",
    "2018-06-01",
    "2019-06-01",
    "2019-11-01",
    "2020-01-01",
    "2021-01-01",
    "2022-12-01",
  ],
  "resources.resourceGroups": [
    "2020-10-01",
    "2021-01-01",
    "2021-04-01",
    "2022-09-01",
    "2023-07-01",
    "2024-03-01",
    "2024-07-01",
    "2024-11-01",
    "2025-03-01",
    "2025-04-01",
  ],
  keyvault: KEY_VAULT_API_VERSIONS,
};

/** The version the sandbox writes into its own operation-status URLs (what the pinned SDKs send). */
export const CURRENT_API_VERSION: Readonly<Record<ApiFamily, string>> = {
  network: "2026-01-01",
  "network.privateEndpoints": "2026-01-01",
  "network.privateDnsZoneGroups": "2026-01-01",
  privatedns: "2024-06-01",
  "recoveryservices.vaults": "2026-07-01",
  "recoveryservices.backup": "2023-06-01",
  "resources.subscriptions": "2022-12-01",
  "resources.resourceGroups": "2024-03-01",
  keyvault: KEY_VAULT_CURRENT_API_VERSION,
};

/**
 * Checks `api-version` the way ARM does: missing -> 400 MissingApiVersionParameter, unknown -> 400
 * InvalidApiVersionParameter naming the supported versions (newest first, as ARM lists them).
 */
export function checkApiVersion(family: ApiFamily, apiVersion: string | undefined): string {
  if (apiVersion === undefined || apiVersion === "") {
    throw new ArmError(
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  }
  const accepted = ACCEPTED_API_VERSIONS[family];
  if (!accepted.includes(apiVersion)) {
    const supported = [...accepted].reverse().join(",");
    throw new ArmError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${apiVersion}' is invalid. The supported versions are '${supported}'.`,
    );
  }
  return apiVersion;
}
