namespace EndoDepth.Rendering.Compute;

/// <summary>
/// A kernel body: a value type holding everything one launch needs (settings structs and element views) whose
/// <see cref="Execute"/> does the work of one index (one pixel, one voxel). The same body type, instantiated over
/// <see cref="HostView{T}"/> or <see cref="DeviceView{T}"/> storage, runs under <c>Parallel.For</c> and as an ILGPU
/// kernel (see <see cref="ComputeDevice.Launch{TBody}"/>). Implementations forward to one static method over value
/// types, must not allocate, throw, recurse or use classes (nor BCL helpers that may throw, such as
/// <c>Math.Clamp</c>: ILGPU rejects the throw), and must write only their own index's outputs so that
/// results do not depend on scheduling.
/// </summary>
public interface IKernelBody
{
    /// <summary>Does the work of element <paramref name="index"/> (0 ≤ index &lt; launch length).</summary>
    void Execute(int index);
}
