using System.Reflection;
using EndoDepth.Experiments;

namespace EndoDepth.Architecture.Tests;

/// <summary>
/// Dependencies point downward only: the CLI → Experiments → {Rendering, Crf} → Core, the CLI → Registration →
/// {Rendering, Core}, the CLI → Video.OpenCv → Core, and Rendering and Crf never
/// reference each other.
/// </summary>
public sealed class ProjectReferenceTests
{
    private static List<string?> References(Assembly a) => a.GetReferencedAssemblies().Select(n => n.Name).ToList();

    [Fact]
    public void Experiments_references_core_rendering_and_crf()
    {
        var names = References(typeof(ExperimentRunner).Assembly);
        Assert.Contains("EndoDepth.Core", names);
        Assert.Contains("EndoDepth.Rendering", names);
        Assert.Contains("EndoDepth.Crf", names);
        Assert.DoesNotContain("endodepth", names);
    }

    [Fact]
    public void Core_references_no_other_endodepth_assembly()
    {
        var core = References(Assembly.Load("EndoDepth.Core"));
        Assert.DoesNotContain(core, n => n is not null && n.StartsWith("EndoDepth", StringComparison.Ordinal));
        Assert.DoesNotContain("endodepth", core);
    }

    [Fact]
    public void Rendering_and_crf_reference_neither_each_other_nor_experiments()
    {
        var rendering = References(Assembly.Load("EndoDepth.Rendering"));
        var crf = References(Assembly.Load("EndoDepth.Crf"));
        Assert.DoesNotContain("EndoDepth.Crf", rendering);
        Assert.DoesNotContain("EndoDepth.Experiments", rendering);
        Assert.DoesNotContain("EndoDepth.Rendering", crf);
        Assert.DoesNotContain("EndoDepth.Experiments", crf);
    }

    [Fact]
    public void The_cli_references_experiments()
    {
        var cli = References(Assembly.Load("endodepth"));
        Assert.Contains("EndoDepth.Experiments", cli);
    }

    [Fact]
    public void Registration_references_core_and_rendering_only()
    {
        var registration = References(Assembly.Load("EndoDepth.Registration"));
        Assert.Contains("EndoDepth.Core", registration);
        Assert.Contains("EndoDepth.Rendering", registration);
        Assert.DoesNotContain("EndoDepth.Crf", registration);
        Assert.DoesNotContain("EndoDepth.Experiments", registration);
        Assert.DoesNotContain("endodepth", registration);
        foreach (var other in new[] { "EndoDepth.Core", "EndoDepth.Rendering", "EndoDepth.Crf", "EndoDepth.Experiments" })
            Assert.DoesNotContain("EndoDepth.Registration", References(Assembly.Load(other)));
    }

    [Fact]
    public void The_cli_references_registration() =>
        Assert.Contains("EndoDepth.Registration", References(Assembly.Load("endodepth")));

    [Fact]
    public void The_video_adapter_references_core_only_and_nothing_references_it_but_the_cli()
    {
        var video = References(Assembly.Load("EndoDepth.Video.OpenCv"));
        Assert.Contains("EndoDepth.Core", video);
        Assert.DoesNotContain(video, n => n is not null && n.StartsWith("EndoDepth", StringComparison.Ordinal)
            && n != "EndoDepth.Core");
        foreach (var other in new[] { "EndoDepth.Core", "EndoDepth.Rendering", "EndoDepth.Crf", "EndoDepth.Experiments",
                     "EndoDepth.Registration" })
            Assert.DoesNotContain("EndoDepth.Video.OpenCv", References(Assembly.Load(other)));
        Assert.Contains("EndoDepth.Video.OpenCv", References(Assembly.Load("endodepth")));
        // Core reads video through its own interface and takes no codec dependency.
        Assert.DoesNotContain(References(Assembly.Load("EndoDepth.Core")),
            n => n is not null && n.StartsWith("OpenCvSharp", StringComparison.Ordinal));
    }
}
