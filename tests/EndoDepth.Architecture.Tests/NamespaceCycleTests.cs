using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.Slices.SliceRuleDefinition;

namespace EndoDepth.Architecture.Tests;

/// <summary>
/// Inside each assembly, namespaces depend on one another without cycles: every namespace (nested ones included,
/// e.g. <c>EndoDepth.IO.Dicom</c> apart from <c>EndoDepth.IO</c>) is one slice, and the dependencies between the
/// slices, from signatures and method bodies alike, form a directed acyclic graph.
/// </summary>
public sealed class NamespaceCycleTests
{
    [Theory]
    [InlineData("EndoDepth.Core")]
    [InlineData("EndoDepth.Crf")]
    [InlineData("EndoDepth.Experiments")]
    [InlineData("endodepth")]
    [InlineData("EndoDepth.Rendering")]
    [InlineData("EndoDepth.Registration")]
    [InlineData("EndoDepth.Video.OpenCv")]
    public void Namespaces_of_an_assembly_form_no_cycle(string assemblyName)
    {
        var architecture = new ArchLoader().LoadAssemblies(System.Reflection.Assembly.Load(assemblyName)).Build();
        Slices().Matching("EndoDepth.(**)").Should().BeFreeOfCycles().Check(architecture);
    }
}
