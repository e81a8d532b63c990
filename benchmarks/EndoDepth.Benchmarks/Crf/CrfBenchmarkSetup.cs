using EndoDepth.Crf.Runtime;

namespace EndoDepth.Benchmarks.Crf;

/// <summary>
/// Shared start-up of the CNN-CRF benchmarks: torch loaded once with 2 threads (the CI machine's cores).
/// </summary>
internal static class CrfBenchmarkSetup
{
    public static void Initialize() => TorchRuntime.Initialize(threads: 2);
}
