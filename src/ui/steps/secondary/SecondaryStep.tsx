import { StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useMemo, useState } from "react";
import { parseResourceId } from "../../../core/arm-id.js";
import { backupEndpointsOf } from "../../../core/backup-connections.js";
import type { Finding } from "../../../core/findings.js";
import type { Vault } from "../../../core/inventory.js";
import { proposeSecondaryEndpointName } from "../../../core/naming.js";
import { checkEndpointLimits, type PlannedEndpoint } from "../../../core/rules/endpoint-limits.js";
import { checkSecondaryRegion, proposeSecondaryRegion } from "../../../core/rules/secondary-region.js";
import { backupServerDataSources } from "../../../core/rules/workloads.js";
import { ChoiceList } from "../../components/ChoiceList.js";
import { EndpointNameInput } from "../../components/EndpointNameInput.js";
import { FindingLines } from "../../components/FindingLines.js";
import { SubnetRowText } from "../../components/SubnetRowText.js";
import { errorText } from "../../error-text.js";
import { FilterList } from "../../filter-list/FilterList.js";
import { usePages } from "../../use-pages.js";
import { type SubnetRow, subnetRows } from "../endpoints/subnet-rows.js";
import type { StepProps } from "../step-props.js";

type Phase =
  | { readonly kind: "decide" }
  | { readonly kind: "subnet" }
  | { readonly kind: "name"; readonly row: SubnetRow };

function zoneGroupsOf(dns: StepProps["state"]["choices"]["dns"]): "create" | "policyManaged" | "notUsed" {
  if (dns?.strategy === "privateZones") return dns.zoneGroups;
  if (dns?.strategy === "conditionalForwarder" && dns.zoneResourceGroupId !== undefined) return "create";
  return "notUsed";
}

/**
 * What the dry run would say about a secondary endpoint in `region`, before a subnet is picked: the secondary-region
 * rules and the 12-per-vault limit, over the vault's endpoints, the primaries chosen already and one more. The same
 * rules the dry run applies, so "Add" is never offered as the way forward when the review would block it.
 */
function secondaryFindings(
  vault: Vault,
  region: string,
  primaries: readonly PlannedEndpoint[],
  zoneGroups: "create" | "policyManaged" | "notUsed",
): Finding[] {
  const secondary: PlannedEndpoint = {
    name: "vaultlink-planned-secondary-endpoint",
    groupId: "AzureBackup_secondary",
    subnetId: `/subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroup}/providers/Microsoft.Network/virtualNetworks/any/subnets/any`,
  };
  return [
    ...checkSecondaryRegion({ vault, plannedSecondaryRegion: region, zoneGroups }),
    ...checkEndpointLimits({ vault, planned: [...primaries, secondary], existingEndpoints: [] }),
  ];
}

/** Step 6: the AzureBackup_secondary endpoint for cross-region restore, in a VNet of the vault's paired region. */
export function SecondaryStep({ state, dispatch, services, active, height }: StepProps) {
  const { vault } = state.choices;
  const subscriptions = state.choices.subscriptionIds ?? [];
  const proposal = proposeSecondaryRegion(vault?.location ?? "");
  const region = proposal.kind === "paired" ? proposal.region.name : undefined;
  const [phase, setPhase] = useState<Phase>({ kind: "decide" });
  const list = usePages(`vnets ${subscriptions.join(",")}`, () => [
    services.adapter.inventory.virtualNetworks(subscriptions),
  ]);
  // Sized as the dry run sizes every endpoint subnet of the plan: 10 + n with a backup server's n data sources.
  const dataSources = backupServerDataSources(state.choices.workloads);
  const rows = useMemo(
    () => (region === undefined ? [] : subnetRows(list.items, region, dataSources)),
    [list.items, region, dataSources],
  );
  if (vault === undefined) return <Text>Choose a vault first.</Text>;
  const findings =
    region === undefined
      ? []
      : secondaryFindings(
          vault,
          region,
          state.choices.endpoints.map((e) => ({ ...e, groupId: "AzureBackup" as const })),
          zoneGroupsOf(state.choices.dns),
        );
  const blockers = findings.filter((f) => f.severity === "block");
  const earlier = state.choices.secondary;
  // Never start on an answer the dry run would block: then "none" is the only way on, and the screen says why.
  const initial = blockers.length > 0 ? "skip" : (earlier?.kind ?? "add");

  if (phase.kind === "subnet")
    return (
      <Box flexDirection="column">
        <Text>
          A subnet in a VNet of <Text bold>{region}</Text> for the secondary endpoint:
        </Text>
        <FilterList
          rows={rows}
          noun="subnets"
          height={Math.max(3, height - 3)}
          loading={!list.done}
          active={active}
          initialKey={earlier?.kind === "add" ? earlier.subnetId : undefined}
          onBack={() => setPhase({ kind: "decide" })}
          renderRow={(row, focused) => <SubnetRowText row={row} focused={focused} picked={undefined} />}
          onChoose={(row) => {
            if (!row.blocked) setPhase({ kind: "name", row });
          }}
        />
        {list.error === undefined ? null : (
          <StatusMessage variant="error">{errorText(list.error)}</StatusMessage>
        )}
      </Box>
    );

  if (phase.kind === "name") {
    const { row } = phase;
    return (
      <EndpointNameInput
        label={`${row.virtualNetwork.name}/${row.subnet.name} (secondary)`}
        proposed={
          earlier?.kind === "add"
            ? earlier.name
            : proposeSecondaryEndpointName(vault.name, row.virtualNetwork.name)
        }
        taken={[
          ...backupEndpointsOf(vault).map((e) => parseResourceId(e.privateEndpointId).name),
          ...state.choices.endpoints.map((e) => e.name),
        ]}
        active={active}
        onBack={() => setPhase({ kind: "subnet" })}
        onName={(name) =>
          dispatch({
            type: "secondaryChosen",
            secondary: {
              kind: "add",
              name,
              subnetId: row.subnet.id,
              virtualNetworkId: row.virtualNetwork.id,
              location: row.virtualNetwork.location,
            },
          })
        }
      />
    );
  }

  return (
    <Box flexDirection="column">
      <Text>
        {vault.name} is {vault.redundancy ?? "of unknown redundancy"} with cross-region restore{" "}
        {vault.crossRegionRestore ? "on" : "off"}.{" "}
        {proposal.kind === "paired" ? `Its paired region is ${proposal.region.name}.` : proposal.reason}
      </Text>
      <FindingLines findings={findings} limit={2} />
      {blockers.length === 0 ? null : (
        <Text color="yellow">
          A secondary endpoint cannot be added to {vault.name} as it is (
          {blockers.map((f) => f.code).join(", ")}
          ): the only choice is none. The fix above says what would change that.
        </Text>
      )}
      <ChoiceList
        key={phase.kind}
        choices={[
          {
            value: "add",
            label:
              region === undefined ? "Add a secondary endpoint" : `Add a secondary endpoint in ${region}`,
            hint: "Counts toward the 12 per vault; needed to restore privately in the secondary region.",
            ...(region === undefined
              ? { disabledReason: "no paired region known" }
              : blockers.length > 0
                ? { disabledReason: `blocked: ${blockers.map((f) => f.code).join(", ")}` }
                : {}),
          },
          {
            value: "skip",
            label: "No secondary endpoint",
            hint: "It can be added later, before or after items are protected.",
          },
        ]}
        initial={initial}
        active={active}
        onBack={() => dispatch({ type: "back" })}
        onChoose={(choice) =>
          choice === "add"
            ? setPhase({ kind: "subnet" })
            : dispatch({ type: "secondaryChosen", secondary: { kind: "skip" } })
        }
      />
    </Box>
  );
}
