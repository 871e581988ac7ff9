// Fixtures own their emulator (per fixture or per test); tests inside a fixture share it, so only fixtures run side by side.
[assembly: NUnit.Framework.Parallelizable(NUnit.Framework.ParallelScope.Fixtures)]
[assembly: NUnit.Framework.LevelOfParallelism(4)]
