global using MagicHour.SpecDrift;
global using MagicHour.SpecSync;
global using NUnit.Framework;
