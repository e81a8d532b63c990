using ILGPU;
using ILGPU.Runtime;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Tests.Compute;

/// <summary>A small kernel: y[i] = a·sin(x[i]) + i, the pattern every kernel of the library follows.</summary>
public struct SineBody<TIn, TOut> : IKernelBody
    where TIn : struct, IElementView<float>
    where TOut : struct, IElementView<float>
{
    public TIn X;
    public TOut Y;
    public float A;

    public readonly void Execute(int index) => Y.Store(index, Compute(X.Load(index), A, index));

    public static float Compute(float x, float a, int i) => a * MathF.Sin(x) + i;
}

[Collection(IlgpuCpuCollection.Name)]
public sealed class ComputeDeviceTests(IlgpuCpuFixture fixture)
{
    private static float[] Input(int n) => Enumerable.Range(0, n).Select(i => i * 0.37f - 5f).ToArray();

    [Fact]
    public void ParallelFor_matches_the_analytic_value()
    {
        using var device = new ComputeDevice(ComputeBackend.ParallelFor);
        var x = Input(1000); var y = new float[x.Length];
        device.Launch(x.Length, new SineBody<HostView<float>, HostView<float>> { X = new(x), Y = new(y), A = 2f });
        for (var i = 0; i < x.Length; i++) Assert.Equal(2f * MathF.Sin(x[i]) + i, y[i], 1e-4f);
        Assert.False(device.UsesIlgpu);
    }

    [Fact]
    public void Ilgpu_cpu_accelerator_and_ParallelFor_agree()
    {
        var device = fixture.Device;
        Assert.Equal(ComputeBackend.IlgpuCpu, device.Backend);
        var x = Input(777);
        var expected = new float[x.Length];
        ParallelLauncher.Run(x.Length,
            new SineBody<HostView<float>, HostView<float>> { X = new(x), Y = new(expected), A = -1.5f });
        using var xb = device.Accelerator.Allocate1D(x);
        using var yb = device.Accelerator.Allocate1D<float>(x.Length);
        for (var rep = 0; rep < 2; rep++) // the second launch uses the cached kernel
        {
            device.Launch(x.Length,
                new SineBody<DeviceView<float>, DeviceView<float>> { X = new(xb.View), Y = new(yb.View), A = -1.5f });
            var got = yb.GetAsArray1D();
            for (var i = 0; i < x.Length; i++) Assert.Equal(expected[i], got[i], 1e-4f);
        }
    }

    [Fact]
    public void Auto_resolves_to_cuda_only_when_present()
    {
        using var device = new ComputeDevice();
        var expected = ComputeDevice.IsCudaAvailable() ? ComputeBackend.Cuda : ComputeBackend.ParallelFor;
        Assert.Equal(expected, device.Backend);
        Assert.Equal(expected != ComputeBackend.ParallelFor, device.UsesIlgpu);
    }

    [Fact]
    public void ParallelFor_device_has_no_accelerator_and_empty_launch_is_a_no_op()
    {
        using var device = new ComputeDevice(ComputeBackend.ParallelFor);
        Assert.Throws<InvalidOperationException>(() => device.Accelerator);
        device.Launch(0, new SineBody<HostView<float>, HostView<float>> { X = new([]), Y = new([]) });
        Assert.Throws<ArgumentOutOfRangeException>(
            () => device.Launch(-1, new SineBody<HostView<float>, HostView<float>>()));
    }
}
