import { Spinner, StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useMemo, useState } from "react";
import { allPages } from "../../../azure/adapter.js";
import { parseResourceId } from "../../../core/arm-id.js";
import type { DnsPlan } from "../../../core/plan/plan-schema.js";
import { suggestedZoneLinks } from "../../../core/rules/workload-vnet-links.js";
import { ChoiceList } from "../../components/ChoiceList.js";
import { LineField } from "../../components/line-editor/LineField.js";
import { PickMany } from "../../components/PickMany.js";
import { errorText } from "../../error-text.js";
import { useKeys } from "../../keys.js";
import { useBackKey } from "../../use-back-key.js";
import { useLoaded } from "../../use-pages.js";
import type { StepProps } from "../step-props.js";
import { predictDnsChoice, predictionLines } from "./dns-prediction.js";

type Strategy = DnsPlan["strategy"];
type ServerKind = Extract<DnsPlan, { strategy: "conditionalForwarder" }>["serverKind"];

/**
 * Each strategy with when to choose it
 * (https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept, "DNS configuration";
 * https://learn.microsoft.com/azure/private-link/private-endpoint-dns).
 */
const STRATEGIES = [
  {
    value: "privateZones",
    label: "Azure Private DNS zones",
    hint: "Choose when VMs use Azure DNS (168.63.129.16) or a DNS proxy that forwards to it; zone groups keep records current.",
  },
  {
    value: "customDns",
    label: "Custom DNS servers",
    hint: "Choose when your own DNS servers (AD DNS, BIND, …) answer for the VNets; you keep the records in them.",
  },
  {
    value: "hostsFile",
    label: "Hosts file",
    hint: "Choose for a few MARS / DPM servers only; every new storage record must be added by hand.",
  },
  {
    value: "conditionalForwarder",
    label: "Conditional forwarder",
    hint: "Choose when on-premises or custom DNS should forward the privatelink zones to Azure DNS or a resolver.",
  },
] as const;

/** DNS servers that hold the records: `other` gets them as `ip name` lines (CSV is an export, not a server's format). */
const RECORD_SERVER_KINDS = [
  { value: "windows", label: "Windows DNS Server" },
  { value: "bind", label: "BIND" },
  { value: "unbound", label: "Unbound" },
  { value: "dnsmasq", label: "dnsmasq" },
  { value: "other", label: "Other (records as hosts-format lines)" },
] as const;

/** DNS servers that forward: the same, and Azure Firewall's DNS proxy (https://learn.microsoft.com/azure/firewall/dns-settings). */
const FORWARDER_SERVER_KINDS = [
  ...RECORD_SERVER_KINDS.slice(0, 4),
  { value: "azureFirewall", label: "Azure Firewall DNS proxy" },
  { value: "other", label: "Other (zones listed; choose a --format later)" },
] as const;

type Phase =
  | { readonly kind: "strategy" }
  | { readonly kind: "zoneGroup"; readonly strategy: "privateZones" }
  | {
      readonly kind: "zoneGroup";
      readonly strategy: "conditionalForwarder";
      readonly serverKind: ServerKind;
      readonly forwardTo: readonly string[];
    }
  | { readonly kind: "zoneGroups"; readonly zoneResourceGroupId: string }
  | {
      readonly kind: "links";
      readonly zoneResourceGroupId: string;
      readonly zoneGroups: "create" | "policyManaged";
    }
  | { readonly kind: "serverKind"; readonly strategy: "customDns" | "conditionalForwarder" }
  | { readonly kind: "forwardTo"; readonly serverKind: ServerKind }
  | { readonly kind: "platform" };

function resourceGroupOf(id: string): string | undefined {
  const parsed = parseResourceId(id);
  return parsed.kind === "subscription" || parsed.resourceGroup === undefined
    ? undefined
    : `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}`;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Step 4: how clients resolve the privatelink names, and that strategy's follow-up questions. */
export function DnsStep({ state, dispatch, services, active }: StepProps) {
  const earlier = state.choices.dns;
  const [phase, setPhase] = useState<Phase>({ kind: "strategy" });
  const [problem, setProblem] = useState<string | undefined>(undefined);
  /** The VNets ticked so far in the links phase (undefined: not changed yet), for the prediction under the list. */
  const [linked, setLinked] = useState<string[] | undefined>(undefined);
  const subscriptions = state.choices.subscriptionIds ?? [];
  const inventory = useLoaded(`dns ${subscriptions.join(",")}`, async () => {
    const [zones, vnets] = await Promise.all([
      allPages(services.adapter.inventory.privateDnsZones(subscriptions)),
      allPages(services.adapter.inventory.virtualNetworks(subscriptions)),
    ]);
    return { zones, vnets };
  });
  // The resolvers' inbound endpoints are what on-premises forwarders should target: read once forwarding is chosen.
  const resolvers = useLoaded(
    phase.kind === "forwardTo" ? `resolvers ${subscriptions.join(",")}` : "resolvers not needed",
    async () => (phase.kind !== "forwardTo" ? [] : services.adapter.inventory.dnsResolvers(subscriptions)),
  );
  const back = (to: Phase | undefined) => () =>
    to === undefined ? dispatch({ type: "back" }) : setPhase(to);
  useKeys(
    (_input, key) => {
      if (key.escape && phase.kind === "links")
        setPhase({ kind: "zoneGroups", zoneResourceGroupId: phase.zoneResourceGroupId });
      if (key.escape && phase.kind === "forwardTo")
        setPhase({ kind: "serverKind", strategy: "conditionalForwarder" });
    },
    { isActive: active && (phase.kind === "links" || phase.kind === "forwardTo") },
  );

  useBackKey(active && phase.kind !== "strategy" && inventory.kind !== "ready", () =>
    setPhase({ kind: "strategy" }),
  );
  // Resource groups that hold privatelink zones already, then those of the endpoints' VNets.
  const groupChoices = useMemo(() => {
    if (inventory.kind !== "ready") return [];
    const counts = new Map<string, { id: string; zones: number }>();
    for (const zone of inventory.value.zones) {
      if (!zone.name.toLowerCase().startsWith("privatelink.")) continue;
      const group = resourceGroupOf(zone.id);
      if (group === undefined) continue;
      const entry = counts.get(group.toLowerCase()) ?? { id: group, zones: 0 };
      counts.set(group.toLowerCase(), { ...entry, zones: entry.zones + 1 });
    }
    for (const endpoint of state.choices.endpoints) {
      const group = resourceGroupOf(endpoint.subnetId);
      if (group !== undefined && !counts.has(group.toLowerCase()))
        counts.set(group.toLowerCase(), { id: group, zones: 0 });
    }
    return [...counts.values()].map((g) => ({
      value: g.id,
      label: `${parseResourceId(g.id).name}${g.zones > 0 ? `  (${g.zones} privatelink zones already; reused)` : "  (zones created here)"}`,
      hint: g.id,
    }));
  }, [inventory, state.choices.endpoints]);

  if (phase.kind !== "strategy" && inventory.kind === "loading")
    return <Spinner label="Reading private DNS zones and VNets…" />;
  if (phase.kind !== "strategy" && inventory.kind === "failed")
    return (
      <StatusMessage variant="error">
        Could not read private DNS zones: {errorText(inventory.error)}
      </StatusMessage>
    );

  switch (phase.kind) {
    case "strategy":
      return (
        <Box flexDirection="column">
          <Text>How should clients resolve the vault's privatelink names?</Text>
          <ChoiceList
            key={phase.kind}
            choices={STRATEGIES}
            initial={earlier?.strategy}
            active={active}
            onBack={back(undefined)}
            onChoose={(strategy: Strategy) => {
              if (strategy === "privateZones") setPhase({ kind: "zoneGroup", strategy });
              else if (strategy === "hostsFile") setPhase({ kind: "platform" });
              else setPhase({ kind: "serverKind", strategy });
            }}
          />
        </Box>
      );
    case "zoneGroup": {
      const choices =
        phase.strategy === "privateZones"
          ? groupChoices
          : [
              {
                value: "none",
                label: "None: the zones are not in Azure Private DNS",
                hint: "vaultlink then writes no zones or zone groups.",
              },
              ...groupChoices,
            ];
      const initial =
        earlier?.strategy === "privateZones" || earlier?.strategy === "conditionalForwarder"
          ? earlier.zoneResourceGroupId
          : undefined;
      return (
        <Box flexDirection="column">
          <Text>
            Resource group for the private DNS zones (privatelink.&lt;geo&gt;.backup…, blob, queue):
          </Text>
          <ChoiceList
            key={phase.kind}
            choices={choices}
            initial={initial}
            active={active}
            onBack={back({ kind: "strategy" })}
            onChoose={(group) => {
              if (phase.strategy === "privateZones")
                setPhase({ kind: "zoneGroups", zoneResourceGroupId: group });
              else {
                const { serverKind, forwardTo } = phase;
                dispatch({
                  type: "dnsChosen",
                  dns: {
                    strategy: "conditionalForwarder",
                    serverKind,
                    forwardTo: [...forwardTo],
                    ...(group === "none" ? {} : { zoneResourceGroupId: group }),
                  },
                });
              }
            }}
          />
        </Box>
      );
    }
    case "zoneGroups":
      return (
        <Box flexDirection="column">
          <Text>Who adds the endpoints' private DNS zone groups?</Text>
          <ChoiceList
            key={phase.kind}
            choices={[
              {
                value: "create",
                label: "vaultlink adds them",
                hint: "Azure then keeps the A records current as storage records appear.",
              },
              {
                value: "policyManaged",
                label: "Azure Policy adds them (landing zone)",
                hint: "the built-in policy covers AzureBackup only: vaultlink adds the secondary endpoints' zone groups.",
              },
            ]}
            initial={earlier?.strategy === "privateZones" ? earlier.zoneGroups : undefined}
            active={active}
            onBack={back({ kind: "zoneGroup", strategy: "privateZones" })}
            onChoose={(zoneGroups) =>
              setPhase({ kind: "links", zoneResourceGroupId: phase.zoneResourceGroupId, zoneGroups })
            }
          />
        </Box>
      );
    case "links": {
      const endpointVnets = new Set(state.choices.endpoints.map((e) => e.virtualNetworkId.toLowerCase()));
      const vnets = inventory.kind === "ready" ? inventory.value.vnets : [];
      // Workload VNets (peered with the endpoints' VNets, in the vault's region, on Azure-provided DNS) are
      // preselected: without a link they resolve the vault's names publicly (the dry run's workload-vnet-not-linked).
      const suggested = suggestedZoneLinks(
        vnets.filter((v) => endpointVnets.has(v.id.toLowerCase())),
        vnets,
        state.choices.vault?.location ?? "",
      );
      const suggestion = (id: string) =>
        suggested.find((x) => x.virtualNetworkId.toLowerCase() === id.toLowerCase());
      const options = vnets
        .filter((v) => !endpointVnets.has(v.id.toLowerCase()))
        .map((v) => {
          const peered = suggestion(v.id)?.peeredWith;
          return {
            value: v.id,
            label: `${v.name}  (${v.location})${peered === undefined ? "" : `  workload VNet, peered with ${peered.join(", ")}`}`,
          };
        });
      const initialLinks =
        earlier?.strategy === "privateZones"
          ? [...earlier.extraLinkedVirtualNetworkIds]
          : suggested.map((x) => x.virtualNetworkId);
      return (
        <Box flexDirection="column">
          <Text>
            Link the zones to which other VNets? (the endpoints' VNets are linked anyway; Space toggles, Enter
            continues)
          </Text>
          {suggested.length > 0 ? (
            <Text dimColor>
              Workload VNets peered with the endpoints' VNets are picked: zone links do not travel over
              peerings.
            </Text>
          ) : null}
          {options.length === 0 ? <Text dimColor>No other VNets. Press Enter.</Text> : null}
          <PickMany
            isDisabled={!active}
            options={options}
            defaultValue={initialLinks}
            onChange={setLinked}
            onSubmit={(ids) =>
              dispatch({
                type: "dnsChosen",
                dns: {
                  strategy: "privateZones",
                  zoneResourceGroupId: phase.zoneResourceGroupId,
                  zoneGroups: phase.zoneGroups,
                  extraLinkedVirtualNetworkIds: ids,
                },
              })
            }
          />
          <OnceApplied
            {...{ services, state }}
            dns={{
              strategy: "privateZones",
              zoneResourceGroupId: phase.zoneResourceGroupId,
              zoneGroups: phase.zoneGroups,
              extraLinkedVirtualNetworkIds: linked ?? initialLinks,
            }}
          />
        </Box>
      );
    }
    case "serverKind":
      return (
        <Box flexDirection="column">
          <Text>
            Which DNS server software{" "}
            {phase.strategy === "customDns" ? "holds the records" : "forwards the zones"}?
          </Text>
          <ChoiceList
            key={phase.kind}
            choices={phase.strategy === "customDns" ? RECORD_SERVER_KINDS : FORWARDER_SERVER_KINDS}
            initial={
              earlier?.strategy === phase.strategy &&
              (earlier.strategy === "customDns" || earlier.strategy === "conditionalForwarder")
                ? earlier.serverKind
                : undefined
            }
            active={active}
            onBack={back({ kind: "strategy" })}
            onChoose={(serverKind: ServerKind) => {
              if (phase.strategy === "customDns" && serverKind !== "azureFirewall")
                dispatch({ type: "dnsChosen", dns: { strategy: "customDns", serverKind } });
              else setPhase({ kind: "forwardTo", serverKind });
            }}
          />
        </Box>
      );
    case "forwardTo": {
      if (resolvers.kind === "loading")
        return <Spinner label="Looking for DNS Private Resolver inbound endpoints…" />;
      const found =
        resolvers.kind === "ready" ? resolvers.value.filter((r) => r.inboundAddresses.length > 0) : [];
      const inbound = found.flatMap((r) => r.inboundAddresses);
      return (
        <Box flexDirection="column">
          <Text>
            Forward the zones to (IPv4, comma-separated): your DNS Private Resolver's inbound endpoint, or a
            DNS VM inside Azure. Not 168.63.129.16 from on-premises: it answers only inside Azure.
          </Text>
          {found.length > 0 ? (
            <Text dimColor>
              Filled in: the inbound endpoints of{" "}
              {found
                .map(
                  (r) =>
                    `${r.name} in ${r.virtualNetworkId.split("/").at(-1)} (${r.inboundAddresses.join(", ")})`,
                )
                .join("; ")}
              .
            </Text>
          ) : null}
          <LineField
            active={active}
            footer={["Enter continue", "Esc back"]}
            onChange={() => setProblem(undefined)}
            placeholder="e.g. 10.0.0.4, 10.0.0.5"
            initialValue={
              earlier?.strategy === "conditionalForwarder" ? earlier.forwardTo.join(", ") : inbound.join(", ")
            }
            onSubmit={(text) => {
              const addresses = text
                .split(",")
                .map((a) => a.trim())
                .filter(Boolean);
              const bad = addresses.filter((a) => !IPV4.test(a));
              if (addresses.length === 0 || bad.length > 0)
                setProblem(
                  `Give one or more IPv4 addresses${bad.length > 0 ? `; not an address: ${bad.join(", ")}` : ""}.`,
                );
              else {
                setProblem(undefined);
                setPhase({
                  kind: "zoneGroup",
                  strategy: "conditionalForwarder",
                  serverKind: phase.serverKind,
                  forwardTo: addresses,
                });
              }
            }}
          />
          {problem === undefined ? null : <StatusMessage variant="error">{problem}</StatusMessage>}
        </Box>
      );
    }
    case "platform":
      return (
        <Box flexDirection="column">
          <Text>Which hosts file layout?</Text>
          <ChoiceList
            key={phase.kind}
            choices={[
              { value: "windows", label: "Windows (C:\\Windows\\System32\\drivers\\etc\\hosts)" },
              { value: "linux", label: "Linux (/etc/hosts)" },
            ]}
            initial={earlier?.strategy === "hostsFile" ? earlier.platform : undefined}
            active={active}
            onBack={back({ kind: "strategy" })}
            onChoose={(platform) => dispatch({ type: "dnsChosen", dns: { strategy: "hostsFile", platform } })}
          />
        </Box>
      );
  }
}

/** The prediction of what each workload VNet resolves with these choices, refreshed as VNets are ticked. */
function OnceApplied({
  services,
  state,
  dns,
}: Pick<StepProps, "services" | "state"> & { readonly dns: DnsPlan }) {
  const key = JSON.stringify(dns);
  const prediction = useLoaded(`once applied ${key}`, () => predictDnsChoice(services, state.choices, dns));
  if (prediction.kind === "loading") return <Text dimColor>Predicting what each VNet will resolve…</Text>;
  if (prediction.kind === "failed")
    return <Text dimColor>Could not predict resolution: {errorText(prediction.error)}</Text>;
  const [summary, ...problems] = predictionLines(prediction.value);
  return (
    <Box flexDirection="column">
      <Text color={problems.length === 0 ? "green" : "yellow"}>{summary}</Text>
      {problems.map((line) => (
        <Text key={line} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
