using EndoDepth.Randomness;

namespace EndoDepth.Experiments;

/// <summary>
/// The seed streams of an experiment run. Every random choice of a run draws its seed from
/// <see cref="Seed.Derive"/>(master seed, one of these streams, index), so two uses never share a seed and a stage's
/// seed does not depend on which other stages ran.
/// </summary>
internal static class ExperimentStreams
{
    /// <summary>Where the run's phantom seed ranges start (<see cref="ExperimentProtocol"/>).</summary>
    public const long PhantomRanges = 0;

    /// <summary>The synthetic pre-training images.</summary>
    public const long SyntheticImages = 1;

    /// <summary>The cinematic fine-tuning renders.</summary>
    public const long FineTuningRenders = 2;

    /// <summary>The rendered test scenes of Table 1.</summary>
    public const long TestRenders = 3;

    /// <summary>The unseen-domain renders of Tables 2–3.</summary>
    public const long UnseenRenders = 4;

    /// <summary>Pre-training on a synthetic set; the index is the set's size.</summary>
    public const long Pretraining = 10;

    /// <summary>Fine-tuning on the four presets' renders; the index is the pre-training set's size.</summary>
    public const long FineTuning = 20;

    /// <summary>Table 3's fine-tuning on one rendering per scene.</summary>
    public const long FineTuningOneRendering = 31;

    /// <summary>Table 3's fine-tuning on four renderings of a quarter of the scenes.</summary>
    public const long FineTuningFourRenderings = 34;

    /// <summary>The presets of the unseen domain.</summary>
    public const long UnseenPresets = 99;

    /// <summary>Random presets; the index is the preset's position in the list.</summary>
    public const long RandomPresets = 100;

    /// <summary>The camera views sampled along a phantom's centerline from one view seed.</summary>
    public const long CameraViews = 101;
}
