namespace EndoDepth.Rendering.Compute;

/// <summary>
/// Marks an <see cref="IKernelBody"/> that runs only under the <c>Parallel.For</c> launcher (it holds managed arrays
/// or uses CPU SIMD intrinsics) and is never compiled by ILGPU. Every other kernel body must compile for CUDA; a test
/// compiles each one to PTX offline.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
internal sealed class HostOnlyKernelAttribute : Attribute
{
    /// <summary>Marks the body with the reason it cannot run on a GPU.</summary>
    public HostOnlyKernelAttribute(string reason) { Reason = reason; }

    /// <summary>Why the body is host-only.</summary>
    public string Reason { get; }
}
