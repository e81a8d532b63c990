using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Tests.Compute;

/// <summary>One ILGPU CPU-accelerator device shared by the tests of a collection (creating one costs ~0.5 s).</summary>
public sealed class IlgpuCpuFixture : IDisposable
{
    /// <summary>The shared device.</summary>
    public ComputeDevice Device { get; } = new(ComputeBackend.IlgpuCpu);

    /// <inheritdoc />
    public void Dispose() => Device.Dispose();
}

/// <summary>Tests that run kernels on the ILGPU CPU accelerator share one device and run sequentially.</summary>
[CollectionDefinition(Name)]
public sealed class IlgpuCpuCollection : ICollectionFixture<IlgpuCpuFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "ILGPU CPU accelerator";
}
