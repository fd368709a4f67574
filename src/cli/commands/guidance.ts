import { type OutboundGuidance, outboundGuidance } from "../../engine/outbound-guidance.js";
import { readPlanFile } from "../../engine/plan-file.js";
import type { GUIDANCE_FORMATS } from "../option-values.js";
import type { Printer } from "../output.js";
import type { CommandContext } from "../program.js";

type GuidanceFormat = (typeof GUIDANCE_FORMATS)[number];

export interface GuidanceCommandOptions {
  readonly format?: GuidanceFormat;
}

const SECTION_OF = { nsg: "nsg", "azure-firewall": "azureFirewall", "fqdn-list": "fqdnList" } as const;

function printNsg(out: Printer, guidance: OutboundGuidance["nsg"]): void {
  out.line("# NSG: allow outbound TCP 443 to Microsoft Entra ID from the workload subnets");
  for (const note of guidance.notes) out.line(`# ${note}`);
  out.line(`# source: ${guidance.source}`);
  for (const rule of guidance.rules) {
    out.line();
    out.line(rule.azCli);
  }
}

function printAzureFirewall(out: Printer, guidance: OutboundGuidance["azureFirewall"]): void {
  out.line("# Azure Firewall: application rules for Microsoft Entra ID and the MARS agent's updates");
  for (const note of guidance.notes) out.line(`# ${note}`);
  out.line(`# source: ${guidance.source}`);
  for (const command of guidance.azCliCommands) {
    out.line();
    out.line(command);
  }
  out.line();
  out.line("# Or, as a network rule: the AzureActiveDirectory service tag on 443 instead of the FQDNs");
  out.line(guidance.serviceTagAlternative);
}

/** One name a line, so `> allow.txt` gives a list another firewall or proxy imports; comments start with #. */
function printFqdnList(out: Printer, guidance: OutboundGuidance["fqdnList"]): void {
  out.line("# Microsoft Entra ID, outbound TCP 443 (Microsoft 365 endpoint sets 56 and 59)");
  out.line(`# source: ${guidance.source}`);
  for (const fqdn of guidance.fqdns) out.line(fqdn);
  out.line("# MARS agent automatic updates (MARS, DPM and MABS servers only), TCP 443");
  out.line(guidance.marsAgentUpdateUrl);
}

const PRINT: { readonly [F in GuidanceFormat]: (out: Printer, guidance: OutboundGuidance) => void } = {
  nsg: (out, g) => printNsg(out, g.nsg),
  "azure-firewall": (out, g) => printAzureFirewall(out, g.azureFirewall),
  "fqdn-list": (out, g) => printFqdnList(out, g.fqdnList),
};

/**
 * `vaultlink guidance PLAN [--format nsg|azure-firewall|fqdn-list]`: what the plan's workloads need outbound that
 * the backup endpoints do not carry, as commands or a list for the network team. Reads the plan only, no Azure.
 */
export async function runGuidance(
  { options, out }: CommandContext,
  planPath: string,
  { format }: GuidanceCommandOptions,
): Promise<void> {
  const guidance = outboundGuidance(await readPlanFile(planPath));
  const formats: readonly GuidanceFormat[] =
    format === undefined ? ["nsg", "azure-firewall", "fqdn-list"] : [format];
  if (options.output === "json") {
    out.json({
      plan: planPath,
      ...Object.fromEntries(formats.map((f) => [SECTION_OF[f], guidance[SECTION_OF[f]]])),
    });
    return;
  }
  formats.forEach((f, index) => {
    if (index > 0) out.line();
    PRINT[f](out, guidance);
  });
}
