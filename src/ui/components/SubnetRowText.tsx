import { Text } from "ink";
import { terminalSafe } from "../../core/terminal-safe.js";
import { useFrameWidth } from "../frame-width.js";
import type { SubnetRow } from "../steps/endpoints/subnet-rows.js";
import { roomText } from "../steps/endpoints/subnet-rows.js";
import { fitParts } from "./frame-text.js";

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
  const columns = useFrameWidth();
  const name = terminalSafe(`${row.virtualNetwork.name}/${row.subnet.name}`).padEnd(38);
  const prefixes = row.subnet.addressPrefixes.join(",").padEnd(14);
  // The room note loses whole parts ("213 free · ") rather than letters when the window is narrow.
  // What decides (too small, the /25 advice) stays longest; then how many fit, the NSG note, the free count.
  const parts = `${roomText(row)}${policies}`.split(" · ");
  const room =
    columns === undefined
      ? parts.join(" · ")
      : fitParts(
          parts.map((text, i) => ({ text, drop: text === policies.slice(3) ? 1.5 : parts.length - 1 - i })),
          Math.max(8, columns - 1 - 6 - name.length - 1 - prefixes.length - 1),
        );
  return (
    <Text wrap="truncate-end" dimColor={row.blocked && !focused}>
      {focused ? <Text color="cyan">❯ </Text> : "  "}
      {picked === undefined ? "" : picked ? "[x] " : "[ ] "}
      {name} {prefixes} <Text color={color}>{room}</Text>
    </Text>
  );
}
