using EndoDepth.Experiments;
using EndoDepth.Cli.Tests.StandIn;
using EndoDepth.Experiments.Results;

namespace EndoDepth.Cli.Tests.Experiments;

/// <summary>One tiny stand-in run of the whole protocol, shared by the end-to-end tests.</summary>
public sealed class TinyExperimentFixture : IDisposable
{
    /// <summary>The temporary root.</summary>
    public TempFolder Temp { get; } = new();

    /// <summary>The run's folder.</summary>
    public string Root => Temp["run-a"];

    /// <summary>Its results.</summary>
    public ExperimentResults Results { get; }

    /// <summary>Stages reported through progress.</summary>
    public HashSet<string> Stages { get; } = [];

    /// <summary>Runs the experiment.</summary>
    public TinyExperimentFixture()
    {
        Results = new ExperimentRunner(StandInParts.Create(), ExperimentScale.Tiny, Root, seed: 5)
            .Run(new ProgressRelay<StageProgress>(p => { lock (Stages) Stages.Add(p.Stage); }));
    }

    /// <inheritdoc />
    public void Dispose() => Temp.Dispose();
}
