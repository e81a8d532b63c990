namespace EndoDepth.Crf.Tests;

/// <summary>All torch tests run in this one sequential collection (parallel torch use in one test host crashed in
/// TorchSharp's own suite).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch";
}
