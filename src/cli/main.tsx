process.stdout.write("vaultlink\n");
