global using MagicHour.SpecDrift;
global using NUnit.Framework;
