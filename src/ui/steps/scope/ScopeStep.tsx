import { Spinner, StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useEffect, useState } from "react";
import type { Subscription } from "../../../core/inventory.js";
import { PickMany } from "../../components/PickMany.js";
import { errorText, isMissingCredential } from "../../error-text.js";
import { useKeys } from "../../keys.js";
import { usePages } from "../../use-pages.js";
import type { StepProps } from "../step-props.js";

export interface ScopeStepProps extends StepProps {
  /** Called when no Azure credential could be found: the app then offers the sandbox. */
  readonly onCredentialMissing: (message: string) => void;
}

function initialSelection(
  subscriptions: readonly Subscription[],
  earlier: readonly string[] | undefined,
  given: readonly string[],
): string[] {
  const ids = new Set(subscriptions.map((s) => s.subscriptionId.toLowerCase()));
  const wanted = earlier ?? (given.length > 0 ? given : undefined);
  if (wanted !== undefined)
    return subscriptions
      .filter((s) => wanted.some((w) => w.toLowerCase() === s.subscriptionId.toLowerCase()))
      .map((s) => s.subscriptionId);
  return subscriptions
    .filter((s) => s.state === "Enabled" && ids.has(s.subscriptionId.toLowerCase()))
    .map((s) => s.subscriptionId);
}

/** Step 1: who vaultlink works as (never the token) and which subscriptions it reads. */
export function ScopeStep({
  state,
  dispatch,
  services,
  active,
  height,
  onCredentialMissing,
}: ScopeStepProps) {
  const list = usePages("subscriptions", () => [services.adapter.listSubscriptions()]);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (list.error !== undefined && isMissingCredential(list.error))
      onCredentialMissing(errorText(list.error));
  }, [list.error, onCredentialMissing]);
  useKeys(() => setProblem(undefined), { isActive: active && problem !== undefined });

  const tenants = [...new Set(list.items.map((s) => s.tenantId).filter((t) => t !== undefined))];
  return (
    <Box flexDirection="column">
      <Text>
        Working against: <Text bold>{services.targetDescription}</Text>
      </Text>
      {tenants.length > 0 ? <Text>Tenant: {tenants.join(", ")}</Text> : null}
      <Text> </Text>
      {!list.done ? <Spinner label={`Reading subscriptions… ${list.items.length} so far`} /> : null}
      {list.done && list.error !== undefined ? (
        <StatusMessage variant="error">Could not list subscriptions: {errorText(list.error)}</StatusMessage>
      ) : null}
      {list.done && list.error === undefined && list.items.length === 0 ? (
        <StatusMessage variant="warning">
          The signed-in identity sees no subscription. Sign in with another account (az login) or ask for
          Reader on one.
        </StatusMessage>
      ) : null}
      {list.done && list.items.length > 0 ? (
        <Box flexDirection="column">
          <Text>Subscriptions to read vaults and networks from (Space toggles, Enter continues):</Text>
          <PickMany
            isDisabled={!active}
            visibleOptionCount={Math.max(3, height - 4)}
            options={list.items.map((s) => ({
              value: s.subscriptionId,
              label: `${s.displayName}  ${s.subscriptionId}${s.state === "Enabled" ? "" : `  (${s.state}: read-only)`}`,
            }))}
            defaultValue={initialSelection(
              list.items,
              state.choices.subscriptionIds,
              services.preselectedSubscriptions,
            )}
            onSubmit={(ids) => {
              if (ids.length === 0)
                setProblem("Pick at least one subscription with Space, then press Enter.");
              else dispatch({ type: "scopeChosen", subscriptionIds: ids });
            }}
          />
          {problem === undefined ? null : <StatusMessage variant="warning">{problem}</StatusMessage>}
        </Box>
      ) : null}
    </Box>
  );
}
