import { StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useMemo, useState } from "react";
import { parseResourceId } from "../../../core/arm-id.js";
import { proposeSecondaryEndpointName } from "../../../core/naming.js";
import { checkSecondaryRegion, proposeSecondaryRegion } from "../../../core/rules/secondary-region.js";
import { ChoiceList } from "../../components/ChoiceList.js";
import { EndpointNameInput } from "../../components/EndpointNameInput.js";
import { FindingLines } from "../../components/FindingLines.js";
import { SubnetRowText } from "../../components/SubnetRowText.js";
import { errorText } from "../../error-text.js";
import { FilterList } from "../../filter-list/FilterList.js";
import { usePages } from "../../use-pages.js";
import { type SubnetRow, subnetRows } from "../endpoints/subnet-rows.js";
import type { StepProps } from "../step-props.js";
import { backupEndpointIds } from "../vault/vault-readiness.js";

type Phase =
  | { readonly kind: "decide" }
  | { readonly kind: "subnet" }
  | { readonly kind: "name"; readonly row: SubnetRow };

function zoneGroupsOf(dns: StepProps["state"]["choices"]["dns"]): "create" | "policyManaged" | "notUsed" {
  if (dns?.strategy === "privateZones") return dns.zoneGroups;
  if (dns?.strategy === "conditionalForwarder" && dns.zoneResourceGroupId !== undefined) return "create";
  return "notUsed";
}

/** Step 6: the AzureBackup_secondary endpoint for cross-region restore, in a VNet of the vault's paired region. */
export function SecondaryStep({ state, dispatch, services, active, height }: StepProps) {
  const { vault } = state.choices;
  const subscriptions = state.choices.subscriptionIds ?? [];
  const proposal = proposeSecondaryRegion(vault?.location ?? "");
  const region = proposal.kind === "paired" ? proposal.region.name : undefined;
  const [phase, setPhase] = useState<Phase>({ kind: "decide" });
  const list = usePages(`vnets ${subscriptions.join(",")}`, () =>
    subscriptions.map((s) => services.adapter.listVirtualNetworks(s)),
  );
  const rows = useMemo(
    () => (region === undefined ? [] : subnetRows(list.items, region)),
    [list.items, region],
  );
  if (vault === undefined) return <Text>Choose a vault first.</Text>;
  const findings =
    region === undefined
      ? []
      : checkSecondaryRegion({
          vault,
          plannedSecondaryRegion: region,
          zoneGroups: zoneGroupsOf(state.choices.dns),
        });
  const earlier = state.choices.secondary;

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
          ...backupEndpointIds(vault).map((id) => parseResourceId(id).name),
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
      <ChoiceList
        key={phase.kind}
        choices={[
          {
            value: "add",
            label:
              region === undefined ? "Add a secondary endpoint" : `Add a secondary endpoint in ${region}`,
            hint: "Counts toward the 12 per vault; needed to restore privately in the secondary region.",
            ...(region === undefined ? { disabledReason: "no paired region known" } : {}),
          },
          {
            value: "skip",
            label: "No secondary endpoint",
            hint: "It can be added later, before or after items are protected.",
          },
        ]}
        initial={earlier?.kind}
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
