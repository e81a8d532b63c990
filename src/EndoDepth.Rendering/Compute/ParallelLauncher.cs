namespace EndoDepth.Rendering.Compute;

/// <summary>
/// The CPU launcher: runs a kernel body over [0, length) with <c>Parallel.For</c> on contiguous chunks (a few per core,
/// so that uneven per-index cost balances without a delegate call per index).
/// </summary>
public static class ParallelLauncher
{
    /// <summary>Runs <paramref name="body"/> for every index in [0, <paramref name="length"/>) on the calling
    /// thread.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative length.</exception>
    public static void RunSequential<TBody>(int length, TBody body) where TBody : struct, IKernelBody
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        for (var i = 0; i < length; i++) body.Execute(i);
    }

    /// <summary>Runs <paramref name="body"/> for every index in [0, <paramref name="length"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative length.</exception>
    public static void Run<TBody>(int length, TBody body) where TBody : struct, IKernelBody
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0) return;
        var chunks = Math.Min(length, Environment.ProcessorCount * 16);
        if (chunks <= 1)
        {
            for (var i = 0; i < length; i++) body.Execute(i);
            return;
        }
        Parallel.For(0, chunks, c =>
        {
            var b = body;
            var start = (int)((long)length * c / chunks);
            var end = (int)((long)length * (c + 1) / chunks);
            for (var i = start; i < end; i++) b.Execute(i);
        });
    }
}
