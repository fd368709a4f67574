import { describe, expect, it } from "vitest";
import { CLOUD_NAMES, cloudFor, parseCloudName } from "../../src/core/clouds.js";
import { UserError } from "../../src/core/user-error.js";

describe("clouds", () => {
  it("knows exactly the three clouds vaultlink works in", () => {
    expect([...CLOUD_NAMES]).toEqual(["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"]);
    for (const name of CLOUD_NAMES) expect(cloudFor(name).name).toBe(name);
  });

  it("gives the global cloud's ARM endpoint, token scope, authority and DNS suffixes", () => {
    expect(cloudFor("AzureCloud")).toMatchObject({
      armEndpoint: "https://management.azure.com/",
      armTokenScope: "https://management.azure.com/.default",
      authorityHost: "https://login.microsoftonline.com",
      dnsSuffixes: {
        backup: "backup.windowsazure.com",
        blob: "blob.core.windows.net",
        queue: "queue.core.windows.net",
        blobStorage: "blob.storage.azure.net",
      },
    });
  });

  it("gives Azure Government its own endpoints and .us / usgovcloudapi.net suffixes", () => {
    expect(cloudFor("AzureUSGovernment")).toMatchObject({
      armEndpoint: "https://management.usgovcloudapi.net/",
      armTokenScope: "https://management.usgovcloudapi.net/.default",
      authorityHost: "https://login.microsoftonline.us",
      dnsSuffixes: {
        backup: "backup.windowsazure.us",
        blob: "blob.core.usgovcloudapi.net",
        queue: "queue.core.usgovcloudapi.net",
        blobStorage: null,
      },
    });
  });

  it("gives Azure China its own endpoints and .cn / chinacloudapi.cn suffixes", () => {
    expect(cloudFor("AzureChinaCloud")).toMatchObject({
      armEndpoint: "https://management.chinacloudapi.cn/",
      armTokenScope: "https://management.chinacloudapi.cn/.default",
      authorityHost: "https://login.chinacloudapi.cn",
      dnsSuffixes: {
        backup: "backup.windowsazure.cn",
        blob: "blob.core.chinacloudapi.cn",
        queue: "queue.core.chinacloudapi.cn",
        blobStorage: null,
      },
    });
  });

  it("never lets a sovereign cloud inherit a global-cloud host", () => {
    for (const name of ["AzureUSGovernment", "AzureChinaCloud"] as const) {
      const cloud = cloudFor(name);
      const hosts = [
        cloud.armEndpoint,
        cloud.armTokenScope,
        cloud.authorityHost,
        ...Object.values(cloud.dnsSuffixes),
      ];
      for (const host of hosts) {
        expect(host ?? "").not.toMatch(/windows\.net|azure\.com|microsoftonline\.com|windowsazure\.com$/);
      }
    }
  });

  it("scopes ARM tokens to the cloud's own ARM endpoint", () => {
    for (const name of CLOUD_NAMES) {
      const cloud = cloudFor(name);
      expect(cloud.armTokenScope).toBe(`${cloud.armEndpoint}.default`);
    }
  });

  it("reads cloud names case-insensitively, as az cloud set does", () => {
    expect(parseCloudName("AzureCloud")).toBe("AzureCloud");
    expect(parseCloudName("azureusgovernment")).toBe("AzureUSGovernment");
    expect(parseCloudName("AZURECHINACLOUD")).toBe("AzureChinaCloud");
    expect(parseCloudName(" AzureUSGovernment ")).toBe("AzureUSGovernment");
  });

  it("refuses an unknown cloud and lists the valid names", () => {
    for (const input of ["AzureGermanCloud", "public", ""]) {
      let caught: unknown;
      try {
        parseCloudName(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UserError);
      const userError = caught as UserError;
      expect(userError.exitCode).toBe(2);
      expect(userError.message).toContain(`"${input}"`);
      for (const name of CLOUD_NAMES) expect(userError.hint).toContain(name);
    }
  });
});
