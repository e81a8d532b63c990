namespace EndoDepth.Crf.Tests;

public class ProjectReferenceTests
{
    [Fact]
    public void Crf_depends_on_core_and_never_on_rendering()
    {
        var crf = System.Reflection.Assembly.Load("EndoDepth.Crf");
        var names = crf.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain("EndoDepth.Rendering", names);
        Assert.DoesNotContain("ILGPU", names);
    }
}
