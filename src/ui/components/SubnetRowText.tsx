import { Text } from "ink";
import { terminalSafe } from "../../core/terminal-safe.js";
import type { SubnetRow } from "../steps/endpoints/subnet-rows.js";
import { roomText } from "../steps/endpoints/subnet-rows.js";

/** One subnet in a list: picked or not, where it is, its prefix, its room, and a mark when it is blocked. */
export function SubnetRowText({
  row,
  focused,
  picked,
}: {
  readonly row: SubnetRow;
  readonly focused: boolean;
  readonly picked: boolean | undefined;
}) {
  const color = row.blocked
    ? "red"
    : row.headroom?.verdict === "fitsBelowRecommendation"
      ? "yellow"
      : "green";
  const policies = row.findings.some((f) => f.code === "endpoint-network-policies-on")
    ? " · NSG applies"
    : "";
  return (
    <Text wrap="truncate-end" dimColor={row.blocked && !focused}>
      {focused ? <Text color="cyan">❯ </Text> : "  "}
      {picked === undefined ? "" : picked ? "[x] " : "[ ] "}
      {terminalSafe(`${row.virtualNetwork.name}/${row.subnet.name}`).padEnd(38)}{" "}
      {row.subnet.addressPrefixes.join(",").padEnd(14)} <Text color={color}>{roomText(row)}</Text>
      {policies}
    </Text>
  );
}
