import { describe, expect, it } from "vitest";
import { entraIdFqdns, firewallGuidance } from "../../../src/core/guidance/entra-id-firewall.js";

describe("firewallGuidance", () => {
  it("allows the Entra ID FQDNs of endpoint sets 56 and 59 on HTTPS from the workload subnets", () => {
    const guidance = firewallGuidance({ sourceAddresses: ["10.1.2.0/24"], marsAgent: false });
    expect(guidance.applicationRules).toHaveLength(1);
    const [entra] = guidance.applicationRules;
    expect(entra?.targetFqdns).toEqual(
      expect.arrayContaining([
        "login.microsoftonline.com",
        "login.windows.net",
        "*.msftauth.net",
        "*.login.microsoft.com",
      ]),
    );
    expect(entra?.sourceAddresses).toEqual(["10.1.2.0/24"]);
    expect(guidance.source).toContain("endpoint sets 56 and 59");
    expect(guidance.azCliCommands[0]).toContain("'login.microsoftonline.com'");
    expect(guidance.azCliCommands[0]).toContain("--protocols Https=443");
    expect(guidance.serviceTagAlternative).toContain("--destination-addresses AzureActiveDirectory");
  });

  it("adds the MARS update host, explaining that application rules cannot filter the path", () => {
    const guidance = firewallGuidance({ sourceAddresses: [], marsAgent: true });
    expect(guidance.applicationRules.map((r) => r.targetFqdns)).toContainEqual(["download.microsoft.com"]);
    expect(guidance.notes.join(" ")).toContain("download.microsoft.com/download/MARSagent/*");
    expect(guidance.azCliCommands[1]).toContain("collection rule add");
    expect(guidance.azCliCommands[1]).toContain("<workload-subnet-prefix>");
  });

  it("lists each FQDN once", () => {
    const fqdns = entraIdFqdns();
    expect(new Set(fqdns).size).toBe(fqdns.length);
  });
});
