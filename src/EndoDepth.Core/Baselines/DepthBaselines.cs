using EndoDepth.Abstractions;
using EndoDepth.Datasets;
using EndoDepth.Imaging;

namespace EndoDepth.Baselines;

/// <summary>The baselines by name: parse "constant", "prior" or "shading" and fit one on a training folder.</summary>
public static class DepthBaselines
{
    /// <summary>The names <see cref="Parse"/> accepts, in <see cref="BaselineKind"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["constant", "prior", "shading"];

    /// <summary>The name of a kind ("constant", "prior", "shading").</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined kind.</exception>
    public static string Name(BaselineKind kind) => kind switch
    {
        BaselineKind.Constant => "constant",
        BaselineKind.Prior => "prior",
        BaselineKind.Shading => "shading",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a baseline kind."),
    };

    /// <summary>The kind named "constant", "prior" or "shading" (ordinal, lower case).</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static BaselineKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "constant" => BaselineKind.Constant,
            "prior" => BaselineKind.Prior,
            "shading" => BaselineKind.Shading,
            _ => throw new ArgumentException($"Unknown baseline '{name}' (expected {string.Join(", ", Names)}).",
                nameof(name)),
        };
    }

    /// <summary>
    /// Fits a baseline of the given kind on a split of a training folder (see each baseline's <c>Fit</c>).
    /// </summary>
    /// <exception cref="DatasetException">The split is empty in a split folder, the data are malformed, or no pixel is
    /// valid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined kind.</exception>
    public static IDepthEstimator Fit(BaselineKind kind, DatasetFolder folder, SplitName split,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return kind switch
        {
            BaselineKind.Constant => ConstantDepthBaseline.Fit(folder, split, progress, cancellationToken),
            BaselineKind.Prior => MeanDepthPriorBaseline.Fit(folder, split, progress, cancellationToken),
            BaselineKind.Shading => InverseSquareShadingBaseline.Fit(folder, split, progress, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a baseline kind."),
        };
    }
}
