import { StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useEffect, useMemo, useState } from "react";
import { backupEndpointsOf } from "../../../core/backup-connections.js";
import type { BackupVault, Vault } from "../../../core/inventory.js";
import { MAX_BACKUP_ENDPOINTS_PER_VAULT } from "../../../core/rules/endpoint-limits.js";
import { backupVaultCheck } from "../../../engine/check-vaults.js";
import type { Eligibility, VaultEligibility } from "../../../engine/vault-eligibility.js";
import { findingViewLines } from "../../components/finding-view-lines.js";
import { ScrollingLines } from "../../components/ScrolledLines.js";
import type { ViewLine } from "../../components/wrapped-lines.js";
import { errorText } from "../../error-text.js";
import { FilterList, type ListRow } from "../../filter-list/FilterList.js";
import { useFrameWidth } from "../../frame-width.js";
import { useKeys } from "../../keys.js";
import { useFooterKeys } from "../../text-entry.js";
import { usePages } from "../../use-pages.js";
import type { StepProps } from "../step-props.js";
import { useVaultChecks } from "./use-vault-checks.js";

type Checked = { readonly kind: "checking" } | ({ readonly kind: "checked" } & VaultEligibility);

/** A Recovery Services vault, or a Backup vault shown greyed so a user whose vault is "missing" sees why. */
type VaultRow = ListRow &
  (
    | { readonly kind: "recoveryServices"; readonly vault: Vault }
    | { readonly kind: "backupVault"; readonly vault: BackupVault }
  );

/** The badge of each verdict: the words `vaultlink check` uses, shortened to fit a row. */
const BADGE: Readonly<Record<Eligibility | "checking", { readonly text: string; readonly color: string }>> = {
  eligible: { text: "ready  ", color: "green" },
  needsDecision: { text: "check  ", color: "yellow" },
  blocked: { text: "blocked", color: "red" },
  checking: { text: "…      ", color: "gray" },
};

function verdictOf(verdict: VaultEligibility | undefined): Checked {
  return verdict === undefined ? { kind: "checking" } : { kind: "checked", ...verdict };
}

function redundancyText(vault: Vault): string {
  return `${vault.redundancy ?? "?"}${vault.crossRegionRestore ? "+CRR" : ""}`;
}

/**
 * The list's rows, the Recovery Services vaults first: one row object per vault, made once (`made` keeps them), so
 * as more pages stream in the list sees the rows it has already matched unchanged.
 */
function vaultRows(
  made: WeakMap<Vault | BackupVault, VaultRow>,
  vaults: readonly Vault[],
  backupVaults: readonly BackupVault[],
): VaultRow[] {
  const rowOf = (vault: Vault | BackupVault, make: () => VaultRow) => {
    let row = made.get(vault);
    if (row === undefined) {
      row = make();
      made.set(vault, row);
    }
    return row;
  };
  return [
    ...vaults.map((vault) =>
      rowOf(vault, () => ({
        kind: "recoveryServices",
        key: vault.id,
        searchText: `${vault.name} ${vault.location} ${vault.resourceGroup}`.toLowerCase(),
        vault,
      })),
    ),
    ...backupVaults.map((vault) =>
      rowOf(vault, () => ({
        kind: "backupVault",
        key: vault.id,
        searchText: `${vault.name} ${vault.location} ${vault.resourceGroup} backup vault`.toLowerCase(),
        vault,
      })),
    ),
  ];
}

/**
 * Step 2: every Recovery Services vault in the chosen subscriptions, each checked against the prerequisite rules
 * when it is on screen (the focused one first), a few at a time: the list is usable from its first page on, and a
 * tenant of thousands of vaults costs the checks of the vaults the user looks at.
 */
export function VaultStep({ state, dispatch, services, active, height }: StepProps) {
  const subscriptions = state.choices.subscriptionIds ?? [];
  const list = usePages(subscriptions.join(","), () => [services.adapter.inventory.vaults(subscriptions)]);
  const backupVaults = usePages(subscriptions.join(","), () => [
    services.adapter.inventory.backupVaults(subscriptions),
  ]);
  const checks = useVaultChecks(services.adapter, subscriptions.join(","));
  const [focused, setFocused] = useState<VaultRow | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  // A vault chosen before its check came back: chosen (or refused) as soon as its verdict is in.
  const [chosenWhenChecked, setChosenWhenChecked] = useState<Vault | undefined>(undefined);
  // Tab gives the keyboard to the focused vault's details, which scroll with the keys of every page.
  const [inDetails, setInDetails] = useState(false);
  const width = (useFrameWidth() ?? 100) - 1;

  const made = useMemo(() => new WeakMap<Vault | BackupVault, VaultRow>(), []);
  const rows = useMemo(
    () => vaultRows(made, list.items, backupVaults.items),
    [made, list.items, backupVaults.items],
  );

  /** What Enter on a checked vault does: carry it forward, or say why not. */
  const decide = (vault: Vault, verdict: VaultEligibility) => {
    if (verdict.eligibility === "blocked")
      setNotice(
        `${vault.name} cannot be used for backup private endpoints: see what blocks it and the fix below.`,
      );
    else dispatch({ type: "vaultChosen", vault });
  };
  const pendingVerdict = chosenWhenChecked === undefined ? undefined : checks.verdict(chosenWhenChecked);
  // biome-ignore lint/correctness/useExhaustiveDependencies: acts once, when the chosen vault's verdict arrives.
  useEffect(() => {
    if (chosenWhenChecked === undefined || pendingVerdict === undefined) return;
    setChosenWhenChecked(undefined);
    setNotice(undefined);
    decide(chosenWhenChecked, pendingVerdict);
  }, [pendingVerdict]);

  const detailsHeight = Math.max(4, Math.floor(height / 2));
  const listHeight = Math.max(3, height - detailsHeight - 2);
  const focusedCheck: Checked | undefined =
    focused === undefined
      ? undefined
      : focused.kind === "backupVault"
        ? { kind: "checked", ...backupVaultCheck(focused.vault) }
        : verdictOf(checks.verdict(focused.vault));
  const detailLines: readonly ViewLine[] =
    focusedCheck?.kind !== "checked"
      ? [{ key: "checking", text: "Checking prerequisites…", dim: true }]
      : focusedCheck.findings.length === 0
        ? [{ key: "ready", text: "No findings: ready for backup private endpoints.", color: "green" }]
        : findingViewLines(focusedCheck.findings, width);
  const detailsActive = active && inDetails && focused !== undefined;
  useKeys(
    (_input, key) => {
      if (key.tab) setInDetails((d) => !d);
      else if (key.escape && inDetails) setInDetails(false);
    },
    { isActive: active && focused !== undefined },
  );
  useFooterKeys(detailsActive, ["↑/↓ PgUp/PgDn scroll the details", "Tab/Esc back to the list", "? keys"]);

  return (
    <Box flexDirection="column">
      <FilterList
        rows={rows}
        noun="vaults"
        height={listHeight}
        loading={!list.done || !backupVaults.done}
        active={active && !detailsActive}
        initialKey={state.choices.vault?.id}
        onFocus={(row) => {
          setFocused(row);
          setNotice(undefined);
          setChosenWhenChecked(undefined);
        }}
        onShown={(shown, near) =>
          checks.want(
            [...shown, ...near].flatMap((row) => (row.kind === "recoveryServices" ? [row.vault] : [])),
          )
        }
        onBack={() => dispatch({ type: "back" })}
        renderRow={(row, isFocused) => {
          if (row.kind === "backupVault")
            return (
              <Text wrap="truncate-end" dimColor>
                {isFocused ? <Text color="cyan">❯ </Text> : "  "}
                {"[n/a    ]"} {row.vault.name.padEnd(24)} {row.vault.location.padEnd(14)} Backup vault (not a
                Recovery Services vault)
              </Text>
            );
          const badge = BADGE[checks.verdict(row.vault)?.eligibility ?? "checking"];
          return (
            <Text wrap="truncate-end">
              {isFocused ? <Text color="cyan">❯ </Text> : "  "}
              <Text color={badge.color}>[{badge.text}]</Text> {row.vault.name.padEnd(24)}{" "}
              {row.vault.location.padEnd(14)} {redundancyText(row.vault).padEnd(8)}{" "}
              <Text dimColor>{row.vault.resourceGroup}</Text>
            </Text>
          );
        }}
        onChoose={(row) => {
          if (row.kind === "backupVault") {
            setNotice(
              `${row.vault.name} is a Backup vault: v2 backup private endpoints are for Recovery Services vaults; see below.`,
            );
            return;
          }
          const verdict = checks.verdict(row.vault);
          if (verdict !== undefined) decide(row.vault, verdict);
          else {
            // Its check goes first; the choice stands once it is back.
            checks.prioritise(row.vault);
            setChosenWhenChecked(row.vault);
            setNotice(`Checking ${row.vault.name}… it is chosen as soon as its check is back.`);
          }
        }}
      />
      {list.error === undefined ? null : (
        <StatusMessage variant="error">Could not list every vault: {errorText(list.error)}</StatusMessage>
      )}
      {notice === undefined ? null : <StatusMessage variant="warning">{notice}</StatusMessage>}
      {list.done && services.adapter.inventory.fallbackNotice() !== undefined ? (
        <Text dimColor wrap="truncate-end">
          {services.adapter.inventory.fallbackNotice()}
        </Text>
      ) : null}
      {focused === undefined ? null : (
        // Lines broken here and shown in a window of fixed height: long findings never push the list off a small
        // terminal, and each vault's details replace the last one's whole.
        <Box flexDirection="column" marginTop={1}>
          <Text bold wrap="truncate-end">
            {focused.vault.name}
            <Text dimColor>
              {"  "}
              {focused.kind === "backupVault"
                ? "Backup vault (Microsoft.DataProtection)"
                : `${backupEndpointsOf(focused.vault).length} of ${MAX_BACKUP_ENDPOINTS_PER_VAULT} backup endpoints used · public access ${focused.vault.publicNetworkAccess}`}
            </Text>
          </Text>
          <ScrollingLines
            key={focused.key}
            lines={detailLines}
            height={Math.max(2, detailsHeight - 1)}
            active={detailsActive}
            arrows
            hint={detailsActive ? "↑/↓ PgUp/PgDn scroll · Tab back to the list" : "Tab to scroll them"}
          />
        </Box>
      )}
    </Box>
  );
}
