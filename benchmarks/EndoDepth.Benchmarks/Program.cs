using BenchmarkDotNet.Running;

// Run with a filter, e.g.:  dotnet run -c Release --project benchmarks/EndoDepth.Benchmarks -- --filter '*Metrics*'
// (without --filter the switcher asks interactively).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
