import { Source } from "../rules/sources.js";
import { posixQuote } from "../shell-quote.js";

/**
 * Firewall guidance for what the backup endpoints do not cover: Microsoft Entra ID, and the MARS agent's
 * automatic updates (seed, "Difference in network connections for private endpoints").
 *
 * The FQDNs are Microsoft 365 endpoint sets 56 ("Allow, Required") and 59 ("Default, Required") of the
 * "Microsoft 365 Common and Office Online" table, TCP 443 and 80, as published in MicrosoftDocs/microsoft-365-docs
 * includes/office-365-worldwide-endpoints.md, endpoints version 2022072800 (file generated 2022-07-29, commit
 * 02a494f5). Microsoft updates the sets monthly: the live list is https://endpoints.office.com/endpoints/worldwide.
 */
export const ENDPOINT_SET_56_FQDNS: readonly string[] = [
  "*.auth.microsoft.com",
  "*.msftidentity.com",
  "*.msidentity.com",
  "account.activedirectory.windowsazure.com",
  "accounts.accesscontrol.windows.net",
  "adminwebservice.microsoftonline.com",
  "api.passwordreset.microsoftonline.com",
  "autologon.microsoftazuread-sso.com",
  "becws.microsoftonline.com",
  "ccs.login.microsoftonline.com",
  "clientconfig.microsoftonline-p.net",
  "companymanager.microsoftonline.com",
  "device.login.microsoftonline.com",
  "graph.microsoft.com",
  "graph.windows.net",
  "login.microsoft.com",
  "login.microsoftonline.com",
  "login.microsoftonline-p.com",
  "login.windows.net",
  "logincert.microsoftonline.com",
  "loginex.microsoftonline.com",
  "login-us.microsoftonline.com",
  "nexus.microsoftonline-p.com",
  "passwordreset.microsoftonline.com",
  "provisioningapi.microsoftonline.com",
];

export const ENDPOINT_SET_59_FQDNS: readonly string[] = [
  "*.hip.live.com",
  "*.microsoftonline.com",
  "*.microsoftonline-p.com",
  "*.msauth.net",
  "*.msauthimages.net",
  "*.msecnd.net",
  "*.msftauth.net",
  "*.msftauthimages.net",
  "*.phonefactor.net",
  "enterpriseregistration.windows.net",
  "management.azure.com",
  "policykeyservice.dc.ad.msft.net",
];

/** The seed's own Entra ID row lists `*.login.microsoft.com` besides sets 56 and 59. */
export const SEED_ENTRA_ID_FQDN = "*.login.microsoft.com";

/** "To automatically update the MARS agent, allow access to download.microsoft.com/download/MARSagent/*" (seed). */
export const MARS_AUTO_UPDATE_URL = "download.microsoft.com/download/MARSagent/*";

/** Every Entra ID FQDN to allow on 443, deduplicated, in the order above. */
export function entraIdFqdns(): string[] {
  return [...new Set([...ENDPOINT_SET_56_FQDNS, ...ENDPOINT_SET_59_FQDNS, SEED_ENTRA_ID_FQDN])];
}

export interface FirewallGuidanceInput {
  /** Workload subnets' prefixes, the rules' source addresses. */
  readonly sourceAddresses: readonly string[];
  /** Whether MARS agents (or DPM/MABS) sit behind the firewall and should update themselves. */
  readonly marsAgent: boolean;
  /** Where the commands put the rules; placeholders are used for what is not given. */
  readonly firewallPolicy?: {
    readonly resourceGroup: string;
    readonly name: string;
    readonly ruleCollectionGroup: string;
  };
  /** Priority of the new rule collection (100–65000 in a rule collection group). */
  readonly collectionPriority?: number;
}

/** An Azure Firewall application rule, in the shape of a firewall policy's ApplicationRule. */
export interface FirewallApplicationRule {
  readonly name: string;
  readonly sourceAddresses: readonly string[];
  readonly protocols: readonly { readonly protocolType: "Https"; readonly port: 443 }[];
  readonly targetFqdns: readonly string[];
}

export interface FirewallGuidance {
  readonly applicationRules: readonly FirewallApplicationRule[];
  /** The same rules as az CLI commands (azure-firewall extension), one per rule. */
  readonly azCliCommands: readonly string[];
  /** A network-rule alternative with the AzureActiveDirectory service tag, as an az CLI command. */
  readonly serviceTagAlternative: string;
  readonly notes: readonly string[];
  readonly source: string;
}

/**
 * Application rules for Entra ID (and the MARS update host) with az CLI equivalents. Azure Firewall application
 * rules match host names, not URL paths (paths need Premium TLS inspection with target URLs), so the MARS rule
 * allows download.microsoft.com as a whole and says so.
 */
export function firewallGuidance(input: FirewallGuidanceInput): FirewallGuidance {
  const policy = input.firewallPolicy ?? {
    resourceGroup: "<firewall-policy-group>",
    name: "<firewall-policy>",
    ruleCollectionGroup: "<rule-collection-group>",
  };
  const priority = input.collectionPriority ?? 500;
  const sources = input.sourceAddresses.length > 0 ? input.sourceAddresses : ["<workload-subnet-prefix>"];
  const https = [{ protocolType: "Https", port: 443 }] as const;
  const rules: FirewallApplicationRule[] = [
    { name: "vaultlink-entra-id", sourceAddresses: sources, protocols: https, targetFqdns: entraIdFqdns() },
    ...(input.marsAgent
      ? [
          {
            name: "vaultlink-mars-auto-update",
            sourceAddresses: sources,
            protocols: https,
            targetFqdns: ["download.microsoft.com"],
          },
        ]
      : []),
  ];
  const azCliCommands = rules.map((rule, index) =>
    [
      index === 0
        ? "az network firewall policy rule-collection-group collection add-filter-collection"
        : "az network firewall policy rule-collection-group collection rule add",
      `--resource-group ${posixQuote(policy.resourceGroup)}`,
      `--policy-name ${posixQuote(policy.name)}`,
      `--rcg-name ${posixQuote(policy.ruleCollectionGroup)}`,
      ...(index === 0
        ? [
            `--name vaultlink-backup-outbound`,
            `--collection-priority ${priority}`,
            "--action Allow",
            `--rule-name ${rule.name}`,
          ]
        : ["--collection-name vaultlink-backup-outbound", `--name ${rule.name}`]),
      "--rule-type ApplicationRule",
      "--protocols Https=443",
      `--source-addresses ${rule.sourceAddresses.map(posixQuote).join(" ")}`,
      `--target-fqdns ${rule.targetFqdns.map(posixQuote).join(" ")}`,
    ].join(" \\\n  "),
  );
  const serviceTagAlternative = [
    "az network firewall policy rule-collection-group collection add-filter-collection",
    `--resource-group ${posixQuote(policy.resourceGroup)}`,
    `--policy-name ${posixQuote(policy.name)}`,
    `--rcg-name ${posixQuote(policy.ruleCollectionGroup)}`,
    "--name vaultlink-entra-id-tag",
    `--collection-priority ${priority + 1}`,
    "--action Allow",
    "--rule-name vaultlink-entra-id-tag",
    "--rule-type NetworkRule",
    "--ip-protocols TCP",
    `--source-addresses ${sources.map(posixQuote).join(" ")}`,
    "--destination-addresses AzureActiveDirectory",
    "--destination-ports 443",
  ].join(" \\\n  ");
  return {
    applicationRules: rules,
    azCliCommands,
    serviceTagAlternative,
    notes: [
      "Microsoft Entra ID is not reached through the backup private endpoints: SQL Server / SAP HANA workload extensions and the MARS agent call it in every setup.",
      "The FQDN list is Microsoft 365 endpoint sets 56 and 59 as of endpoints version 2022072800; compare it with https://endpoints.office.com/endpoints/worldwide before relying on it.",
      ...(input.marsAgent
        ? [
            `The MARS agent updates itself from ${MARS_AUTO_UPDATE_URL}. Application rules match host names only, so the rule allows download.microsoft.com; narrowing it to the path needs Azure Firewall Premium with TLS inspection and a target URL.`,
          ]
        : []),
      "With Azure Firewall as DNS proxy, send the privatelink backup, blob and queue names to 168.63.129.16 from a VNet linked to the zones, or to a DNS server that holds the records.",
    ],
    source: `https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept (difference in network connections for private endpoints); ${Source.microsoft365EndpointSets}; https://learn.microsoft.com/cli/azure/network/firewall/policy/rule-collection-group/collection`,
  };
}
