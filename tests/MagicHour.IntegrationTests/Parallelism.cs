// Every test starts its own emulator, client and temp directory and mostly waits on loopback I/O, so tests run side by side (BadInputTests, which sets MAGIC_HOUR_* variables, runs alone).
[assembly: NUnit.Framework.Parallelizable(NUnit.Framework.ParallelScope.All)]
[assembly: NUnit.Framework.LevelOfParallelism(4)]
