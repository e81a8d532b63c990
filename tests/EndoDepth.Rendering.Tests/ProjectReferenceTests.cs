namespace EndoDepth.Rendering.Tests;

public class ProjectReferenceTests
{
    [Fact]
    public void Rendering_depends_on_core_and_never_on_crf()
    {
        var refs = typeof(ProjectReferenceTests).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        var rendering = System.Reflection.Assembly.Load("EndoDepth.Rendering");
        var names = rendering.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain("EndoDepth.Crf", names);
        Assert.DoesNotContain("TorchSharp", names);
        Assert.NotNull(refs);
    }
}
