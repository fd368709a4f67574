import { Spinner, StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useState } from "react";
import { allPages } from "../../../azure/adapter.js";
import type { Finding } from "../../../core/findings.js";
import { MARS_AUTO_UPDATE_URL } from "../../../core/guidance/entra-id-firewall.js";
import { checkEntraIdOutbound } from "../../../core/guidance/nsg-outbound-analysis.js";
import type { NetworkSecurityGroup } from "../../../core/inventory.js";
import type { Plan } from "../../../core/plan/plan-schema.js";
import { sameRegion } from "../../../core/regions.js";
import { DENY_WITH_CRR_NOTE } from "../../../core/rules/public-network-access.js";
import { Source } from "../../../core/rules/sources.js";
import { type EntraIdRuleGuidance, entraIdRuleGuidance } from "../../../engine/entra-id-rule-guidance.js";
import { ChoiceList } from "../../components/ChoiceList.js";
import { CommandPage } from "../../components/CommandPage.js";
import { findingViewLines } from "../../components/finding-view-lines.js";
import { PickMany } from "../../components/PickMany.js";
import { ScrollingLines } from "../../components/ScrolledLines.js";
import { wrapText } from "../../components/wrapped-lines.js";
import { errorText } from "../../error-text.js";
import { useFrameWidth } from "../../frame-width.js";
import { useKeys } from "../../keys.js";
import { useFooterKeys } from "../../text-entry.js";
import { useBackKey } from "../../use-back-key.js";
import { useLoaded } from "../../use-pages.js";
import type { StepProps } from "../step-props.js";

type Entra = Plan["guidance"]["entraIdOutbound"];
type Phase =
  | { readonly kind: "entra" }
  | { readonly kind: "nsgs" }
  | { readonly kind: "print" }
  | { readonly kind: "publicAccess"; readonly entra: Entra };

/**
 * The workload subnets' NSGs in the vault's region, each with what the Entra ID outbound rule says about it and
 * what `vaultlink check --nsg` would tell a person to do (the same guidance, so the two never disagree).
 */
interface CheckedNsg {
  readonly nsg: NetworkSecurityGroup;
  readonly findings: readonly Finding[];
  readonly guidance: EntraIdRuleGuidance;
}

/** Entra ID is blocked through this NSG today (a warning or worse, not only "allowed by a default rule"). */
const needsRule = (c: CheckedNsg) => c.findings.some((f) => f.severity !== "info");

/**
 * vaultlink adds a rule only where a priority is free ahead of the deny; where the deny sits at 100 (say) the dry
 * run would block, so such an NSG is never offered for "add": the commands that move the deny are printed instead.
 */
const canTakeRule = (c: CheckedNsg) => c.guidance.kind !== "moveDenyThenAddRule";

/** The commands `vaultlink check --nsg` prints for an NSG, as lines (az CLI). */
function handCommands(c: CheckedNsg): string[] {
  switch (c.guidance.kind) {
    case "alreadyAllowed":
      return [
        `# ${c.nsg.name}: rule ${c.guidance.by.name} (priority ${c.guidance.by.priority}) already allows it`,
      ];
    case "addRule":
      return [...c.guidance.commands.azCli];
    case "moveDenyThenAddRule":
      return [
        `# ${c.nsg.name}: move ${c.guidance.move.rule.name} from priority ${c.guidance.from} to ${c.guidance.move.rule.priority}, then add the allow (vaultlink never changes existing rules)`,
        ...c.guidance.commands.azCli,
      ];
  }
}

/** Step 5: outbound access to Microsoft Entra ID (the endpoints do not cover it), then public network access. */
export function GuidanceStep({ state, dispatch, services, active, height }: StepProps) {
  const earlier = state.choices.guidance;
  const width = (useFrameWidth() ?? 100) - 1;
  const [phase, setPhase] = useState<Phase>({ kind: "entra" });
  const subscriptions = state.choices.subscriptionIds ?? [];
  const region = state.choices.vault?.location ?? "";
  const nsgs = useLoaded(`nsgs ${subscriptions.join(",")} ${region}`, async (): Promise<CheckedNsg[]> => {
    const vnets = await allPages(services.adapter.inventory.virtualNetworks(subscriptions));
    const ids = new Map<string, string>();
    for (const vnet of vnets.filter((v) => sameRegion(v.location, region)))
      for (const subnet of vnet.subnets)
        if (subnet.networkSecurityGroupId !== undefined)
          ids.set(subnet.networkSecurityGroupId.toLowerCase(), subnet.networkSecurityGroupId);
    const read = await Promise.all(
      [...ids.values()].map((id) => services.adapter.getNetworkSecurityGroup(id)),
    );
    return read.map((nsg) => ({
      nsg,
      findings: checkEntraIdOutbound(nsg),
      guidance: entraIdRuleGuidance(nsg),
    }));
  });
  useKeys(
    (_input, key) => {
      if (!key.escape) return;
      if (phase.kind === "nsgs" || phase.kind === "print") setPhase({ kind: "entra" });
    },
    { isActive: active && (phase.kind === "nsgs" || phase.kind === "print") },
  );
  useKeys(
    (_input, key) => {
      if (key.return && phase.kind === "print") setPhase({ kind: "publicAccess", entra: { mode: "print" } });
    },
    { isActive: active && phase.kind === "print" },
  );

  useFooterKeys(active && phase.kind === "nsgs", ["↑/↓ move", "Space toggle", "Enter continue", "Esc back"]);
  useBackKey(active && nsgs.kind !== "ready", () => dispatch({ type: "back" }));
  if (nsgs.kind === "loading") return <Spinner label="Reading the NSGs of the workload subnets…" />;
  if (nsgs.kind === "failed")
    return <StatusMessage variant="error">Could not read NSGs: {errorText(nsgs.error)}</StatusMessage>;
  const checked = nsgs.value;
  const addable = checked.filter(canTakeRule);
  const cannotTake = checked.filter((c) => needsRule(c) && !canTakeRule(c));
  // Start on "add" only where it helps and the dry run would not block it: some NSG blocks Entra ID and can take it.
  const entraDefault =
    earlier?.entraIdOutbound.mode ?? (addable.some(needsRule) ? ("add" as const) : ("print" as const));

  switch (phase.kind) {
    case "entra":
      return (
        <Box flexDirection="column">
          {/* Scrolled above the choices, which always stay in view however many NSGs speak; why "add" is not
              offered comes first. */}
          <ScrollingLines
            lines={[
              ...wrapText(
                `SQL Server / SAP HANA workload extensions and the MARS agent need outbound TCP 443 to Microsoft Entra ID (service tag AzureActiveDirectory), and MARS updates need ${MARS_AUTO_UPDATE_URL}.`,
                width,
              ).map((text, i) => ({ key: `intro ${i}`, text })),
              ...cannotTake.flatMap((c) =>
                c.guidance.kind === "moveDenyThenAddRule"
                  ? wrapText(
                      `vaultlink cannot add the rule to ${c.nsg.name}: ${c.guidance.move.rule.name} denies it at priority ${c.guidance.from} with no free priority ahead. “Only print the rules” shows the commands that move it to ${c.guidance.move.rule.priority} and add the allow.`,
                      width,
                    ).map((text, i) => ({ key: `${c.nsg.id} ${i}`, text, color: "yellow" }))
                  : [],
              ),
              ...findingViewLines(
                checked.flatMap((c) => c.findings),
                width,
              ),
            ]}
            height={Math.max(3, height - 6)}
            active={active}
          />
          <ChoiceList
            key={phase.kind}
            choices={[
              {
                value: "add",
                label: "Let vaultlink add NSG rules allowing it",
                hint: "An outbound Allow for AzureActiveDirectory on 443, ahead of any deny; existing rules are never changed.",
                ...(checked.length === 0
                  ? { disabledReason: "no NSG on the subnets of this region" }
                  : addable.length === 0
                    ? { disabledReason: "no NSG here has a free priority ahead of its deny" }
                    : {}),
              },
              {
                value: "print",
                label: "Only print the rules",
                hint: "For a firewall or NSGs that someone else manages.",
              },
            ]}
            initial={entraDefault}
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
          {cannotTake.length === 0 ? null : (
            <Text dimColor>
              Not offered: {cannotTake.map((c) => c.nsg.name).join(", ")} (no free priority ahead of the deny;
              the commands to move it are under “Only print the rules”).
            </Text>
          )}
          <PickMany
            isDisabled={!active}
            visibleOptionCount={Math.max(3, height - 3)}
            options={addable.map((c) => ({
              value: c.nsg.id,
              label: `${c.nsg.name}${c.findings.some((f) => f.code === "nsg-blocks-entra-id-outbound") ? "  (blocks Entra ID today)" : ""}`,
            }))}
            defaultValue={
              earlier?.entraIdOutbound.mode === "add"
                ? earlier.entraIdOutbound.networkSecurityGroupIds.filter((id) =>
                    addable.some((c) => c.nsg.id.toLowerCase() === id.toLowerCase()),
                  )
                : addable.filter(needsRule).map((c) => c.nsg.id)
            }
            onSubmit={(ids) => {
              if (ids.length > 0)
                setPhase({ kind: "publicAccess", entra: { mode: "add", networkSecurityGroupIds: ids } });
            }}
          />
        </Box>
      );
    case "print": {
      // The NSGs that block Entra ID first; the commands are shown whole and scroll.
      const ordered = [...checked.filter(needsRule), ...checked.filter((c) => !needsRule(c))];
      const lines = ordered.flatMap(handCommands);
      return (
        <Box flexDirection="column">
          <Text>
            Allow outbound TCP 443 to the service tag AzureActiveDirectory from the workload subnets, e.g.:
          </Text>
          {lines.length === 0 ? (
            <Text dimColor>
              (no NSG in this region: allow it on your firewall, FQDNs of Microsoft 365 endpoint sets 56 and
              59)
            </Text>
          ) : (
            <CommandPage
              commands={lines}
              // The intro, the two notes below (up to three rows at 80 columns) and the key line stay in view.
              height={Math.max(4, height - 6)}
              active={active}
              cwd={services.cwd}
              fileName="vaultlink-entra-id-rules"
              title="Allow outbound TCP 443 to Microsoft Entra ID (service tag AzureActiveDirectory)"
              footer={["Enter continue", "Esc back"]}
            />
          )}
          <Text dimColor>
            PowerShell too: `vaultlink check --nsg ID` prints every command for az CLI and PowerShell. Behind
            a firewall: `vaultlink guidance PLAN --format azure-firewall|fqdn-list` prints its rules.
          </Text>
          <Text>Press Enter to continue, Esc to go back.</Text>
        </Box>
      );
    }
    case "publicAccess": {
      // Deny is Microsoft's recommendation with endpoints, except on a vault with cross-region restore on, where the
      // v2 how-to says Deny is not supported: there the screen says so and starts on Keep.
      const crossRegionRestore = state.choices.vault?.crossRegionRestore === true;
      return (
        <Box flexDirection="column">
          <Text>Public network access to the vault once the endpoints exist:</Text>
          {crossRegionRestore ? (
            <Text color="yellow">
              This vault has cross-region restore on. Microsoft's v2 how-to says: “{DENY_WITH_CRR_NOTE}”
              (older copies lack the note), so Keep is the documented-safe choice. {Source.v2HowTo}
            </Text>
          ) : null}
          <ChoiceList
            key={phase.kind}
            choices={[
              {
                value: "deny",
                label: crossRegionRestore ? "Deny" : "Deny (recommended)",
                hint: crossRegionRestore
                  ? "Not supported with cross-region restore, per the note above: test a cross-region restore before relying on it."
                  : "Only clients in a VNet with an endpoint can then back up or restore.",
              },
              {
                value: "keep",
                label: crossRegionRestore
                  ? "Keep as it is (documented-safe with cross-region restore)"
                  : "Keep as it is",
                hint: "Clients try the private URL first, then the public one.",
              },
            ]}
            initial={earlier?.publicNetworkAccess ?? (crossRegionRestore ? "keep" : undefined)}
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
}
