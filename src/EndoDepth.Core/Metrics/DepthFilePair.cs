namespace EndoDepth.Metrics;

/// <summary>A predicted depth file and its ground truth, paired by name.</summary>
/// <param name="Name">The shared file name without extension.</param>
/// <param name="Prediction">Full path of the prediction (.npy or 16-bit .png).</param>
/// <param name="GroundTruth">Full path of the ground truth (.npy or 16-bit .png).</param>
public sealed record DepthFilePair(string Name, string Prediction, string GroundTruth);
