import { MultiSelect, Spinner, StatusMessage } from "@inkjs/ui";
import { Box, Text, useInput, useWindowSize } from "ink";
import { useState } from "react";
import { allPages } from "../../../azure/adapter.js";
import type { Finding } from "../../../core/findings.js";
import { MARS_AUTO_UPDATE_URL } from "../../../core/guidance/entra-id-firewall.js";
import { checkEntraIdOutbound } from "../../../core/guidance/nsg-outbound-analysis.js";
import { azCliNsgRuleCommand } from "../../../core/guidance/nsg-rule-commands.js";
import { proposeOutboundAllowRules } from "../../../core/guidance/nsg-rule-proposal.js";
import type { NetworkSecurityGroup } from "../../../core/inventory.js";
import type { Plan } from "../../../core/plan/plan-schema.js";
import { ChoiceList } from "../../components/ChoiceList.js";
import { FindingLines } from "../../components/FindingLines.js";
import { ScrollingLines } from "../../components/ScrolledLines.js";
import { commandLines } from "../../components/wrapped-lines.js";
import { errorText } from "../../error-text.js";
import { useBackKey } from "../../use-back-key.js";
import { useLoaded } from "../../use-pages.js";
import { sameRegion } from "../endpoints/subnet-rows.js";
import type { StepProps } from "../step-props.js";

type Entra = Plan["guidance"]["entraIdOutbound"];
type Phase =
  | { readonly kind: "entra" }
  | { readonly kind: "nsgs" }
  | { readonly kind: "print" }
  | { readonly kind: "publicAccess"; readonly entra: Entra };

/** The workload subnets' NSGs in the vault's region, each with what the Entra ID outbound rule says about it. */
interface CheckedNsg {
  readonly nsg: NetworkSecurityGroup;
  readonly findings: readonly Finding[];
}

/** Step 5: outbound access to Microsoft Entra ID (the endpoints do not cover it), then public network access. */
export function GuidanceStep({ state, dispatch, services, active, height }: StepProps) {
  const { columns } = useWindowSize();
  const earlier = state.choices.guidance;
  const [phase, setPhase] = useState<Phase>({ kind: "entra" });
  const subscriptions = state.choices.subscriptionIds ?? [];
  const region = state.choices.vault?.location ?? "";
  const nsgs = useLoaded(`nsgs ${subscriptions.join(",")} ${region}`, async (): Promise<CheckedNsg[]> => {
    const vnets = (
      await Promise.all(subscriptions.map((s) => allPages(services.adapter.listVirtualNetworks(s))))
    ).flat();
    const ids = new Map<string, string>();
    for (const vnet of vnets.filter((v) => sameRegion(v.location, region)))
      for (const subnet of vnet.subnets)
        if (subnet.networkSecurityGroupId !== undefined)
          ids.set(subnet.networkSecurityGroupId.toLowerCase(), subnet.networkSecurityGroupId);
    const read = await Promise.all(
      [...ids.values()].map((id) => services.adapter.getNetworkSecurityGroup(id)),
    );
    return read.map((nsg) => ({ nsg, findings: checkEntraIdOutbound(nsg) }));
  });
  useInput(
    (_input, key) => {
      if (!key.escape) return;
      if (phase.kind === "nsgs" || phase.kind === "print") setPhase({ kind: "entra" });
    },
    { isActive: active && (phase.kind === "nsgs" || phase.kind === "print") },
  );
  useInput(
    (_input, key) => {
      if (key.return && phase.kind === "print") setPhase({ kind: "publicAccess", entra: { mode: "print" } });
    },
    { isActive: active && phase.kind === "print" },
  );

  useBackKey(active && nsgs.kind !== "ready", () => dispatch({ type: "back" }));
  if (nsgs.kind === "loading") return <Spinner label="Reading the NSGs of the workload subnets…" />;
  if (nsgs.kind === "failed")
    return <StatusMessage variant="error">Could not read NSGs: {errorText(nsgs.error)}</StatusMessage>;
  const checked = nsgs.value;

  switch (phase.kind) {
    case "entra":
      return (
        <Box flexDirection="column">
          <Text>
            SQL Server / SAP HANA workload extensions and the MARS agent need outbound TCP 443 to Microsoft
            Entra ID (service tag AzureActiveDirectory), and MARS updates need {MARS_AUTO_UPDATE_URL}.
          </Text>
          <FindingLines findings={checked.flatMap((c) => c.findings)} limit={2} />
          <ChoiceList
            key={phase.kind}
            choices={[
              {
                value: "add",
                label: "Let vaultlink add NSG rules allowing it",
                hint: "An outbound Allow for AzureActiveDirectory on 443, ahead of any deny; existing rules are never changed.",
                ...(checked.length === 0 ? { disabledReason: "no NSG on the subnets of this region" } : {}),
              },
              {
                value: "print",
                label: "Only print the rules",
                hint: "For a firewall or NSGs that someone else manages.",
              },
            ]}
            initial={earlier?.entraIdOutbound.mode}
            active={active}
            onBack={() => dispatch({ type: "back" })}
            onChoose={(mode) => setPhase(mode === "add" ? { kind: "nsgs" } : { kind: "print" })}
          />
        </Box>
      );
    case "nsgs":
      return (
        <Box flexDirection="column">
          <Text>Add the rule to which NSGs? (Space toggles, Enter continues, Esc back)</Text>
          <MultiSelect
            isDisabled={!active}
            visibleOptionCount={Math.max(3, height - 3)}
            options={checked.map((c) => ({
              value: c.nsg.id,
              label: `${c.nsg.name}${c.findings.some((f) => f.code === "nsg-blocks-entra-id-outbound") ? "  (blocks Entra ID today)" : ""}`,
            }))}
            defaultValue={
              earlier?.entraIdOutbound.mode === "add"
                ? [...earlier.entraIdOutbound.networkSecurityGroupIds]
                : checked.filter((c) => c.findings.some((f) => f.severity !== "info")).map((c) => c.nsg.id)
            }
            onSubmit={(ids) => {
              if (ids.length > 0)
                setPhase({ kind: "publicAccess", entra: { mode: "add", networkSecurityGroupIds: ids } });
            }}
          />
        </Box>
      );
    case "print": {
      const commands = checked.flatMap((c) =>
        proposeOutboundAllowRules(c.nsg, ["AzureActiveDirectory"]).flatMap((p) =>
          p.kind === "proposed" ? [azCliNsgRuleCommand(p.request)] : [`# ${c.nsg.name}: ${p.explanation}`],
        ),
      );
      return (
        <Box flexDirection="column">
          <Text>
            Allow outbound TCP 443 to the service tag AzureActiveDirectory from the workload subnets, e.g.:
          </Text>
          {commands.length === 0 ? (
            <Text dimColor>
              (no NSG in this region: allow it on your firewall, FQDNs of Microsoft 365 endpoint sets 56 and
              59)
            </Text>
          ) : (
            <ScrollingLines
              lines={commandLines(commands, Math.max(20, columns - 1))}
              height={Math.max(3, height - 4)}
              active={active}
            />
          )}
          <Text>Press Enter to continue, Esc to go back.</Text>
        </Box>
      );
    }
    case "publicAccess":
      return (
        <Box flexDirection="column">
          <Text>Public network access to the vault once the endpoints exist:</Text>
          <ChoiceList
            key={phase.kind}
            choices={[
              {
                value: "deny",
                label: "Deny (recommended)",
                hint: "Only clients in a VNet with an endpoint can then back up or restore.",
              },
              {
                value: "keep",
                label: "Keep as it is",
                hint: "Clients try the private URL first, then the public one.",
              },
            ]}
            initial={earlier?.publicNetworkAccess}
            active={active}
            onBack={() => setPhase({ kind: "entra" })}
            onChoose={(publicNetworkAccess) =>
              dispatch({
                type: "guidanceChosen",
                guidance: { publicNetworkAccess, entraIdOutbound: phase.entra },
              })
            }
          />
        </Box>
      );
  }
}
