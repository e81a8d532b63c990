using System.Reflection;
using EndoDepth.Rendering.Compute;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace EndoDepth.Rendering.Tests.Compute;

/// <summary>
/// Compiles every kernel body of the library to PTX offline, through the same entry point the CUDA launcher loads
/// (<see cref="ComputeDevice.IlgpuEntry{TBody}"/>), with ILGPU's <see cref="PTXBackend"/> and a
/// <see cref="CudaCapabilityContext"/>: no GPU is needed. The kernels run on the ILGPU CPU accelerator in other tests,
/// but that accelerator accepts constructs the PTX backend rejects; this catches them before a GPU is ever lent.
/// </summary>
public sealed class PtxCompilationTests
{
    /// <summary>An H100 (sm_90; ILGPU 1.5.3 emits sm_80 code for it, which the driver JIT-compiles) and the oldest
    /// architecture the CUDA 12 toolchain targets (sm_50).</summary>
    private static readonly (CudaArchitecture Arch, CudaInstructionSet Isa)[] Targets =
    [
        (CudaArchitecture.SM_90, CudaInstructionSet.ISA_80),
        (CudaArchitecture.SM_50, CudaInstructionSet.ISA_80),
    ];

    /// <summary>Every kernel body of the rendering assembly, closed over device storage where it is generic.</summary>
    public static TheoryData<string> DeviceKernelBodies()
    {
        var data = new TheoryData<string>();
        foreach (var type in KernelBodyTypes()) data.Add(type.FullName!);
        return data;
    }

    [Fact]
    public void The_library_has_device_kernel_bodies_and_marks_its_host_only_ones()
    {
        var all = typeof(IKernelBody).Assembly.GetTypes()
            .Where(t => t.IsValueType && typeof(IKernelBody).IsAssignableFrom(t)).ToArray();
        var hostOnly = all.Where(t => t.GetCustomAttribute<HostOnlyKernelAttribute>() is not null).ToArray();
        Assert.NotEmpty(hostOnly);
        Assert.True(all.Length - hostOnly.Length >= 5, $"found {all.Length - hostOnly.Length} device kernel bodies");
        // A body that holds a managed reference cannot run under ILGPU: it must say so with the attribute.
        foreach (var t in all.Except(hostOnly))
            Assert.DoesNotContain(t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic),
                f => !f.FieldType.IsValueType && !f.FieldType.IsGenericParameter);
    }

    [Theory]
    [MemberData(nameof(DeviceKernelBodies))]
    public void Kernel_body_compiles_to_ptx(string bodyName)
    {
        var body = KernelBodyTypes().Single(t => t.FullName == bodyName);
        var entry = typeof(ComputeDevice).GetMethod(nameof(ComputeDevice.IlgpuEntry),
            BindingFlags.Static | BindingFlags.NonPublic)!.MakeGenericMethod(body);
        using var context = Context.Create(b => b.Cuda().EnableAlgorithms());
        foreach (var (arch, isa) in Targets)
        {
            using var backend = new PTXBackend(context, new CudaCapabilityContext(arch), arch, isa, nvvmAPI: null);
            var compiled = (PTXCompiledKernel)backend.Compile(
                EntryPointDescription.FromImplicitlyGroupedKernel(entry), KernelSpecialization.Empty);
            Assert.Contains(".entry", compiled.PTXAssembly, StringComparison.Ordinal);
            Assert.Contains(".target sm_", compiled.PTXAssembly, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The rendering assembly's kernel bodies without <see cref="HostOnlyKernelAttribute"/>, each generic parameter
    /// constrained to <see cref="IElementView{T}"/> closed with <see cref="DeviceView{T}"/> (what the CUDA launcher
    /// instantiates).
    /// </summary>
    private static IEnumerable<Type> KernelBodyTypes()
    {
        foreach (var t in typeof(IKernelBody).Assembly.GetTypes())
        {
            if (!t.IsValueType || !typeof(IKernelBody).IsAssignableFrom(t)) continue;
            if (t.GetCustomAttribute<HostOnlyKernelAttribute>() is not null) continue;
            if (!t.IsGenericTypeDefinition) { yield return t; continue; }
            var args = t.GetGenericArguments().Select(p =>
            {
                var view = p.GetGenericParameterConstraints().Single(c =>
                    c.IsGenericType && c.GetGenericTypeDefinition() == typeof(IElementView<>));
                return typeof(DeviceView<>).MakeGenericType(view.GetGenericArguments()[0]);
            }).ToArray();
            yield return t.MakeGenericType(args);
        }
    }
}
