// Each CLI run is in-process with its own writers, environment, config path, clock and emulator, and no test sets a
// process-wide variable, so tests run side by side, within a fixture too (a test that sets MAGIC_HOUR_* must be [NonParallelizable]).
[assembly: NUnit.Framework.Parallelizable(NUnit.Framework.ParallelScope.All)]
[assembly: NUnit.Framework.LevelOfParallelism(3)]
