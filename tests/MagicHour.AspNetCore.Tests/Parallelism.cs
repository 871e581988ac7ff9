// The emulator wait tests mostly wait on loopback I/O and a fake clock, so four of them run side by side.
[assembly: NUnit.Framework.LevelOfParallelism(4)]
