namespace EndoDepth.Rendering.Compute;

/// <summary>Which launcher runs the library's kernels. Chosen once per <see cref="ComputeDevice"/>.</summary>
public enum ComputeBackend
{
    /// <summary>
    /// CUDA when an NVIDIA GPU is present, otherwise <see cref="ParallelFor"/> (ILGPU 1.5.3's CPU accelerator runs
    /// one OS thread per simulated GPU thread and measured 3–20× slower than a plain <c>Parallel.For</c> here).
    /// </summary>
    Auto = 0,

    /// <summary>ILGPU on the first CUDA device; fails when there is none.</summary>
    Cuda = 1,

    /// <summary>ILGPU's CPU accelerator: the same compiled kernel as on the GPU, run on the CPU (tests,
    /// debugging).</summary>
    IlgpuCpu = 2,

    /// <summary>No ILGPU: each kernel body is called from
    /// <see cref="System.Threading.Tasks.Parallel.For(int, int, Action{int})"/>.</summary>
    ParallelFor = 3,
}
