import { describe, expect, it } from "vitest";
import { checkV1Endpoints } from "../../../src/core/rules/v1-endpoints.js";
import { codes, connection, privateEndpoint, vault } from "./tenant.js";

const withSystemIdentity = {
  kind: "assigned",
  systemAssignedPrincipalId: "11111111-2222-3333-4444-555555555555",
  userAssignedIds: [],
} as const;

describe("checkV1Endpoints", () => {
  it("passes a vault without backup endpoints", () => {
    expect(checkV1Endpoints({ vault: vault(), endpointsNearBackupEndpoints: [] })).toEqual([]);
  });

  it("blocks when the v1 storage endpoints (<name>_ecs…_blob / _queue) sit next to the backup endpoint", () => {
    const findings = checkV1Endpoints({
      vault: vault({ identity: withSystemIdentity, privateEndpointConnections: [connection("pe-old")] }),
      endpointsNearBackupEndpoints: [
        privateEndpoint("pe-old"),
        privateEndpoint("pe-old_ecs1a2b_blob"),
        privateEndpoint("PE-OLD_ecs1a2b_queue"),
        privateEndpoint("pe-other_ecs_blob"),
      ],
    });
    expect(codes(findings)).toEqual(["v1-endpoints-present"]);
    expect(findings[0]?.fix).toContain("pe-old_ecs1a2b_blob");
    expect(findings[0]?.fix).toContain("PE-OLD_ecs1a2b_queue");
    expect(findings[0]?.fix).not.toContain("pe-other");
  });

  it("warns, explaining the heuristic, when backup endpoints meet a system-assigned identity", () => {
    const [finding] = checkV1Endpoints({
      vault: vault({ identity: withSystemIdentity, privateEndpointConnections: [connection("pe-a")] }),
      endpointsNearBackupEndpoints: [privateEndpoint("pe-a")],
    });
    expect(finding).toMatchObject({ severity: "warn", code: "v1-endpoints-suspected" });
    expect(finding?.message).toContain("ARM does not record");
  });

  it("passes backup endpoints on a vault without a system-assigned identity (v1 could not have made them)", () => {
    const findings = checkV1Endpoints({
      vault: vault({ privateEndpointConnections: [connection("pe-a")] }),
      endpointsNearBackupEndpoints: [privateEndpoint("pe-a")],
    });
    expect(findings).toEqual([]);
  });

  it("ignores Site Recovery endpoints", () => {
    const findings = checkV1Endpoints({
      vault: vault({
        identity: withSystemIdentity,
        privateEndpointConnections: [connection("pe-asr", "AzureSiteRecovery")],
      }),
      endpointsNearBackupEndpoints: [],
    });
    expect(findings).toEqual([]);
  });
});
