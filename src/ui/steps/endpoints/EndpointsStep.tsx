import { StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useMemo, useState } from "react";
import { parseResourceId } from "../../../core/arm-id.js";
import { backupEndpointsOf } from "../../../core/backup-connections.js";
import type { Finding } from "../../../core/findings.js";
import type { VirtualNetwork } from "../../../core/inventory.js";
import { proposeEndpointName } from "../../../core/naming.js";
import { checkEndpointLimits, MAX_BACKUP_ENDPOINTS_PER_VAULT } from "../../../core/rules/endpoint-limits.js";
import { backupServerDataSources } from "../../../core/rules/workloads.js";
import { EndpointNameInput } from "../../components/EndpointNameInput.js";
import { FindingLines } from "../../components/FindingLines.js";
import { SubnetRowText } from "../../components/SubnetRowText.js";
import { errorText } from "../../error-text.js";
import { FilterList } from "../../filter-list/FilterList.js";
import { usePages } from "../../use-pages.js";
import type { EndpointSelection } from "../../wizard-state.js";
import type { StepProps } from "../step-props.js";
import { type SubnetRow, subnetRows } from "./subnet-rows.js";
import { WorkloadsQuestion } from "./WorkloadsQuestion.js";

type Phase =
  | { readonly kind: "workloads" }
  | { readonly kind: "pick" }
  | { readonly kind: "name"; readonly index: number };

/**
 * Step 3: what the vault will protect (it sizes the subnets: 10 + n for a backup server with n data sources), then a
 * subnet in each of one or more VNets of the vault's region (any chosen subscription), then a name for
 * each endpoint. The 12-per-vault limit and unique names are checked with what the vault already has.
 */
export function EndpointsStep({ state, dispatch, services, active, height }: StepProps) {
  const vault = state.choices.vault;
  const subscriptions = state.choices.subscriptionIds ?? [];
  const list = usePages(`vnets ${subscriptions.join(",")}`, () => [
    services.adapter.inventory.virtualNetworks(subscriptions),
  ]);
  const dataSources = backupServerDataSources(state.choices.workloads);
  // Each VNet's rows are made once, when its page arrives (checking a subnet is the costly part): later pages add
  // their rows behind the same row objects, which the list does not match again.
  const region = vault?.location ?? "";
  const rowsOf = useMemo(() => {
    const made = new WeakMap<VirtualNetwork, readonly SubnetRow[]>();
    return (vnet: VirtualNetwork) => {
      let rows = made.get(vnet);
      if (rows === undefined) {
        rows = subnetRows([vnet], region, dataSources);
        made.set(vnet, rows);
      }
      return rows;
    };
  }, [region, dataSources]);
  const rows = useMemo(() => list.items.flatMap(rowsOf), [list.items, rowsOf]);
  // VNet id (lower case) -> picked row, in the order picked.
  const [picked, setPicked] = useState<ReadonlyMap<string, string>>(
    () => new Map(state.choices.endpoints.map((e) => [e.virtualNetworkId.toLowerCase(), e.subnetId])),
  );
  const [names, setNames] = useState<readonly string[]>([]);
  // Asked first; once answered, coming back to the step starts on the subnets (Esc there goes back to it).
  const [phase, setPhase] = useState<Phase>(
    state.choices.workloads === undefined ? { kind: "workloads" } : { kind: "pick" },
  );
  const [notice, setNotice] = useState<{ text: string; findings?: readonly Finding[] } | undefined>(
    undefined,
  );
  const [focused, setFocused] = useState<SubnetRow | undefined>(undefined);
  // The picked rows in the order picked, found in one pass: not once per pick over every row on each key.
  const pickedRows = useMemo(() => {
    const wanted = new Set(picked.values());
    const found = new Map(rows.filter((row) => wanted.has(row.key)).map((row) => [row.key, row]));
    return [...picked.values()].flatMap((id) => found.get(id) ?? []);
  }, [rows, picked]);
  if (vault === undefined) return <Text>Choose a vault first.</Text>;

  const existingNames = backupEndpointsOf(vault).map((e) => parseResourceId(e.privateEndpointId).name);

  const finish = (allNames: readonly string[]) => {
    const endpoints = pickedRows.map(
      (row, i): EndpointSelection => ({
        name: allNames[i] ?? "",
        subnetId: row.subnet.id,
        virtualNetworkId: row.virtualNetwork.id,
        location: row.virtualNetwork.location,
      }),
    );
    const limits = checkEndpointLimits({
      vault,
      planned: endpoints.map((e) => ({ ...e, groupId: "AzureBackup" as const })),
      existingEndpoints: [],
    });
    const blocking = limits.filter((f) => f.severity === "block");
    if (blocking.length > 0) {
      setPhase({ kind: "pick" });
      setNotice({ text: "These endpoints cannot all be added:", findings: blocking });
    } else dispatch({ type: "endpointsChosen", endpoints });
  };

  if (phase.kind === "workloads")
    return (
      <WorkloadsQuestion
        vaultName={vault.name}
        earlier={state.choices.workloads}
        active={active}
        height={height}
        onBack={() => dispatch({ type: "back" })}
        onAnswer={(workloads) => {
          dispatch({ type: "workloadsChosen", workloads });
          setPhase({ kind: "pick" });
        }}
      />
    );

  if (phase.kind === "name") {
    const row = pickedRows[phase.index];
    if (row === undefined) return null;
    const earlier = state.choices.endpoints.find(
      (e) => e.subnetId.toLowerCase() === row.subnet.id.toLowerCase(),
    );
    return (
      <Box flexDirection="column">
        <Text dimColor>
          Endpoint {phase.index + 1} of {pickedRows.length}
        </Text>
        <EndpointNameInput
          key={row.key}
          label={`${row.virtualNetwork.name}/${row.subnet.name}`}
          proposed={
            names[phase.index] ?? earlier?.name ?? proposeEndpointName(vault.name, row.virtualNetwork.name)
          }
          taken={[...existingNames, ...names.slice(0, phase.index)]}
          active={active}
          onBack={() =>
            setPhase(phase.index === 0 ? { kind: "pick" } : { kind: "name", index: phase.index - 1 })
          }
          onName={(name) => {
            const next = [...names.slice(0, phase.index), name];
            setNames(next);
            if (phase.index + 1 < pickedRows.length) setPhase({ kind: "name", index: phase.index + 1 });
            else finish(next);
          }}
        />
      </Box>
    );
  }

  // The 12-per-vault limit, told before any endpoint is named: what the vault has counts, and so does each pick.
  const room = Math.max(0, MAX_BACKUP_ENDPOINTS_PER_VAULT - existingNames.length);
  const left = room - picked.size;
  const detailsHeight = 4;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        Subnets in <Text bold>{vault.location}</Text> for <Text bold>{vault.name}</Text>
        <Text dimColor> · {picked.size} picked · </Text>
        <Text {...(left === 0 ? { color: "yellow" } : { dimColor: true })}>
          {left === 0 ? "no more endpoints allowed" : `${left} more endpoint${left === 1 ? "" : "s"} allowed`}
        </Text>
        {/* A backup server's n data sources: each subnet is sized for 10 + n (MABS how-to). */}
        {dataSources > 0 ? <Text dimColor> · 10 + {dataSources} IPs each</Text> : null}
      </Text>
      <FilterList
        rows={rows}
        noun="subnets"
        height={Math.max(3, height - detailsHeight - 3)}
        loading={!list.done}
        active={active}
        initialKey={state.choices.endpoints[0]?.subnetId}
        onFocus={setFocused}
        onBack={() => setPhase({ kind: "workloads" })}
        renderRow={(row, isFocused) => (
          <SubnetRowText
            row={row}
            focused={isFocused}
            picked={picked.get(row.virtualNetwork.id.toLowerCase()) === row.key}
          />
        )}
        onToggle={(row) => {
          const vnetKey = row.virtualNetwork.id.toLowerCase();
          const next = new Map(picked);
          if (next.get(vnetKey) === row.key) next.delete(vnetKey);
          else if (row.blocked) {
            setNotice({
              text: `${row.virtualNetwork.name}/${row.subnet.name} cannot take a backup endpoint:`,
              findings: row.findings.filter((f) => f.severity === "block"),
            });
            return;
          } else if (!next.has(vnetKey) && next.size >= room) {
            setNotice({
              text: `${vault.name} has ${existingNames.length} backup endpoint${existingNames.length === 1 ? "" : "s"} already and takes at most ${MAX_BACKUP_ENDPOINTS_PER_VAULT}: unpick a subnet (Space) before picking another.`,
            });
            return;
          } else next.set(vnetKey, row.key);
          setNotice(undefined);
          setPicked(next);
        }}
        onChoose={() => {
          if (picked.size === 0)
            setNotice({ text: "Pick at least one subnet with Space (one per VNet), then press Enter." });
          else {
            setNotice(undefined);
            setNames(
              pickedRows.map(
                (r) =>
                  state.choices.endpoints.find((e) => e.subnetId === r.subnet.id)?.name ??
                  proposeEndpointName(vault.name, r.virtualNetwork.name),
              ),
            );
            setPhase({ kind: "name", index: 0 });
          }
        }}
      />
      {list.error === undefined ? null : (
        <StatusMessage variant="error">Could not list every VNet: {errorText(list.error)}</StatusMessage>
      )}
      {notice === undefined ? null : (
        <Box flexDirection="column">
          <StatusMessage variant="warning">{notice.text}</StatusMessage>
          {notice.findings === undefined ? null : <FindingLines findings={notice.findings} />}
        </Box>
      )}
      {notice === undefined && focused !== undefined && focused.findings.length > 0 ? (
        <FindingLines findings={focused.findings} limit={1} />
      ) : null}
    </Box>
  );
}
