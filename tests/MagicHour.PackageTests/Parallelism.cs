// Fixtures run side by side (most of their time is Roslyn compiles, emulator round trips and process starts).
// Alone: TelemetryTests (a process-wide ActivityListener would see every fixture's spans) and the tests that set
// MAGIC_HOUR_* variables, which every client reads.
[assembly: NUnit.Framework.Parallelizable(NUnit.Framework.ParallelScope.Fixtures)]
[assembly: NUnit.Framework.LevelOfParallelism(3)]
