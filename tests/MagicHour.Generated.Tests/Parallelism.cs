// Fixtures share nothing but the process (PipelineTests, which sets MAGIC_HOUR_* variables, runs alone); tests inside a fixture may share its fields.
[assembly: NUnit.Framework.Parallelizable(NUnit.Framework.ParallelScope.Fixtures)]
[assembly: NUnit.Framework.LevelOfParallelism(4)]
