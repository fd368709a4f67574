import { StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useEffect, useMemo, useState } from "react";
import { backupEndpointsOf } from "../../../core/backup-connections.js";
import type { BackupVault, Vault } from "../../../core/inventory.js";
import { MAX_BACKUP_ENDPOINTS_PER_VAULT } from "../../../core/rules/endpoint-limits.js";
import { backupVaultCheck, readVaultEligibility } from "../../../engine/check-vaults.js";
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

function redundancyText(vault: Vault): string {
  return `${vault.redundancy ?? "?"}${vault.crossRegionRestore ? "+CRR" : ""}`;
}

/** Step 2: every Recovery Services vault in the chosen subscriptions, each checked against the prerequisite rules. */
export function VaultStep({ state, dispatch, services, active, height }: StepProps) {
  const subscriptions = state.choices.subscriptionIds ?? [];
  const list = usePages(subscriptions.join(","), () => [services.adapter.inventory.vaults(subscriptions)]);
  const backupVaults = usePages(subscriptions.join(","), () => [
    services.adapter.inventory.backupVaults(subscriptions),
  ]);
  const [checks, setChecks] = useState<ReadonlyMap<string, Checked>>(new Map());
  const [focused, setFocused] = useState<VaultRow | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  // Tab gives the keyboard to the focused vault's details, which scroll with the keys of every page.
  const [inDetails, setInDetails] = useState(false);
  const width = (useFrameWidth() ?? 100) - 1;

  // Each vault is checked as soon as it streams in; the badges fill in one by one.
  useEffect(() => {
    for (const vault of list.items) {
      if (checks.has(vault.id)) continue;
      setChecks((m) => new Map(m).set(vault.id, { kind: "checking" }));
      readVaultEligibility(services.adapter, vault).then(
        (verdict) => setChecks((m) => new Map(m).set(vault.id, { kind: "checked", ...verdict })),
        (error: unknown) =>
          setChecks((m) =>
            new Map(m).set(vault.id, {
              kind: "checked",
              eligibility: "needsDecision",
              findings: [
                {
                  severity: "warn",
                  code: "vault-check-failed",
                  message: `Could not check ${vault.name}: ${errorText(error)}`,
                  fix: "Check that the signed-in identity can read the vault and its backup items.",
                  source:
                    "https://learn.microsoft.com/azure/backup/backup-rbac-rs-vault (the roles that read a vault)",
                  subject: vault.id,
                },
              ],
            }),
          ),
      );
    }
  }, [list.items, checks, services.adapter]);

  const rows = useMemo(
    () => [
      ...list.items.map(
        (vault): VaultRow => ({
          kind: "recoveryServices",
          key: vault.id,
          searchText: `${vault.name} ${vault.location} ${vault.resourceGroup}`.toLowerCase(),
          vault,
        }),
      ),
      ...backupVaults.items.map(
        (vault): VaultRow => ({
          kind: "backupVault",
          key: vault.id,
          searchText: `${vault.name} ${vault.location} ${vault.resourceGroup} backup vault`.toLowerCase(),
          vault,
        }),
      ),
    ],
    [list.items, backupVaults.items],
  );

  const detailsHeight = Math.max(4, Math.floor(height / 2));
  const listHeight = Math.max(3, height - detailsHeight - 2);
  const focusedCheck: Checked | undefined =
    focused === undefined
      ? undefined
      : focused.kind === "backupVault"
        ? { kind: "checked", ...backupVaultCheck(focused.vault) }
        : checks.get(focused.vault.id);
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
        }}
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
          const check = checks.get(row.vault.id);
          const badge = BADGE[check?.kind === "checked" ? check.eligibility : "checking"];
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
          const check = checks.get(row.vault.id);
          if (check?.kind !== "checked") setNotice(`${row.vault.name} is still being checked; a moment…`);
          else if (check.eligibility === "blocked")
            setNotice(
              `${row.vault.name} cannot be used for backup private endpoints: see what blocks it and the fix below.`,
            );
          else dispatch({ type: "vaultChosen", vault: row.vault });
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
