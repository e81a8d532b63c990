using BenchmarkDotNet.Running;

// Run with a filter, e.g.:  dotnet run -c Release --project benchmarks/EndoDepth.Benchmarks -- --filter '*Metrics*'
// (without --filter the switcher asks interactively).
// `quality` runs the cinematic renderer's image-quality-per-second study instead (Cinematic/RenderQualityStudy.cs).
if (args.Length > 0 && args[0] == "quality") return EndoDepth.Benchmarks.Cinematic.RenderQualityStudy.Run(args);
// `fdk-cpu-time` times FdkBenchmarks.Fdk256's case by wall clock and CPU time (Tomography/FdkCpuTime.cs).
if (args.Length > 0 && args[0] == "fdk-cpu-time") return EndoDepth.Benchmarks.Tomography.FdkCpuTime.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
